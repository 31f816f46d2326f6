// POST /api/purchase-requests/{id}/cancel: the requester withdraws a pending request.
import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import { CANCEL_EVENT } from '../../orchestrations/approvals/purchaseApprovalWorkflow';
import { guardedHandler } from '../../shared/platform/http/guardedHandler';
import { problem, validationProblem } from '../../shared/platform/http/problem';
import { readBodyText } from '../../shared/platform/http/readJson';
import {
  cancelPurchaseRequest,
  cancelRequestBodySchema,
} from '../../shared/purchasing/cancelPurchaseRequest';
import { REQUEST_REF, type PurchasingRouteDeps } from './purchasingDeps';

const makeHandler =
  (deps: PurchasingRouteDeps) =>
  async (request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> => {
    const auth = await deps.identity.user(request);
    if (!auth.ok) return auth.response;
    const ref = request.params.id ?? '';
    if (!REQUEST_REF.test(ref))
      return problem(400, 'Bad Request', 'Give a request id (uuid) or code (PR-...).');
    const read = await readBodyText(request, 16 * 1024);
    if (!read.ok) return read.response;
    const text = read.text;
    let json: unknown = {};
    try {
      json = text.trim() ? JSON.parse(text) : {};
    } catch {
      return problem(400, 'Bad Request', 'The body is not valid JSON.');
    }
    const body = cancelRequestBodySchema.safeParse(json);
    if (!body.success) return validationProblem(body.error);
    const result = await cancelPurchaseRequest(
      { db: deps.db, now: deps.now },
      auth.user,
      ref,
      body.data.reason,
    );
    switch (result.kind) {
      case 'not-found':
        return problem(404, 'Not Found', `No purchase request ${ref} that you can see.`);
      case 'not-requester':
        return problem(403, 'Forbidden', 'Only the requester can cancel a request.');
      case 'not-pending':
        return problem(
          409,
          'Conflict',
          `The request is ${result.status}; only a pending request can be cancelled.`,
        );
      case 'cancelled':
        // The status is already cancelled; the workflow closes the open step and tells subscribers.
        await df.getClient(context).raiseEvent(result.id, CANCEL_EVENT, {});
        return { status: 200, jsonBody: { id: result.id, code: result.code, status: 'cancelled' } };
    }
  };

export function registerCancelPurchaseRequest(deps: PurchasingRouteDeps): void {
  app.http('cancelPurchaseRequest', {
    route: 'purchase-requests/{id}/cancel',
    methods: ['POST'],
    authLevel: 'anonymous',
    extraInputs: [df.input.durableClient()],
    handler: guardedHandler(deps.guard, makeHandler(deps)),
  });
}
