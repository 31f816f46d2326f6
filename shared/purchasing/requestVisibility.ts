// Which purchase requests an actor may see: their own; those of their reports (direct and indirect)
// for a Manager; their company's for HR, CTO, Finance and Admin; the group's when those roles are
// group-wide; and any request they were asked to approve. Applied in the queries themselves.
import { sql, type ExpressionBuilder, type Expression, type SqlBool } from 'kysely';
import type { Database } from '../db/schema';
import { hasCompanyWideRole, type Actor } from './actor';

type WithRequests = Database & { pr: Database['purchase_requests'] };

export function visibleRequests(
  actor: Actor,
): (eb: ExpressionBuilder<WithRequests, 'pr'>) => Expression<SqlBool> {
  return (eb) => {
    if (hasCompanyWideRole(actor) && actor.groupWide) return sql<boolean>`true`;
    const conditions: Expression<SqlBool>[] = [
      eb('pr.requester_id', '=', actor.employeeId),
      eb.exists(
        eb
          .selectFrom('approval_steps as s')
          .select('s.step')
          .whereRef('s.request_id', '=', 'pr.id')
          .where((w) =>
            w.or([
              w('s.approver_id', '=', actor.employeeId),
              w('s.escalated_from_id', '=', actor.employeeId),
            ]),
          ),
      ),
    ];
    if (hasCompanyWideRole(actor)) conditions.push(eb('pr.company_id', '=', actor.companyId));
    if (actor.roles.has('Manager')) {
      conditions.push(sql<boolean>`pr.requester_id in (${reportsOf(actor.employeeId)})`);
    }
    return eb.or(conditions);
  };
}

/** Everyone below the manager, at any depth. */
export function reportsOf(managerId: number) {
  return sql`with recursive reports(id) as (
      select id from employees where manager_id = ${managerId}
      union
      select e.id from employees e join reports r on e.manager_id = r.id
    ) select id from reports`;
}
