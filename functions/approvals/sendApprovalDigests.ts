// Every 10 minutes: mail each approver the asks that came beyond their hourly limit, as one digest.
import { app } from '@azure/functions';
import { sendApprovalDigests } from '../../shared/approvals/approvalDigest';
import type { WorkflowDeps } from '../../shared/approvals/workflow/workflowDeps';

export function registerSendApprovalDigests(deps: WorkflowDeps): void {
  app.timer('sendApprovalDigests', {
    schedule: '0 */10 * * * *',
    handler: async (_timer, context) => {
      const run = await sendApprovalDigests(deps);
      if (run.sent > 0) context.log(`sent ${run.sent} approval digest(s) carrying ${run.asks} ask(s)`);
    },
  });
}
