// What the approval routes are built from (composed in functions/index.ts).
import type { RequestIdentity } from '../../shared/identity/requestIdentity';
import type { WorkflowDeps } from '../../shared/approvals/workflow/workflowDeps';
import type { HttpGuardDeps } from '../../shared/platform/http/guardedHandler';

export interface ApprovalRouteDeps {
  guard: HttpGuardDeps;
  identity: RequestIdentity;
  workflow: WorkflowDeps;
}
