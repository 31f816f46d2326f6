// Monthly partitions of usage_events. Created ahead of need (a daily timer, and after migrations)
// and on demand when a batch brings a month that has none. Rows that landed in the default
// partition for a month are moved into that month's partition when it is created.
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema';

/** How far back on-demand creation goes; older events stay in the default partition. */
export const ON_DEMAND_MONTHS_BACK = 24;
/** How far ahead partitions are kept ready. */
export const MONTHS_AHEAD = 3;

export function monthStartUtc(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1));
}

export function addMonthsUtc(date: Date, months: number): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1));
}

/** `usage_events_p2026_03` for March 2026: sortable, and safe as an identifier. */
export function monthlyPartitionName(date: Date): string {
  const month = String(date.getUTCMonth() + 1).padStart(2, '0');
  return `usage_events_p${date.getUTCFullYear()}_${month}`;
}

/** The months (as their first day, UTC) that the given timestamps fall in, without repeats, in order. */
export function monthsOf(timestamps: Iterable<Date>): Date[] {
  const seen = new Map<number, Date>();
  for (const t of timestamps) {
    const m = monthStartUtc(t);
    seen.set(m.getTime(), m);
  }
  return [...seen.values()].sort((a, b) => a.getTime() - b.getTime());
}

/** Whether a month is inside the window where partitions are created on demand. */
export function isOnDemandMonth(month: Date, now: Date): boolean {
  const earliest = addMonthsUtc(now, -ON_DEMAND_MONTHS_BACK);
  const latest = addMonthsUtc(now, MONTHS_AHEAD);
  return month >= earliest && month <= latest;
}

export async function existingMonthlyPartitions(db: Kysely<Database>): Promise<Set<string>> {
  const result = await sql<{ name: string }>`
    select c.relname as name
    from pg_inherits i
    join pg_class c on c.oid = i.inhrelid
    join pg_class p on p.oid = i.inhparent
    join pg_namespace n on n.oid = p.relnamespace
    where n.nspname = current_schema() and p.relname = 'usage_events' and c.relname like 'usage_events_p%'`.execute(
    db,
  );
  return new Set(result.rows.map((r) => r.name));
}

/**
 * Creates the monthly partitions that do not exist yet; returns the names it created.
 * Serialised with a transaction-scoped advisory lock so two hosts never race on the same month.
 */
export async function ensureMonthlyPartitions(db: Kysely<Database>, months: Date[]): Promise<string[]> {
  const created: string[] = [];
  const existing = await existingMonthlyPartitions(db);
  for (const month of months.map(monthStartUtc)) {
    const name = monthlyPartitionName(month);
    if (existing.has(name)) continue;
    const made = await db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(hashtext('usage_events_partitions'))`.execute(trx);
      if ((await existingMonthlyPartitions(trx)).has(name)) return false;
      const from = month.toISOString();
      const to = addMonthsUtc(month, 1).toISOString();
      const table = sql.table(name);
      await sql`create table ${table} (like usage_events including defaults including constraints)`.execute(
        trx,
      );
      await sql`
        with moved as (
          delete from usage_events_default
          where occurred_at >= ${from}::timestamptz and occurred_at < ${to}::timestamptz
          returning *)
        insert into ${table} select * from moved`.execute(trx);
      await sql`alter table usage_events attach partition ${table}
        for values from (${sql.lit(from)}) to (${sql.lit(to)})`.execute(trx);
      return true;
    });
    if (made) created.push(name);
    existing.add(name);
  }
  return created;
}

/** The partitions a running system keeps ready: the previous three months to MONTHS_AHEAD ahead. */
export async function ensureUsagePartitionsAround(db: Kysely<Database>, now: Date): Promise<string[]> {
  const months: Date[] = [];
  for (let offset = -3; offset <= MONTHS_AHEAD; offset++) months.push(addMonthsUtc(now, offset));
  return ensureMonthlyPartitions(db, months);
}
