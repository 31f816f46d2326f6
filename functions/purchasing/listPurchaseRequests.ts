// GET /api/purchase-requests: the requests in the caller's scope, newest first, filtered and paged.
import { app, type HttpRequest, type HttpResponseInit } from '@azure/functions';
import { validationProblem } from '../../shared/platform/http/problem';
import { listPurchaseRequests, listQuerySchema } from '../../shared/purchasing/readPurchaseRequests';
import { getServices } from '../../shared/services';
import { queryObject } from '../../shared/platform/http/queryParams';
import { signedInUser } from '../identity/signedInUser';

export async function listPurchaseRequestsHandler(request: HttpRequest): Promise<HttpResponseInit> {
  const auth = await signedInUser(request);
  if (!auth.ok) return auth.response;
  const query = listQuerySchema.safeParse(queryObject(request));
  if (!query.success) return validationProblem(query.error, 'The query is not valid.');
  const services = await getServices();
  return { status: 200, jsonBody: await listPurchaseRequests(services.database.db, auth.user, query.data) };
}

app.http('listPurchaseRequests', {
  route: 'purchase-requests',
  methods: ['GET'],
  authLevel: 'anonymous',
  handler: listPurchaseRequestsHandler,
});
