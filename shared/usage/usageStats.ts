// Use case: what has been ingested, by day, app and company, and how fresh it is.
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../platform/db/schema';
import { quarantinedForCompany, type IngestScope } from './listQuarantine';
import { appSlug, companyCode, DATE_WINDOW, isoDateWithin } from '../platform/validation/columnBounds';

// Days inside the app's calendar (DATE_WINDOW, 2000-01-01 … 2999-12-31): PostgreSQL refuses some
// dates the ISO format allows, such as year 0000, and there is no usage before 2000.
export const usageStatsQuerySchema = z
  .strictObject({
    from: isoDateWithin(DATE_WINDOW).optional(),
    to: isoDateWithin(DATE_WINDOW).optional(),
    company: companyCode().optional(),
    app: appSlug().optional(),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, {
    message: 'from must not be after to',
    path: ['from'],
  });

export type UsageStatsQuery = z.infer<typeof usageStatsQuerySchema>;

export interface UsageStats {
  from: string;
  to: string;
  totals: { events: number; quantity: number; activeUsers: number };
  byDay: { day: string; events: number }[];
  byApp: { app: string; name: string; events: number; activeUsers: number }[];
  byCompany: { company: string; name: string; events: number }[];
  ingest: {
    quarantined: number;
    failedMessages: number;
    lastStoredAt: string | null;
    /** accepted → stored, over the batches stored in the last hour */
    lagLastHour: { batches: number; p50Ms: number | null; p95Ms: number | null; maxMs: number | null };
  };
}

const DEFAULT_DAYS = 30;

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export async function getUsageStats(
  db: Kysely<Database>,
  query: UsageStatsQuery,
  now: Date,
  /** a company's view counts only its usage and the quarantined events of its people */
  scope: IngestScope = 'group',
): Promise<UsageStats> {
  const to = query.to ?? isoDay(now);
  const from =
    query.from ?? isoDay(new Date(Date.parse(`${to}T00:00:00Z`) - (DEFAULT_DAYS - 1) * 86_400_000));
  let daily = db
    .selectFrom('usage_daily as u')
    .innerJoin('apps as a', 'a.id', 'u.app_id')
    .innerJoin('companies as c', 'c.id', 'u.company_id')
    .where('u.day', '>=', from)
    .where('u.day', '<=', to);
  if (query.company) daily = daily.where('c.code', '=', query.company);
  if (scope !== 'group') daily = daily.where('u.company_id', '=', scope.companyId);
  let quarantined = db.selectFrom('usage_quarantine').select(sql<number>`count(*)::int`.as('n'));
  if (scope !== 'group') quarantined = quarantined.where(quarantinedForCompany(scope.companyId));
  if (query.app) daily = daily.where('a.slug', '=', query.app);

  const [totals, byDay, byApp, byCompany, quarantine, failures, lag] = await Promise.all([
    daily
      .select([
        sql<number>`coalesce(sum(u.events), 0)::float8`.as('events'),
        sql<number>`coalesce(sum(u.quantity), 0)::float8`.as('quantity'),
        sql<number>`count(distinct u.employee_id)::int`.as('activeUsers'),
      ])
      .executeTakeFirstOrThrow(),
    daily
      .select(['u.day', sql<number>`sum(u.events)::float8`.as('events')])
      .groupBy('u.day')
      .orderBy('u.day')
      .execute(),
    daily
      .select([
        'a.slug as app',
        'a.name',
        sql<number>`sum(u.events)::float8`.as('events'),
        sql<number>`count(distinct u.employee_id)::int`.as('activeUsers'),
      ])
      .groupBy(['a.slug', 'a.name'])
      .orderBy('events', 'desc')
      .limit(50)
      .execute(),
    daily
      .select(['c.code as company', 'c.name', sql<number>`sum(u.events)::float8`.as('events')])
      .groupBy(['c.code', 'c.name'])
      .orderBy('c.code')
      .execute(),
    quarantined.executeTakeFirstOrThrow(),
    // failed messages name no company: a company's view counts none (listIngestFailures.ts)
    scope === 'group'
      ? db
          .selectFrom('ingest_failures')
          .select(sql<number>`count(*)::int`.as('n'))
          .executeTakeFirstOrThrow()
      : Promise.resolve({ n: 0 }),
    sql<{ batches: number; p50: number | null; p95: number | null; max: number | null; last: Date | null }>`
      select count(*)::int as batches,
        percentile_cont(0.5) within group (order by extract(epoch from stored_at - accepted_at) * 1000) as p50,
        percentile_cont(0.95) within group (order by extract(epoch from stored_at - accepted_at) * 1000) as p95,
        max(extract(epoch from stored_at - accepted_at) * 1000)::float8 as max,
        (select max(stored_at) from ingest_batches) as last
      from ingest_batches where stored_at > ${now.toISOString()}::timestamptz - interval '1 hour'`.execute(
      db,
    ),
  ]);
  const lagRow = lag.rows[0];
  const round = (v: number | null | undefined) =>
    v === null || v === undefined ? null : Math.round(Number(v));
  return {
    from,
    to,
    totals,
    byDay,
    byApp,
    byCompany,
    ingest: {
      quarantined: quarantine.n,
      failedMessages: failures.n,
      lastStoredAt: lagRow?.last ? new Date(lagRow.last).toISOString() : null,
      lagLastHour: {
        batches: lagRow?.batches ?? 0,
        p50Ms: round(lagRow?.p50),
        p95Ms: round(lagRow?.p95),
        maxMs: round(lagRow?.max),
      },
    },
  };
}
