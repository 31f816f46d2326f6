// Registers the purchase-approval orchestration and its activities. The activities are thin: they
// validate their input and call the workflow's use cases with the composed services.
import * as df from 'durable-functions';
import { z } from 'zod';
import { askApprover } from '../shared/approvals/workflow/askApprover';
import { beginApproval } from '../shared/approvals/workflow/beginApproval';
import { concludeStep } from '../shared/approvals/workflow/concludeStep';
import { fulfilPurchaseRequest } from '../shared/approvals/workflow/fulfilPurchaseRequest';
import { readRecordedStep } from '../shared/approvals/workflow/readRecordedStep';
import { getServices, workflowDepsOf } from '../shared/services';
import {
  APPROVAL_ACTIVITIES,
  PURCHASE_APPROVAL_ORCHESTRATION,
  purchaseApprovalOrchestrator,
} from './purchaseApprovalWorkflow';

const requestId = z.uuid();
const askInput = z.strictObject({
  requestId: z.uuid(),
  step: z.number().int().positive(),
  reason: z.enum(['ask', 'remind', 'escalate']),
});
const stepInput = z.strictObject({
  requestId: z.uuid(),
  step: z.number().int().positive(),
});
const concludeInput = z.strictObject({
  requestId: z.uuid(),
  step: z.number().int().positive(),
  outcome: z.enum(['approved', 'rejected', 'expired', 'cancelled']),
});

df.app.orchestration(PURCHASE_APPROVAL_ORCHESTRATION, purchaseApprovalOrchestrator);

df.app.activity(APPROVAL_ACTIVITIES.begin, {
  handler: async (input: unknown) =>
    beginApproval(workflowDepsOf(await getServices()), requestId.parse(input)),
});

df.app.activity(APPROVAL_ACTIVITIES.ask, {
  handler: async (input: unknown) => askApprover(workflowDepsOf(await getServices()), askInput.parse(input)),
});

df.app.activity(APPROVAL_ACTIVITIES.read, {
  handler: async (input: unknown) =>
    readRecordedStep(workflowDepsOf(await getServices()), stepInput.parse(input)),
});

df.app.activity(APPROVAL_ACTIVITIES.conclude, {
  handler: async (input: unknown) =>
    concludeStep(workflowDepsOf(await getServices()), concludeInput.parse(input)),
});

df.app.activity(APPROVAL_ACTIVITIES.fulfil, {
  handler: async (input: unknown) =>
    fulfilPurchaseRequest(workflowDepsOf(await getServices()), requestId.parse(input)),
});
