// POST /api/purchase-requests/quote: the price of a draft request (the body of a submission, with
// justification and neededBy optional), checked like a submission; nothing is stored and the daily
// limit is not touched.
import { app } from '@azure/functions';
import { guardedHandler } from '../../shared/platform/http/guardedHandler';
import { problem, validationProblem } from '../../shared/platform/http/problem';
import { readJsonBody } from '../../shared/platform/http/readJson';
import { purchaseDraftInputSchema } from '../../shared/purchasing/purchaseRequestInput';
import { quotePurchaseRequest } from '../../shared/purchasing/quotePurchaseRequest';
import { MAX_PURCHASE_REQUEST_BYTES } from './postPurchaseRequest';
import type { PurchasingRouteDeps } from './purchasingDeps';

export function registerPostPurchaseQuote(deps: PurchasingRouteDeps): void {
  app.http('postPurchaseQuote', {
    route: 'purchase-requests/quote',
    methods: ['POST'],
    authLevel: 'anonymous',
    handler: guardedHandler(deps.guard, async (request) => {
      const auth = await deps.identity.user(request);
      if (!auth.ok) return auth.response;
      const body = await readJsonBody(request, MAX_PURCHASE_REQUEST_BYTES);
      if (!body.ok) return body.response;
      const input = purchaseDraftInputSchema.safeParse(body.value);
      if (!input.success) return validationProblem(input.error, 'The purchase request is not valid.');
      const result = await quotePurchaseRequest(deps.db, auth.user, input.data, deps.now());
      switch (result.kind) {
        case 'invalid':
          return problem(400, 'Bad Request', 'The purchase request is not valid.', { errors: result.errors });
        case 'forbidden':
          return problem(403, 'Forbidden', result.detail);
        case 'quoted':
          return { status: 200, jsonBody: result.quote };
      }
    }),
  });
}
