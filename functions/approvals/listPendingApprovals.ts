// GET /api/approvals/pending: what waits for the signed-in approver.
import { app, type HttpRequest, type HttpResponseInit } from '@azure/functions';
import { listPendingApprovals } from '../../shared/approvals/listPendingApprovals';
import { getServices } from '../../shared/services';
import { signedInUser } from '../identity/signedInUser';

export async function listPendingApprovalsHandler(request: HttpRequest): Promise<HttpResponseInit> {
  const auth = await signedInUser(request);
  if (!auth.ok) return auth.response;
  const services = await getServices();
  return {
    status: 200,
    jsonBody: { items: await listPendingApprovals(services.database.db, auth.user.employeeId) },
  };
}

app.http('listPendingApprovals', {
  route: 'approvals/pending',
  methods: ['GET'],
  authLevel: 'anonymous',
  handler: listPendingApprovalsHandler,
});
