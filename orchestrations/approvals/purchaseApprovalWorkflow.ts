// The purchase-approval workflow (the human-interaction pattern): for each step of the chain recorded
// on the request, an activity e-mails the approver, then the orchestration waits for the decision
// raced against durable timers: a reminder, an escalation to the approver's manager, and expiry, at
// the times the company's policy gives (counted from when the step was asked). A rejection, an expiry
// or a cancellation ends it; approval of the last step runs fulfilment.
//
// The database decides, the events only wake the workflow up: anyone holding the host key can raise
// an event to an instance, so an `ApprovalDecision` or `CancelRequest` event makes an activity read
// what is recorded for the step, and only a recorded decision (or a cancelled request) moves it on.
// An event that finds nothing changes nothing: it is logged, and the step keeps waiting on the same
// deadlines (the timer is re-created for the same instant, so forged events cannot postpone them).
//
// Deterministic: time only from context.df.currentUtcDateTime, all I/O in activities.
import * as df from 'durable-functions';
import type { OrchestrationContext, OrchestrationHandler, Task, TimerTask } from 'durable-functions';
import { z } from 'zod';
import type { ApprovalPlan } from '../../shared/approvals/workflow/beginApproval';
import type { AskResult } from '../../shared/approvals/workflow/askApprover';
import type { Concluded, StepOutcome } from '../../shared/approvals/workflow/concludeStep';
import type { RecordedStep } from '../../shared/approvals/workflow/readRecordedStep';

export const PURCHASE_APPROVAL_ORCHESTRATION = 'purchaseApproval';
/** raised after a decision is recorded: { step, decision } — a hint to look, never the decision itself */
export const DECISION_EVENT = 'ApprovalDecision';
/** raised after the requester cancelled: {} — a hint to look as well */
export const CANCEL_EVENT = 'CancelRequest';

export const APPROVAL_ACTIVITIES = {
  begin: 'purchaseApproval_begin',
  ask: 'purchaseApproval_askApprover',
  read: 'purchaseApproval_readRecordedStep',
  conclude: 'purchaseApproval_concludeStep',
  fulfil: 'purchaseApproval_fulfil',
} as const;

export const workflowInputSchema = z.strictObject({ requestId: z.uuid() });
/** What the decision routes raise. Strict: anything else is not one of ours and is ignored. */
export const decisionEventSchema = z.strictObject({
  step: z.number().int().positive().max(2_147_483_647),
  decision: z.enum(['approve', 'reject']),
});
export const cancelEventSchema = z.strictObject({});

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
  /** logged once, not again on every replay */
  const warn = (message: string) => {
    if (!context.df.isReplaying) context.warn(`Approval workflow ${context.df.instanceId}: ${message}`);
  };

  const plan = (yield call(APPROVAL_ACTIVITIES.begin, activityRetry, requestId)) as ApprovalPlan;
  if (plan.status !== 'pending') return { outcome: 'not-pending' };

  let cancelTask = context.df.waitForExternalEvent(CANCEL_EVENT);
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
      // The deadline is an instant counted from the ask, so a timer made again after an event that
      // decided nothing fires when the first one would have.
      const timer: TimerTask = context.df.createTimer(new Date(askedAt + deadline.afterMs));
      const winner = yield context.df.Task.any([decisionTask, cancelTask, timer]);
      if (winner === timer) {
        if (deadline.reason === 'expire') {
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
        continue;
      }

      timer.cancel();
      const event = winner === cancelTask ? CANCEL_EVENT : DECISION_EVENT;
      const payload = (winner as Task).result;
      if (event === CANCEL_EVENT) cancelTask = context.df.waitForExternalEvent(CANCEL_EVENT);
      else decisionTask = context.df.waitForExternalEvent(DECISION_EVENT);
      const parsed = (event === CANCEL_EVENT ? cancelEventSchema : decisionEventSchema).safeParse(payload);
      if (!parsed.success) {
        warn(
          `ignored a malformed ${event} event (${parsed.error.issues.map((i) => i.path.join('.') || i.code).join(', ')}); step ${step} keeps waiting.`,
        );
        continue;
      }
      // A repeat of an earlier step's decision (a re-sent event) needs no look: that step is done.
      if (event === DECISION_EVENT && 'step' in parsed.data && parsed.data.step !== step) {
        warn(`ignored a ${event} event for another step; step ${step} keeps waiting.`);
        continue;
      }
      const recorded = (yield call(APPROVAL_ACTIVITIES.read, activityRetry, {
        requestId,
        step,
      })) as RecordedStep;
      // A withdrawn request ends the step even if its decision came first: nothing more is done for it.
      outcome = recorded.requestStatus === 'cancelled' ? 'cancelled' : fromDecision(recorded.decision);
      if (!outcome) {
        warn(
          `a ${event} event found nothing recorded for step ${step} (the request is ${recorded.requestStatus}); the step keeps waiting.`,
        );
      }
    }

    // The activity concludes from the database as well: it returns what it recorded (an expiry that
    // meets a decision recorded in the last moment becomes that decision).
    const concluded = (yield call(APPROVAL_ACTIVITIES.conclude, activityRetry, {
      requestId,
      step,
      outcome: outcome ?? 'expired',
    })) as Concluded;
    const final = concluded.outcome;
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
