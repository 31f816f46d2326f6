// After a decision is recorded, tell the waiting workflow. The event only wakes it: the workflow
// reads the recorded decision from the database and acts on that, never on the event's payload.
import type { InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import { DECISION_EVENT } from '../../orchestrations/approvals/purchaseApprovalWorkflow';
import type { DecideResult } from '../../shared/approvals/decideApproval';

/** For a repeat it re-sends (the workflow ignores a step it has passed). */
export async function raiseDecision(context: InvocationContext, result: DecideResult): Promise<void> {
  const decision =
    result.kind === 'recorded' || result.kind === 'already-decided' || result.kind === 'used-link'
      ? result.decision
      : undefined;
  if (!decision) return;
  try {
    await df
      .getClient(context)
      .raiseEvent(decision.requestId, DECISION_EVENT, { step: decision.step, decision: decision.decision });
  } catch (error) {
    // Recorded is recorded: the workflow also finds the decision at its next reminder or escalation.
    if (result.kind === 'recorded')
      context.warn(`The decision event for ${decision.code} was not raised: ${String(error)}`);
  }
}
