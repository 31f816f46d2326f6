// GET /api/purchase-requests/{id}: one request (by id or code) with items, cost, steps, fulfilment
// and its timeline. Outside the caller's scope it is 404, as if it did not exist.
import { app, type HttpRequest, type HttpResponseInit } from '@azure/functions';
import { problem } from '../../shared/platform/http/problem';
import { getPurchaseRequest } from '../../shared/purchasing/purchaseRequestDetail';
import { getServices } from '../../shared/services';
import { signedInUser } from '../identity/signedInUser';

export const REQUEST_REF =
  /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|PR-[A-Z0-9]{2,10}-\d{8}-\d{3,})$/;

export async function getPurchaseRequestHandler(request: HttpRequest): Promise<HttpResponseInit> {
  const auth = await signedInUser(request);
  if (!auth.ok) return auth.response;
  const ref = request.params.id ?? '';
  if (!REQUEST_REF.test(ref))
    return problem(400, 'Bad Request', 'Give a request id (uuid) or code (PR-...).');
  const services = await getServices();
  const detail = await getPurchaseRequest(services.database.db, auth.user, ref);
  if (!detail) return problem(404, 'Not Found', `No purchase request ${ref} that you can see.`);
  return { status: 200, jsonBody: detail };
}

app.http('getPurchaseRequest', {
  route: 'purchase-requests/{id}',
  methods: ['GET'],
  authLevel: 'anonymous',
  handler: getPurchaseRequestHandler,
});
