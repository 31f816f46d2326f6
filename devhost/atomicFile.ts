// Files that are either all there or not there: write a temporary file, flush it to disk, rename it
// over the target. A host killed at any point leaves the old file or the new one (and maybe a
// stray temporary file, which readers skip).
//
// Files holding secrets (keys, mail with live approval links) are written for their owner only
// (0600) into folders only the owner can list (0700): a shared machine's other users must not read them.
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';

export const TEMP_SUFFIX = '.tmp';
export const PRIVATE_FILE = 0o600;
export const PRIVATE_DIR = 0o700;

export async function writeFileAtomic(
  path: string,
  data: string | Buffer,
  options: { mode?: number } = {},
): Promise<void> {
  const temp = `${path}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`;
  try {
    const file = await open(temp, 'w', options.mode ?? 0o644);
    try {
      // the creation mode passes through the umask; a private file must be private whatever it is
      if (options.mode !== undefined) await file.chmod(options.mode);
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

/** Creates the folder (and missing parents) for its owner only, and tightens it if it already existed. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR });
  chmodSync(dir, PRIVATE_DIR);
}
