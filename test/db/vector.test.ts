// pgvector: present in embedded PGlite (and Azure PostgreSQL), absent from a plain Debian server.
// Vector features run where it is and are skipped, saying so, where it is not.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../shared/platform/db/migrate';
import { lane, openTestDatabase, type TestDatabase } from '../support/testDatabase';

let database: TestDatabase;

describe(`pgvector on ${lane()}`, () => {
  beforeAll(async () => {
    database = await openTestDatabase();
    await migrateToLatest(database.handle.db);
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('is enabled by the migrations and orders by cosine distance', async (context) => {
    if (!database.vectorAvailable) {
      console.warn(
        `pgvector is not installed on this ${lane()} server: vector tests are skipped here (PGlite runs them).`,
      );
      context.skip();
    }
    const rows = await sql<{ name: string }>`
      select name from (values ('near', '[1,0,0]'::vector), ('far', '[0,0,1]'::vector), ('mid', '[1,1,0]'::vector)) as t(name, v)
      order by v <=> '[1,0.1,0]'::vector`.execute(database.handle.db);
    expect(rows.rows.map((r) => r.name)).toEqual(['near', 'mid', 'far']);
  });

  it('leaves the rest of the schema working either way', async () => {
    const result = await sql<{ n: number }>`select count(*)::int as n from usage_events`.execute(
      database.handle.db,
    );
    expect(result.rows[0]?.n).toBe(0);
  });
});
