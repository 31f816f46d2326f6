// The database a devhost under test uses: embedded PGlite in its data folder, or a schema of its
// own on the PostgreSQL server named by DATABASE_URL. Prepared (migrated, with the small directory
// fixture) before devhost starts; PGlite can be opened by the test only while devhost is stopped.
import { join } from 'node:path';
import { openDatabase, type DatabaseHandle } from '../../shared/platform/db/database';
import { migrateToLatest } from '../../shared/platform/db/migrate';
import { insertDirectoryFixture, type DirectoryFixture } from '../../scripts/fixtures/directoryFixture';
import { openTestDatabase, realServerUrl, type TestDatabase } from './testDatabase';

export interface AppDatabase<Extra = undefined> {
  fixture: DirectoryFixture;
  /** what the `extra` fixture step returned */
  extra: Extra;
  /** settings for devhost */
  env: Record<string, string>;
  /** runs a query; with PGlite, only while devhost is stopped */
  use<T>(work: (db: DatabaseHandle['db']) => Promise<T>): Promise<T>;
  drop(): Promise<void>;
}

/** `extra` adds more test data on top of the directory fixture (e.g. the approval fixture). */
export async function prepareAppDatabase<Extra = undefined>(
  dataDir: string,
  extra?: (db: DatabaseHandle['db'], fixture: DirectoryFixture) => Promise<Extra>,
): Promise<AppDatabase<Extra>> {
  if (realServerUrl) {
    const server: TestDatabase = await openTestDatabase();
    await migrateToLatest(server.handle.db);
    const fixture = await insertDirectoryFixture(server.handle.db);
    return {
      fixture,
      extra: (extra ? await extra(server.handle.db, fixture) : undefined) as Extra,
      env: { DATABASE_URL: server.url! },
      use: (work) => work(server.handle.db),
      drop: () => server.drop(),
    };
  }
  const pgliteDataDir = join(dataDir, 'pglite');
  const open = () => openDatabase({ pgliteDataDir, poolMax: 1 });
  const handle = await open();
  await migrateToLatest(handle.db);
  const fixture = await insertDirectoryFixture(handle.db);
  const extraData = (extra ? await extra(handle.db, fixture) : undefined) as Extra;
  await handle.close();
  return {
    fixture,
    extra: extraData,
    env: { DATABASE_URL: '' },
    async use(work) {
      const opened = await open();
      try {
        return await work(opened.db);
      } finally {
        await opened.close();
      }
    },
    drop: () => Promise.resolve(),
  };
}
