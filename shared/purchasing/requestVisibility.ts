// Which purchase requests an actor may see: their own; those of their reports (direct and indirect)
// for a Manager; their company's for HR, CTO, Finance and Admin; the group's when those roles are
// group-wide; and any request they were asked to approve. Applied in the queries themselves.
import type { ExpressionBuilder, Expression, SqlBool } from 'kysely';
import { employeeScopeFilter } from '../identity/employeeScope';
import type { UserPrincipal } from '../identity/principal';
import type { Database } from '../platform/db/schema';

type WithRequests = Database & { pr: Database['purchase_requests'] };

export function visibleRequests(
  actor: UserPrincipal,
): (eb: ExpressionBuilder<WithRequests, 'pr'>) => Expression<SqlBool> {
  return (eb) => {
    const conditions: Expression<SqlBool>[] = [
      employeeScopeFilter(actor, 'pr.requester_id'),
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
    return eb.or(conditions);
  };
}
