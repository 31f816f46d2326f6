// Free seats of a contract, and the contracts a company may hand seats out of: its own, and those of
// sibling subsidiaries whose contract allows affiliate use. One definition for fulfilment (which
// assigns from them), the approval mail (which tells the approver about them) and the catalog (which
// shows them to the requester), so the three never disagree.
import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import type { Database } from '../platform/db/schema';

/** Seats of contract `k` not held by an active assignment (negative when over-assigned). */
export const freeSeatsOfContract = sql<number>`(k.seats - (select count(*) from license_assignments la
  where la.contract_id = k.id and la.status = 'active'))::int`;

/** On `contracts as k`: the contract is the company's own, or a sibling's that allows affiliates. */
export function usableByCompany(companyId: number) {
  return (eb: ExpressionBuilder<Database & { k: Database['contracts'] }, 'k'>): Expression<SqlBool> =>
    eb.or([eb('k.company_id', '=', companyId), eb('k.affiliate_sharing_allowed', '=', true)]);
}

export interface ContractSeats {
  contractId: number;
  appId: number;
  planId: number;
  companyId: number;
  companyCode: string;
  companyName: string;
  affiliateSharingAllowed: boolean;
  /** as the driver returns it (a Date with node-postgres' defaults): format with dateOnly */
  renewalDate: string;
  free: number;
}

/** The active contracts of these apps across the group, with their free seats. */
export async function contractSeats(db: Kysely<Database>, appIds: number[]): Promise<ContractSeats[]> {
  if (appIds.length === 0) return [];
  const rows = await db
    .selectFrom('contracts as k')
    .innerJoin('companies as c', 'c.id', 'k.company_id')
    .select([
      'k.id',
      'k.app_id',
      'k.plan_id',
      'k.company_id',
      'c.code',
      'c.name',
      'k.affiliate_sharing_allowed',
      'k.renewal_date',
      freeSeatsOfContract.as('free'),
    ])
    .where('k.status', '=', 'active')
    .where('k.app_id', 'in', appIds)
    .orderBy('k.id')
    .execute();
  return rows.map((r) => ({
    contractId: r.id,
    appId: r.app_id,
    planId: r.plan_id,
    companyId: r.company_id,
    companyCode: r.code,
    companyName: r.name,
    affiliateSharingAllowed: r.affiliate_sharing_allowed,
    renewalDate: r.renewal_date,
    free: Number(r.free),
  }));
}

export interface FreeSeats {
  /** free seats in the company's own contracts */
  own: number;
  /** siblings whose contract allows affiliate use, with free seats there, most first */
  affiliates: { companyCode: string; companyName: string; seats: number }[];
}

/** Free seats of one app as a company sees them, from `contractSeats` rows. */
export function freeSeatsFor(rows: ContractSeats[], companyId: number, appId: number): FreeSeats {
  const ofApp = rows.filter((r) => r.appId === appId);
  const bySibling = new Map<string, { companyCode: string; companyName: string; seats: number }>();
  for (const r of ofApp) {
    if (r.companyId === companyId || !r.affiliateSharingAllowed || r.free <= 0) continue;
    const entry = bySibling.get(r.companyCode) ?? {
      companyCode: r.companyCode,
      companyName: r.companyName,
      seats: 0,
    };
    entry.seats += r.free;
    bySibling.set(r.companyCode, entry);
  }
  return {
    own: ofApp.filter((r) => r.companyId === companyId).reduce((n, r) => n + Math.max(0, r.free), 0),
    affiliates: [...bySibling.values()].sort(
      (a, b) => b.seats - a.seats || a.companyCode.localeCompare(b.companyCode),
    ),
  };
}

/** Apps of these categories the company holds active contracts for, with their seats. */
export async function ownedAppsInCategories(
  db: Kysely<Database>,
  companyId: number,
  categories: string[],
): Promise<{ id: number; slug: string; name: string; category: string; seats: number }[]> {
  if (categories.length === 0) return [];
  const rows = await db
    .selectFrom('contracts as k')
    .innerJoin('apps as a', 'a.id', 'k.app_id')
    .select(['a.id', 'a.slug', 'a.name', 'a.category', sql<number>`sum(k.seats)::int`.as('seats')])
    .where('k.company_id', '=', companyId)
    .where('k.status', '=', 'active')
    .where('a.category', 'in', categories)
    .groupBy(['a.id', 'a.slug', 'a.name', 'a.category'])
    .orderBy('a.name')
    .execute();
  return rows.map((r) => ({ ...r, seats: Number(r.seats) }));
}
