// GET /api/purchase-requests (the requests in the caller's scope, newest first, filtered and paged)
// and GET /api/purchase-requests/{id} (one request by id or code, with items, cost, steps,
// fulfilment and timeline), with an ETag so a poller's unchanged answer is a 304. Outside the
// caller's scope a request is 404, as if it did not exist.
import { app } from '@azure/functions';
import { conditionalJson } from '../../shared/platform/http/etag';
import { guardedHandler } from '../../shared/platform/http/guardedHandler';
import { problem, validationProblem } from '../../shared/platform/http/problem';
import { queryObject } from '../../shared/platform/http/queryParams';
import { getPurchaseRequest } from '../../shared/purchasing/purchaseRequestDetail';
import { listPurchaseRequests, listQuerySchema } from '../../shared/purchasing/readPurchaseRequests';
import { REQUEST_REF, type PurchasingRouteDeps } from './purchasingDeps';

export function registerReadPurchaseRequests(deps: PurchasingRouteDeps): void {
  app.http('listPurchaseRequests', {
    route: 'purchase-requests',
    methods: ['GET'],
    authLevel: 'anonymous',
    handler: guardedHandler(deps.guard, async (request) => {
      const auth = await deps.identity.user(request);
      if (!auth.ok) return auth.response;
      const query = listQuerySchema.safeParse(queryObject(request));
      if (!query.success) return validationProblem(query.error, 'The query is not valid.');
      return { status: 200, jsonBody: await listPurchaseRequests(deps.db, auth.user, query.data) };
    }),
  });

  app.http('getPurchaseRequest', {
    route: 'purchase-requests/{id}',
    methods: ['GET'],
    authLevel: 'anonymous',
    handler: guardedHandler(deps.guard, async (request) => {
      const auth = await deps.identity.user(request);
      if (!auth.ok) return auth.response;
      const ref = request.params.id ?? '';
      if (!REQUEST_REF.test(ref))
        return problem(400, 'Bad Request', 'Give a request id (uuid) or code (PR-...).');
      const detail = await getPurchaseRequest(deps.db, auth.user, ref);
      if (!detail) return problem(404, 'Not Found', `No purchase request ${ref} that you can see.`);
      return conditionalJson(request, detail);
    }),
  });
}
