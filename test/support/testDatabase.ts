// A fresh database for one test file: embedded PGlite in memory by default, or — when DATABASE_URL
// is set (the second CI lane) — a schema of its own on that PostgreSQL server, dropped afterwards.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type DatabaseHandle } from '../../shared/platform/db/database';

export interface TestDatabase {
  handle: DatabaseHandle;
  /** set when the tests run against a real server: a URL whose search_path is the test's schema */
  url: string | undefined;
  vectorAvailable: boolean;
  drop(): Promise<void>;
}

export const realServerUrl = process.env.DATABASE_URL || undefined;

export function lane(): string {
  return realServerUrl ? 'postgres' : 'pglite';
}

export async function openTestDatabase(): Promise<TestDatabase> {
  if (!realServerUrl) {
    const handle = await openDatabase({ pgliteDataDir: 'memory://', poolMax: 1 });
    return { handle, url: undefined, vectorAvailable: true, drop: () => handle.close() };
  }
  const schema = `ap_test_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: realServerUrl });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  const vector = await admin.query<{ ok: boolean }>(
    `select exists (select 1 from pg_available_extensions where name = 'vector') as ok`,
  );
  await admin.end();
  const url = new URL(realServerUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  const handle = await openDatabase({ databaseUrl: url.toString(), pgliteDataDir: 'unused', poolMax: 4 });
  return {
    handle,
    url: url.toString(),
    vectorAvailable: vector.rows[0]?.ok ?? false,
    drop: async () => {
      await handle.close();
      const cleanup = new pg.Client({ connectionString: realServerUrl });
      await cleanup.connect();
      await cleanup.query(`drop schema ${schema} cascade`);
      await cleanup.end();
    },
  };
}
