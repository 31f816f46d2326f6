// HR moves the start date before the hire has started: the row changes (and the pending request's
// "needed by" with it), then the hire's workflow is woken; it re-reads the date and sets its timer
// again, so the seats follow the new date.
import type { UserPrincipal } from '../identity/principal';
import { writeAudit } from '../platform/audit/auditLog';
import { dateOnly } from '../purchasing/requestSummary';
import { writeAccess, type Refusal } from './newHireAccess';
import { loadNewHire, type NewHireDetail } from './newHireDetail';
import { startDateProblem } from './newHireInput';
import type { OnboardingDeps } from './onboardingDeps';

export type MoveStartDateResult =
  | { kind: 'moved'; hire: NewHireDetail }
  | Refusal
  | { kind: 'invalid'; errors: { path: string; message: string }[] }
  | { kind: 'conflict'; detail: string };

export async function moveStartDate(
  deps: Pick<OnboardingDeps, 'db' | 'now' | 'workflow'>,
  actor: UserPrincipal,
  hireId: string,
  startDate: string,
): Promise<MoveStartDateResult> {
  const { db } = deps;
  const access = await writeAccess(db, actor, hireId);
  if (access.kind !== 'ok') return access;
  const at = deps.now();
  const late = startDateProblem(startDate, at);
  if (late) return { kind: 'invalid', errors: [{ path: 'startDate', message: late }] };
  const outcome = await db.transaction().execute(async (trx) => {
    const hire = await trx
      .selectFrom('new_hires')
      .select(['status', 'start_date', 'employee_id', 'purchase_request_id', 'revision'])
      .where('id', '=', hireId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (hire.status === 'started' || hire.status === 'cancelled') {
      return `The hire is ${hire.status}; the start date moves only before the start.`;
    }
    const from = dateOnly(hire.start_date);
    if (from === startDate) return undefined;
    await trx
      .updateTable('new_hires')
      .set({ start_date: startDate, revision: hire.revision + 1, updated_at: at })
      .where('id', '=', hireId)
      .execute();
    await trx
      .updateTable('employees')
      .set({ hired_on: startDate })
      .where('id', '=', hire.employee_id)
      .execute();
    if (hire.purchase_request_id) {
      await trx
        .updateTable('purchase_requests')
        .set({ needed_by: startDate })
        .where('id', '=', hire.purchase_request_id)
        .where('status', '=', 'pending')
        .execute();
    }
    await writeAudit(trx, {
      occurredAt: at,
      companyId: access.companyId,
      entityType: 'new_hire',
      entityId: hireId,
      action: 'start_date_moved',
      actorId: actor.employeeId,
      details: { detail: `from ${from} to ${startDate}`, from, to: startDate },
      idempotencyKey: `new-hire:${hireId}:moved:${hire.revision + 1}`,
    });
    return undefined;
  });
  if (outcome) return { kind: 'conflict', detail: outcome };
  await deps.workflow.signal(hireId, 'date-moved');
  const detail = await loadNewHire(db, hireId);
  return { kind: 'moved', hire: detail! };
}
