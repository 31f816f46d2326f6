// The purchase-approval workflow (the human-interaction pattern): for each step of the chain recorded
// on the request, an activity e-mails the approver, then the orchestration waits for the decision
// raced against durable timers: a reminder, an escalation to the approver's manager, and expiry, at
// the times the company's policy gives (counted from when the step was asked). A rejection, an expiry
// or a cancellation ends it; approval of the last step runs fulfilment.
//
// Deterministic: time only from context.df.currentUtcDateTime, all I/O in activities.
import * as df from 'durable-functions';
import type { OrchestrationContext, OrchestrationHandler, Task, TimerTask } from 'durable-functions';
import { z } from 'zod';
import type { ApprovalPlan } from '../../shared/approvals/workflow/beginApproval';
import type { AskResult } from '../../shared/approvals/workflow/askApprover';
import type { StepOutcome } from '../../shared/approvals/workflow/concludeStep';

export const PURCHASE_APPROVAL_ORCHESTRATION = 'purchaseApproval';
/** raised by a recorded decision: { step, decision } */
export const DECISION_EVENT = 'ApprovalDecision';
/** raised when the requester cancels */
export const CANCEL_EVENT = 'CancelRequest';

export const APPROVAL_ACTIVITIES = {
  begin: 'purchaseApproval_begin',
  ask: 'purchaseApproval_askApprover',
  conclude: 'purchaseApproval_concludeStep',
  fulfil: 'purchaseApproval_fulfil',
} as const;

export const workflowInputSchema = z.strictObject({ requestId: z.uuid() });
export const decisionEventSchema = z.object({
  step: z.number().int().positive(),
  decision: z.enum(['approve', 'reject']),
});

export interface WorkflowResult {
  outcome: 'fulfilled' | StepOutcome | 'not-pending';
  step?: number;
}

/** Activities touch e-mail, Event Grid and the database: retry transient failures for a while. */
const activityRetry = new df.RetryOptions(5_000, 6);
activityRetry.backoffCoefficient = 2;

const HOUR_MS = 3_600_000;

export const purchaseApprovalOrchestrator: OrchestrationHandler = function* (
  context: OrchestrationContext,
): Generator<Task, WorkflowResult, unknown> {
  const { requestId } = workflowInputSchema.parse(context.df.getInput());
  const call = context.df.callActivityWithRetry.bind(context.df);

  const plan = (yield call(APPROVAL_ACTIVITIES.begin, activityRetry, requestId)) as ApprovalPlan;
  if (plan.status !== 'pending') return { outcome: 'not-pending' };

  const cancelled = context.df.waitForExternalEvent(CANCEL_EVENT);
  let decisionTask = context.df.waitForExternalEvent(DECISION_EVENT);
  const deadlines = [
    { reason: 'remind' as const, afterMs: plan.reminderAfterHours * HOUR_MS },
    { reason: 'escalate' as const, afterMs: plan.escalateAfterHours * HOUR_MS },
    { reason: 'expire' as const, afterMs: plan.expireAfterHours * HOUR_MS },
  ];

  for (const step of plan.steps) {
    context.df.setCustomStatus({ step, of: plan.steps.length, waitingSince: context.df.currentUtcDateTime });
    const asked = (yield call(APPROVAL_ACTIVITIES.ask, activityRetry, {
      requestId,
      step,
      reason: 'ask',
    })) as AskResult;
    const askedAt = context.df.currentUtcDateTime.getTime();
    let outcome: StepOutcome | undefined = fromDecision(asked.decision);
    if (!asked.pending && !outcome) outcome = 'cancelled';
    let phase = 0;

    while (!outcome) {
      const deadline = deadlines[phase];
      if (!deadline) break;
      const timer: TimerTask = context.df.createTimer(new Date(askedAt + deadline.afterMs));
      const winner = yield context.df.Task.any([decisionTask, cancelled, timer]);
      if (winner === cancelled) {
        timer.cancel();
        outcome = 'cancelled';
      } else if (winner === decisionTask) {
        timer.cancel();
        const event = decisionEventSchema.safeParse(decisionTask.result);
        decisionTask = context.df.waitForExternalEvent(DECISION_EVENT);
        // A repeat of an earlier step's decision (a re-sent event) is ignored; wait on.
        if (event.success && event.data.step === step) outcome = fromDecision(event.data.decision);
      } else if (deadline.reason === 'expire') {
        outcome = 'expired';
      } else {
        const nudged = (yield call(APPROVAL_ACTIVITIES.ask, activityRetry, {
          requestId,
          step,
          reason: deadline.reason,
        })) as AskResult;
        outcome = fromDecision(nudged.decision);
        if (!nudged.pending && !outcome) outcome = 'cancelled';
        phase++;
      }
    }

    const final = outcome ?? 'expired';
    yield call(APPROVAL_ACTIVITIES.conclude, activityRetry, { requestId, step, outcome: final });
    if (final !== 'approved') {
      context.df.setCustomStatus({ step, of: plan.steps.length, outcome: final });
      return { outcome: final, step };
    }
  }

  context.df.setCustomStatus({ outcome: 'fulfilling' });
  yield call(APPROVAL_ACTIVITIES.fulfil, activityRetry, requestId);
  context.df.setCustomStatus({ outcome: 'fulfilled' });
  return { outcome: 'fulfilled' };
};

function fromDecision(decision: 'approve' | 'reject' | null | undefined): StepOutcome | undefined {
  if (decision === 'approve') return 'approved';
  if (decision === 'reject') return 'rejected';
  return undefined;
}
