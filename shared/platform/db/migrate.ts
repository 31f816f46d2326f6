import { Migrator, sql, type Kysely } from 'kysely';
import { migrations } from './migrations/index';
import { ensureUsagePartitionsAround } from './partitions';
import type { Database } from './schema';

export interface MigrationReport {
  applied: string[];
  /** pgvector is installed in this database (vector features are off without it) */
  vector: boolean;
}

export const NO_VECTOR_NOTICE =
  'pgvector is not available on this PostgreSQL server: vector features (similarity search) are off. ' +
  'Azure Database for PostgreSQL and the embedded PGlite have it.';

/** Brings the schema to the latest migration, then makes sure the usage partitions around today exist. */
export async function migrateToLatest(db: Kysely<Database>, now = new Date()): Promise<MigrationReport> {
  // Kysely looks for its migration tables in every schema unless told which: a database whose other
  // schema already has them (several test schemas, or a second app) would skip creating its own.
  const current = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  const migrator = new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(migrations) },
    ...(current.rows[0]?.schema ? { migrationTableSchema: current.rows[0].schema } : {}),
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  const failed = results.find((r) => r.status === 'Error');
  if (error || failed) {
    const cause = error instanceof Error ? error.message : JSON.stringify(error ?? 'unknown error');
    throw new Error(`Database migration ${failed?.migrationName ?? ''} failed: ${cause}`, { cause: error });
  }
  await ensureUsagePartitionsAround(db, now);
  const vector = await sql<{
    on: boolean;
  }>`select exists (select 1 from pg_extension where extname = 'vector') as on`.execute(db);
  return {
    applied: results.filter((r) => r.status === 'Success').map((r) => r.migrationName),
    vector: vector.rows[0]?.on ?? false,
  };
}
