// The people the signed-in person may request software for, as createPurchaseRequest allows it:
// active employees of their own company within their employee scope (themselves; their reports for a
// manager; the company for HR, CTO, Finance and Admin). People of another subsidiary request through
// their own company, so a group-wide role does not list them. Self first, then by name.
import { sql, type Kysely, type SqlBool } from 'kysely';
import { z } from 'zod';
import type { Database } from '../platform/db/schema';
import { boundedText } from '../platform/validation/columnBounds';
import { employeeScopeFilter } from './employeeScope';
import type { UserPrincipal } from './principal';

export const peopleQuerySchema = z.strictObject({
  /** matched against name, e-mail and job title (case-insensitive) */
  q: boundedText(200, { trim: true }).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export type PeopleQuery = z.infer<typeof peopleQuerySchema>;

export interface RequestablePerson {
  id: number;
  email: string;
  displayName: string;
  jobTitle: string;
}

export async function listRequestablePeople(
  db: Kysely<Database>,
  user: UserPrincipal,
  query: PeopleQuery,
): Promise<{ items: RequestablePerson[] }> {
  let select = db
    .selectFrom('employees as e')
    .select(['e.id', 'e.email', 'e.display_name', 'e.job_title'])
    .where('e.company_id', '=', user.companyId)
    .where('e.status', '=', 'active')
    .where(employeeScopeFilter(user, 'e.id'));
  if (query.q) {
    const pattern = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    select = select.where(
      sql<SqlBool>`(e.display_name ilike ${pattern} or e.email ilike ${pattern} or e.job_title ilike ${pattern})`,
    );
  }
  const rows = await select
    .orderBy(sql`case when e.id = ${user.employeeId} then 0 else 1 end`)
    .orderBy('e.display_name')
    .orderBy('e.id')
    .limit(query.limit)
    .execute();
  return {
    items: rows.map((r) => ({
      id: r.id,
      email: r.email,
      displayName: r.display_name,
      jobTitle: r.job_title,
    })),
  };
}
