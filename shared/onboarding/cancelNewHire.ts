// HR cancels a hire who has not started: a pending request is withdrawn (its approval workflow is
// told), seats ever assigned to the person are released and orders not placed yet are cancelled, the
// person becomes a leaver, and the hire's workflow ends. One transaction; the workflows are told after.
import type { UserPrincipal } from '../identity/principal';
import { writeAudit } from '../platform/audit/auditLog';
import { writeAccess, type Refusal } from './newHireAccess';
import { loadNewHire, type NewHireDetail } from './newHireDetail';
import type { OnboardingDeps } from './onboardingDeps';

export type CancelNewHireResult =
  { kind: 'cancelled'; hire: NewHireDetail } | Refusal | { kind: 'conflict'; detail: string };

export async function cancelNewHire(
  deps: Pick<OnboardingDeps, 'db' | 'now' | 'workflow' | 'purchasing'>,
  actor: UserPrincipal,
  hireId: string,
  reason: string,
): Promise<CancelNewHireResult> {
  const { db } = deps;
  const access = await writeAccess(db, actor, hireId);
  if (access.kind !== 'ok') return access;
  const at = deps.now();
  const outcome = await db.transaction().execute(async (trx) => {
    const hire = await trx
      .selectFrom('new_hires')
      .select(['status', 'employee_id', 'purchase_request_id', 'revision'])
      .where('id', '=', hireId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (hire.status === 'started') {
      return { conflict: 'The hire has started; they leave through the leaver process, not a cancellation.' };
    }
    if (hire.status === 'cancelled') return { conflict: 'The hire is already cancelled.' };
    let withdrawn: string | undefined;
    if (hire.purchase_request_id) {
      const request = await trx
        .updateTable('purchase_requests')
        .set({ status: 'cancelled', closed_at: at, outcome_reason: `the new hire was cancelled: ${reason}` })
        .where('id', '=', hire.purchase_request_id)
        .where('status', '=', 'pending')
        .returning('id')
        .executeTakeFirst();
      if (request) {
        withdrawn = request.id;
        await writeAudit(trx, {
          occurredAt: at,
          companyId: access.companyId,
          entityType: 'purchase_request',
          entityId: request.id,
          action: 'cancel_requested',
          actorId: actor.employeeId,
          details: { reason: `the new hire was cancelled: ${reason}` },
          idempotencyKey: `${request.id}:cancel_requested`,
        });
      }
      await trx
        .updateTable('purchase_orders')
        .set({ status: 'cancelled' })
        .where('request_id', '=', hire.purchase_request_id)
        .where('status', '=', 'to_order')
        .execute();
    }
    const released = await trx
      .updateTable('license_assignments')
      .set({ status: 'released', released_at: at })
      .where('employee_id', '=', hire.employee_id)
      .where('status', '=', 'active')
      .returning('id')
      .execute();
    await trx.updateTable('employees').set({ status: 'leaver' }).where('id', '=', hire.employee_id).execute();
    await trx
      .updateTable('new_hires')
      .set({
        status: 'cancelled',
        cancelled_at: at,
        cancel_reason: reason,
        revision: hire.revision + 1,
        updated_at: at,
      })
      .where('id', '=', hireId)
      .execute();
    await writeAudit(trx, {
      occurredAt: at,
      companyId: access.companyId,
      entityType: 'new_hire',
      entityId: hireId,
      action: 'cancelled',
      actorId: actor.employeeId,
      details: { detail: reason, releasedSeats: released.length, withdrawnRequest: withdrawn ?? null },
      idempotencyKey: `new-hire:${hireId}:cancelled`,
    });
    return { withdrawn };
  });
  if ('conflict' in outcome && outcome.conflict) return { kind: 'conflict', detail: outcome.conflict };
  if ('withdrawn' in outcome && outcome.withdrawn) await deps.purchasing.cancelApproval(outcome.withdrawn);
  await deps.workflow.signal(hireId, 'cancelled');
  const detail = await loadNewHire(db, hireId);
  return { kind: 'cancelled', hire: detail! };
}
