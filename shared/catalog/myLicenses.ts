// The licences assigned to the signed-in person: app, plan, the company whose contract the seat is on
// (their own or a sibling's), since when, and when they last used the app according to the usage
// rollups (usage_daily; null if never). Active seats first, then released ones, newest first.
import { sql, type Kysely } from 'kysely';
import type { UserPrincipal } from '../identity/principal';
import type { Database } from '../platform/db/schema';

export interface MyLicense {
  assignmentId: number;
  app: { slug: string; name: string };
  plan: { name: string } | null;
  company: { code: string; name: string };
  /** ISO 8601 timestamp of the assignment */
  since: string;
  /** ISO 8601 timestamp of the last usage event rolled up for this person and app, or null */
  lastUsed: string | null;
  status: 'active' | 'released';
}

/** A person holds few seats; the cap keeps a data error from making the answer unbounded. */
const MAX_LICENSES = 500;

export async function listMyLicenses(
  db: Kysely<Database>,
  user: UserPrincipal,
): Promise<{ items: MyLicense[] }> {
  const rows = await db
    .selectFrom('license_assignments as l')
    .innerJoin('contracts as k', 'k.id', 'l.contract_id')
    .innerJoin('apps as a', 'a.id', 'k.app_id')
    .innerJoin('companies as c', 'c.id', 'k.company_id')
    .leftJoin('pricing_plans as p', 'p.id', 'k.plan_id')
    .select([
      'l.id',
      'l.assigned_at',
      'l.status',
      'a.slug',
      'a.name as app_name',
      'p.name as plan_name',
      'c.code',
      'c.name as company_name',
      // usage rows carry the person's company (the distribution column): keep it in the key.
      sql<Date | string | null>`(select max(u.last_at) from usage_daily u
        where u.company_id = ${user.companyId} and u.employee_id = l.employee_id and u.app_id = k.app_id)`.as(
        'last_used',
      ),
    ])
    .where('l.employee_id', '=', user.employeeId)
    .orderBy(sql`case when l.status = 'active' then 0 else 1 end`)
    .orderBy('l.assigned_at', 'desc')
    .orderBy('l.id', 'desc')
    .limit(MAX_LICENSES)
    .execute();
  return {
    items: rows.map((r) => ({
      assignmentId: r.id,
      app: { slug: r.slug, name: r.app_name },
      plan: r.plan_name === null ? null : { name: r.plan_name },
      company: { code: r.code, name: r.company_name },
      since: new Date(r.assigned_at).toISOString(),
      lastUsed: r.last_used === null ? null : new Date(r.last_used).toISOString(),
      status: r.status,
    })),
  };
}
