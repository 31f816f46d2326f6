// `npm run db:migrate`: brings the database (DATABASE_URL, or the embedded PGlite) to the latest schema.
import { parseDatabaseSettings } from '../shared/platform/config';
import { openDatabase } from '../shared/platform/db/database';
import { migrateToLatest, NO_VECTOR_NOTICE } from '../shared/platform/db/migrate';

async function main(): Promise<void> {
  const database = await openDatabase({ ...parseDatabaseSettings(process.env), poolMax: 2 });
  try {
    const report = await migrateToLatest(database.db);
    console.log(
      report.applied.length > 0
        ? `${database.description}: applied ${report.applied.join(', ')}`
        : `${database.description}: already at the latest migration`,
    );
    if (!report.vector) console.warn(NO_VECTOR_NOTICE);
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
