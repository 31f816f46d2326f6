// GET /api/approvals/pending: what waits for the signed-in approver.
import { app } from '@azure/functions';
import { listPendingApprovals } from '../../shared/approvals/listPendingApprovals';
import { guardedHandler } from '../../shared/platform/http/guardedHandler';
import type { ApprovalRouteDeps } from './approvalRouteDeps';

export function registerListPendingApprovals({ guard, identity, workflow }: ApprovalRouteDeps): void {
  app.http('listPendingApprovals', {
    route: 'approvals/pending',
    methods: ['GET'],
    authLevel: 'anonymous',
    handler: guardedHandler(guard, async (request) => {
      const auth = await identity.user(request);
      if (!auth.ok) return auth.response;
      return {
        status: 200,
        jsonBody: { items: await listPendingApprovals(workflow.db, auth.user.employeeId) },
      };
    }),
  });
}
