// The requester withdraws a pending request. The status changes here, in one conditional update,
// so links and portal decisions are refused from this moment; the workflow is then told, and its
// activity closes the open step and publishes the Cancelled event.
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { writeAudit } from '../platform/audit/auditLog';
import type { Database } from '../platform/db/schema';
import type { UserPrincipal } from '../identity/principal';
import { boundedText } from '../platform/validation/columnBounds';
import { findVisibleRequestId } from './readPurchaseRequests';

/** The body of POST /api/purchase-requests/{id}/cancel; the reason goes to outcome_reason (text). */
export const cancelRequestBodySchema = z.strictObject({ reason: boundedText(2000).optional() });

export type CancelResult =
  | { kind: 'cancelled'; id: string; code: string }
  | { kind: 'not-found' }
  | { kind: 'not-requester' }
  | { kind: 'not-pending'; status: string };

export async function cancelPurchaseRequest(
  deps: { db: Kysely<Database>; now: () => Date },
  actor: UserPrincipal,
  idOrCode: string,
  reason: string | undefined,
): Promise<CancelResult> {
  const id = await findVisibleRequestId(deps.db, actor, idOrCode);
  if (!id) return { kind: 'not-found' };
  const at = deps.now();
  return deps.db.transaction().execute(async (trx): Promise<CancelResult> => {
    const request = await trx
      .selectFrom('purchase_requests')
      .select(['requester_id', 'status', 'code', 'company_id'])
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (request.requester_id !== actor.employeeId) return { kind: 'not-requester' };
    if (request.status !== 'pending') return { kind: 'not-pending', status: request.status };
    await trx
      .updateTable('purchase_requests')
      .set({
        status: 'cancelled',
        closed_at: at,
        outcome_reason: reason?.trim() || 'cancelled by the requester',
      })
      .where('id', '=', id)
      .execute();
    await writeAudit(trx, {
      occurredAt: at,
      companyId: request.company_id,
      entityType: 'purchase_request',
      entityId: id,
      action: 'cancel_requested',
      actorId: actor.employeeId,
      details: reason ? { reason } : {},
      idempotencyKey: `${id}:cancel_requested`,
    });
    return { kind: 'cancelled', id, code: request.code };
  });
}
