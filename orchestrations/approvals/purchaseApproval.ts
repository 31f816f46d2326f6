// Registers the purchase-approval orchestration and its activities. The activities are thin: they
// validate their input and call the workflow's use cases with the dependencies they are given.
import * as df from 'durable-functions';
import { z } from 'zod';
import { askApprover } from '../../shared/approvals/workflow/askApprover';
import { beginApproval } from '../../shared/approvals/workflow/beginApproval';
import { concludeStep } from '../../shared/approvals/workflow/concludeStep';
import { readRecordedStep } from '../../shared/approvals/workflow/readRecordedStep';
import type { WorkflowDeps } from '../../shared/approvals/workflow/workflowDeps';
import { fulfilPurchaseRequest } from '../../shared/purchasing/fulfilPurchaseRequest';
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

export function registerPurchaseApproval(deps: WorkflowDeps): void {
  df.app.orchestration(PURCHASE_APPROVAL_ORCHESTRATION, purchaseApprovalOrchestrator);

  df.app.activity(APPROVAL_ACTIVITIES.begin, {
    handler: (input: unknown) => beginApproval(deps, requestId.parse(input)),
  });

  df.app.activity(APPROVAL_ACTIVITIES.ask, {
    handler: (input: unknown) => askApprover(deps, askInput.parse(input)),
  });

  df.app.activity(APPROVAL_ACTIVITIES.read, {
    handler: (input: unknown) => readRecordedStep(deps, stepInput.parse(input)),
  });

  df.app.activity(APPROVAL_ACTIVITIES.conclude, {
    handler: (input: unknown) => concludeStep(deps, concludeInput.parse(input)),
  });

  df.app.activity(APPROVAL_ACTIVITIES.fulfil, {
    handler: (input: unknown) => fulfilPurchaseRequest(deps, requestId.parse(input)),
  });
}
