// A throwaway database for a benchmark run: a fresh PGlite folder, or a fresh schema on the
// PostgreSQL server named by DATABASE_URL. Migrated, with a directory of people and apps.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase, type DatabaseHandle } from '../../shared/platform/db/database';
import { migrateToLatest } from '../../shared/platform/db/migrate';
import { insertDirectoryFixture, type DirectoryFixture } from '../fixtures/directoryFixture';

export interface BenchDatabase<Fill = DirectoryFixture> {
  /** settings for a devhost that should use this database */
  env: Record<string, string>;
  dataDir: string;
  fixture: Fill;
  open(): Promise<DatabaseHandle>;
  dispose(): Promise<void>;
}

/** `fill` writes the data after the migrations: by default a directory of `size` people and apps. */
export async function createBenchDatabase<Fill = DirectoryFixture>(
  serverUrl: string | undefined,
  size: { employees: number; apps: number },
  fill: (db: DatabaseHandle['db']) => Promise<Fill> = (db) =>
    insertDirectoryFixture(db, size) as Promise<Fill>,
): Promise<BenchDatabase<Fill>> {
  const dataDir = mkdtempSync(join(tmpdir(), 'asset-pulse-bench-'));
  let url: string | undefined;
  let schema: string | undefined;
  if (serverUrl) {
    schema = `ap_bench_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
    const withPath = new URL(serverUrl);
    withPath.searchParams.set('options', `-c search_path=${schema}`);
    url = withPath.toString();
  }
  const open = () => openDatabase({ databaseUrl: url, pgliteDataDir: join(dataDir, 'pglite'), poolMax: 4 });
  const handle = await open();
  await migrateToLatest(handle.db);
  const fixture = await fill(handle.db);
  await handle.close();
  return {
    env: url ? { DATABASE_URL: url } : { DATABASE_URL: '' },
    dataDir,
    fixture,
    open,
    async dispose() {
      if (serverUrl && schema) {
        const admin = new pg.Client({ connectionString: serverUrl });
        await admin.connect();
        await admin.query(`drop schema ${schema} cascade`);
        await admin.end();
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
