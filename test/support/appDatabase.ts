// The database a devhost under test uses: embedded PGlite in its data folder, or a schema of its
// own on the PostgreSQL server named by DATABASE_URL. Prepared (migrated, with the small directory
// fixture) before devhost starts; PGlite can be opened by the test only while devhost is stopped.
import { join } from 'node:path';
import { openDatabase, type DatabaseHandle } from '../../shared/db/database';
import { migrateToLatest } from '../../shared/db/migrate';
import { insertDirectoryFixture, type DirectoryFixture } from '../../scripts/fixtures/directoryFixture';
import { openTestDatabase, realServerUrl, type TestDatabase } from './testDatabase';

export interface AppDatabase {
  fixture: DirectoryFixture;
  /** settings for devhost */
  env: Record<string, string>;
  /** runs a query; with PGlite, only while devhost is stopped */
  use<T>(work: (db: DatabaseHandle['db']) => Promise<T>): Promise<T>;
  drop(): Promise<void>;
}

export async function prepareAppDatabase(dataDir: string): Promise<AppDatabase> {
  if (realServerUrl) {
    const server: TestDatabase = await openTestDatabase();
    await migrateToLatest(server.handle.db);
    const fixture = await insertDirectoryFixture(server.handle.db);
    return {
      fixture,
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
  await handle.close();
  return {
    fixture,
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
