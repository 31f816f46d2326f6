// The facts that help an approver decide, per requested app: free seats of the same app in the
// company and in sibling subsidiaries whose contract allows affiliates, apps of the same category
// the company already pays for, and the renewal date of the company's contract.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../platform/db/schema';
import { dateOnly } from '../purchasing/requestSummary';

export interface AppFacts {
  appId: number;
  freeSeatsInCompany: number;
  freeSeatsInSiblings: { companyCode: string; freeSeats: number }[];
  overlappingApps: { name: string; seats: number }[];
  renewalDate: string | null;
}

export async function decisionFacts(
  db: Kysely<Database>,
  companyId: number,
  apps: { appId: number; category: string }[],
): Promise<AppFacts[]> {
  if (apps.length === 0) return [];
  const appIds = apps.map((a) => a.appId);
  const seats = await db
    .selectFrom('contracts as k')
    .innerJoin('companies as c', 'c.id', 'k.company_id')
    .select([
      'k.app_id',
      'k.company_id',
      'c.code',
      'k.affiliate_sharing_allowed',
      'k.renewal_date',
      sql<number>`k.seats - (select count(*) from license_assignments a
        where a.contract_id = k.id and a.status = 'active')::int`.as('free'),
    ])
    .where('k.status', '=', 'active')
    .where('k.app_id', 'in', appIds)
    .execute();
  const categories = [...new Set(apps.map((a) => a.category))];
  const owned = await db
    .selectFrom('contracts as k')
    .innerJoin('apps as a', 'a.id', 'k.app_id')
    .select(['a.id', 'a.name', 'a.category', sql<number>`sum(k.seats)::int`.as('seats')])
    .where('k.company_id', '=', companyId)
    .where('k.status', '=', 'active')
    .where('a.category', 'in', categories)
    .groupBy(['a.id', 'a.name', 'a.category'])
    .orderBy('a.name')
    .execute();
  return apps.map(({ appId, category }) => {
    const own = seats.filter((s) => s.app_id === appId && s.company_id === companyId);
    const renewal = own.map((s) => dateOnly(s.renewal_date)).sort()[0] ?? null;
    return {
      appId,
      freeSeatsInCompany: own.reduce((n, s) => n + Math.max(0, Number(s.free)), 0),
      freeSeatsInSiblings: seats
        .filter((s) => s.app_id === appId && s.company_id !== companyId && s.affiliate_sharing_allowed)
        .filter((s) => Number(s.free) > 0)
        .map((s) => ({ companyCode: s.code, freeSeats: Number(s.free) }))
        .sort((a, b) => b.freeSeats - a.freeSeats),
      overlappingApps: owned
        .filter((o) => o.category === category && o.id !== appId)
        .map((o) => ({ name: o.name, seats: Number(o.seats) })),
      renewalDate: renewal,
    };
  });
}
