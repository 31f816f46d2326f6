// First start of a local system (`npm start`): fill an empty database with the demo group.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../shared/platform/db/schema';
import { seedDemoData } from './seedDemoData';

export async function seedIfEmpty(
  db: Kysely<Database>,
  size: number,
  now: Date,
  log: (line: string) => void,
): Promise<boolean> {
  const existing = await sql<{ n: number }>`select count(*)::int as n from companies`.execute(db);
  if ((existing.rows[0]?.n ?? 0) > 0) return false;
  const started = performance.now();
  log(`Asset Pulse: first start, seeding the demo group (size ${size})...`);
  const summary = await seedDemoData(db, { size, now, log });
  log(
    `Asset Pulse: seeded ${summary.companies} companies, ${summary.employees} employees, ${summary.apps} apps, ` +
      `${summary.contracts} contracts, ${summary.usageEvents} usage events in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  return true;
}
