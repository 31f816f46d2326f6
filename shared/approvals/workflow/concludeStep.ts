// Applies what ended a step: an approval moves the request on; a rejection, an expiry or a
// cancellation ends it. Each transition is written once (conditional updates, audit keys) and
// published with an id derived from it.
import { writeAudit } from '../../platform/audit/auditLog';
import { PURCHASE_EVENTS } from '../../purchasing/purchaseEvents';
import { loadRequestSummary } from '../../purchasing/requestSummary';
import { publishPurchaseEvent } from '../../purchasing/publishPurchaseEvent';
import type { WorkflowDeps } from './workflowDeps';

export type StepOutcome = 'approved' | 'rejected' | 'expired' | 'cancelled';

export interface ConcludeInput {
  requestId: string;
  step: number;
  /** what the workflow saw; approved/rejected must match the recorded decision */
  outcome: StepOutcome;
}

/** What was recorded for the step, which the workflow goes on with. */
export interface Concluded {
  outcome: StepOutcome;
}

/** The workflow claims a decision the database does not hold: never act on it. */
export class UnrecordedDecisionError extends Error {
  constructor(requestId: string, step: number, outcome: StepOutcome) {
    super(`Step ${step} of ${requestId} cannot be concluded as ${outcome}: no such decision is recorded.`);
    this.name = 'UnrecordedDecisionError';
  }
}

export async function concludeStep(deps: WorkflowDeps, input: ConcludeInput): Promise<Concluded> {
  const { db } = deps;
  const { requestId, step } = input;
  const at = deps.now();

  // Under the request's lock, which decideApproval takes too: a decision is either recorded before
  // this (and wins over an expiry) or refused after it (the step is no longer waiting).
  const { outcome, decision } = await db.transaction().execute(async (trx) => {
    const request = await trx
      .selectFrom('purchase_requests')
      .select(['company_id', 'status'])
      .where('id', '=', requestId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const decision = await trx
      .selectFrom('approval_decisions as d')
      .innerJoin('employees as e', 'e.id', 'd.decided_by')
      .select(['d.decision', 'd.comment', 'd.decided_by', 'e.display_name', 'd.channel'])
      .where('d.request_id', '=', requestId)
      .where('d.step', '=', step)
      .executeTakeFirst();
    const recorded = decision?.decision === 'approve' ? 'approved' : decision ? 'rejected' : undefined;
    let outcome = input.outcome;
    if (outcome === 'approved' || outcome === 'rejected') {
      if (recorded !== outcome) throw new UnrecordedDecisionError(requestId, step, outcome);
    } else if (outcome === 'expired') {
      if (request.status === 'cancelled') outcome = 'cancelled';
      else if (recorded) outcome = recorded;
    }
    const stepStatus = outcome === 'cancelled' ? 'cancelled' : outcome;
    await trx
      .updateTable('approval_steps')
      .set({ status: stepStatus })
      .where('request_id', '=', requestId)
      .where('step', '=', step)
      .where('status', 'in', ['queued', 'waiting'])
      .execute();
    if (outcome !== 'approved') {
      // The request ends: later steps are never asked.
      await trx
        .updateTable('approval_steps')
        .set({ status: 'cancelled' })
        .where('request_id', '=', requestId)
        .where('step', '>', step)
        .where('status', '=', 'queued')
        .execute();
      const reason =
        outcome === 'rejected'
          ? (decision?.comment ?? 'rejected without a comment')
          : outcome === 'expired'
            ? `no decision on step ${step} within the policy's time`
            : 'cancelled by the requester';
      if (outcome !== 'cancelled' && request.status === 'pending') {
        await trx
          .updateTable('purchase_requests')
          .set({ status: outcome, closed_at: at, outcome_reason: reason })
          .where('id', '=', requestId)
          .where('status', '=', 'pending')
          .execute();
      }
    }
    await writeAudit(trx, {
      occurredAt: at,
      companyId: request.company_id,
      entityType: 'purchase_request',
      entityId: requestId,
      action: outcome === 'approved' ? 'step_approved' : outcome,
      actorId: outcome === 'approved' || outcome === 'rejected' ? (decision?.decided_by ?? null) : null,
      details: {
        step,
        ...(decision && { comment: decision.comment, by: decision.display_name, channel: decision.channel }),
      },
      idempotencyKey: `${requestId}:${step}:${outcome}`,
    });
    return { outcome, decision };
  });

  const summary = await loadRequestSummary(db, requestId);
  if (!summary) return { outcome };
  const byOutcome = {
    approved: PURCHASE_EVENTS.stepApproved,
    rejected: PURCHASE_EVENTS.rejected,
    expired: PURCHASE_EVENTS.expired,
    cancelled: PURCHASE_EVENTS.cancelled,
  } as const;
  await publishPurchaseEvent(
    deps,
    summary,
    byOutcome[outcome],
    outcome === 'approved' ? `step:${step}:approved` : outcome,
    {
      step,
      ...(decision && { decidedBy: decision.display_name, comment: decision.comment }),
      ...(outcome !== 'approved' && { reason: summary.outcomeReason }),
    },
  );
  return { outcome };
}
