// Every 10 minutes: mail each approver the asks that came beyond their hourly limit, as one digest.
import { app, type InvocationContext } from '@azure/functions';
import { sendApprovalDigests } from '../../shared/approvals/approvalDigest';
import { getServices, workflowDepsOf } from '../../shared/services';

export async function sendApprovalDigestsNow(_timer: unknown, context: InvocationContext): Promise<void> {
  const run = await sendApprovalDigests(workflowDepsOf(await getServices()));
  if (run.sent > 0) context.log(`sent ${run.sent} approval digest(s) carrying ${run.asks} ask(s)`);
}

app.timer('sendApprovalDigests', {
  schedule: '0 */10 * * * *',
  handler: sendApprovalDigestsNow,
});
