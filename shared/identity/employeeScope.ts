// Which employees a principal may see and act on, for use cases to enforce (not only routes):
// everyone their own record; a Manager their reports, direct and indirect; HR, CTO, Finance and
// Admin their company (or, group-wide, the group: see companyScope.ts); an application nobody.
import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { Database } from '../platform/db/schema';
import { holdsCompanyRole } from './companyScope';
import type { Principal } from './principal';

/** The ids of everyone below a manager in the reporting line (cycles in bad data end the walk). */
export function reportsOf(managerId: number) {
  return sql<{ id: number }>`with recursive reports(id) as (
      select id from employees where manager_id = ${managerId}
      union
      select e.id from employees e join reports r on e.manager_id = r.id
    ) select id from reports`;
}

/**
 * A condition on an employee-id column (e.g. 'pr.requester_id', 'e.id') that holds for the
 * employees in the principal's scope. Use it in `.where(...)` of any list query:
 * `db.selectFrom('purchase_requests as pr').where(employeeScopeFilter(principal, 'pr.requester_id'))`.
 * `column` is a column reference written by the caller, never user input.
 */
export function employeeScopeFilter(principal: Principal, column: string): Expression<SqlBool> {
  if (principal.kind === 'app') return sql<SqlBool>`false`;
  const ref = sql.ref(column);
  if (holdsCompanyRole(principal) && principal.groupWide) return sql<SqlBool>`${ref} is not null`;
  const conditions = [sql<SqlBool>`${ref} = ${principal.employeeId}`];
  if (holdsCompanyRole(principal))
    conditions.push(
      sql<SqlBool>`${ref} in (select id from employees where company_id = ${principal.companyId})`,
    );
  if (principal.roles.has('Manager'))
    conditions.push(sql<SqlBool>`${ref} in (${reportsOf(principal.employeeId)})`);
  return sql<SqlBool>`(${sql.join(conditions, sql` or `)})`;
}

/** True when the employee exists and is in the principal's scope. */
export async function canActOnEmployee(
  db: Kysely<Database>,
  principal: Principal,
  employeeId: number,
): Promise<boolean> {
  const row = await db
    .selectFrom('employees as e')
    .select('e.id')
    .where('e.id', '=', employeeId)
    .where(employeeScopeFilter(principal, 'e.id'))
    .executeTakeFirst();
  return row !== undefined;
}
