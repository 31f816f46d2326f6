// Files that are either all there or not there: write a temporary file, flush it to disk, rename it
// over the target. A host killed at any point leaves the old file or the new one (and maybe a
// stray temporary file, which readers skip).
import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';

export const TEMP_SUFFIX = '.tmp';

export async function writeFileAtomic(path: string, data: string | Buffer): Promise<void> {
  const temp = `${path}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`;
  try {
    const file = await open(temp, 'w');
    try {
      await file.writeFile(data);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
