// A pid lock file: refuses a second live owner, takes over from one that died (e.g. SIGKILL).
import { mkdir, open, readFile, rm } from 'node:fs/promises';
import { dirname } from 'node:path';

export interface DirectoryLock {
  release(): Promise<void>;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function acquireDirectoryLock(lockPath: string, what: string): Promise<DirectoryLock> {
  await mkdir(dirname(lockPath), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(lockPath, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return { release: () => rm(lockPath, { force: true }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number((await readFile(lockPath, 'utf8').catch(() => '')).trim());
      if (owner && owner !== process.pid && isAlive(owner)) {
        throw new Error(
          `${what} is in use by process ${owner} (lock ${lockPath}). Stop that process (often a running ` +
            '`npm start`) or set DATABASE_URL to use a PostgreSQL server.',
        );
      }
      await rm(lockPath, { force: true });
    }
  }
  throw new Error(`Could not take the lock ${lockPath} for ${what}.`);
}
