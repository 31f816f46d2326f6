// First activity of the workflow: reads the recorded chain and timings, and announces the request.
import { z } from 'zod';
import { PURCHASE_EVENTS } from '../../purchasing/purchaseEvents';
import { loadRequestSummary } from '../../purchasing/requestSummary';
import { approvalPolicySchema } from '../approvalPolicy';
import { publishPurchaseEvent } from '../../purchasing/publishPurchaseEvent';
import type { WorkflowDeps } from './workflowDeps';

export interface ApprovalPlan {
  status: string;
  steps: number[];
  reminderAfterHours: number;
  escalateAfterHours: number;
  expireAfterHours: number;
}

const chainSchema = z.object({ steps: z.array(z.object({ step: z.number().int() })) });

export async function beginApproval(deps: WorkflowDeps, requestId: string): Promise<ApprovalPlan> {
  const request = await loadRequestSummary(deps.db, requestId);
  if (!request) throw new Error(`Purchase request ${requestId} does not exist.`);
  const row = await deps.db
    .selectFrom('purchase_requests')
    .select(['chain', 'policy'])
    .where('id', '=', requestId)
    .executeTakeFirstOrThrow();
  const chain = chainSchema.parse(row.chain);
  const policy = approvalPolicySchema.parse(row.policy);
  if (request.status === 'pending') {
    await publishPurchaseEvent(deps, request, PURCHASE_EVENTS.submitted, 'submitted', {
      steps: chain.steps.length,
    });
  }
  return {
    status: request.status,
    steps: chain.steps.map((s) => s.step),
    reminderAfterHours: policy.reminderAfterHours,
    escalateAfterHours: policy.escalateAfterHours,
    expireAfterHours: policy.expireAfterHours,
  };
}
