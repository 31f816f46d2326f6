// POST /api/purchase-requests: an employee asks for software (items or a template). 201 with the
// request's id, code and status URL; the approval orchestration starts with the request id.
import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import { PURCHASE_APPROVAL_ORCHESTRATION } from '../../orchestrations/approvals/purchaseApprovalWorkflow';
import { guardedHandler } from '../../shared/platform/http/guardedHandler';
import { problem, validationProblem } from '../../shared/platform/http/problem';
import { readJsonBody } from '../../shared/platform/http/readJson';
import { createPurchaseRequest, type PlanApproval } from '../../shared/purchasing/createPurchaseRequest';
import { purchaseRequestInputSchema } from '../../shared/purchasing/purchaseRequestInput';
import type { PurchasingRouteDeps } from './purchasingDeps';

export const MAX_PURCHASE_REQUEST_BYTES = 64 * 1024;

type Deps = PurchasingRouteDeps & {
  newId: () => string;
  planApproval: PlanApproval;
  /** PURCHASE_REQUEST_DAILY_LIMIT */
  requestsPerDay: number;
};

function makeHandler(deps: Deps) {
  return async (request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> => {
    const auth = await deps.identity.user(request);
    if (!auth.ok) return auth.response;
    const body = await readJsonBody(request, MAX_PURCHASE_REQUEST_BYTES);
    if (!body.ok) return body.response;
    const input = purchaseRequestInputSchema.safeParse(body.value);
    if (!input.success) return validationProblem(input.error, 'The purchase request is not valid.');

    const client = df.getClient(context);
    const result = await createPurchaseRequest(
      {
        db: deps.db,
        now: deps.now,
        newId: deps.newId,
        planApproval: deps.planApproval,
        requestsPerDay: deps.requestsPerDay,
        startApproval: async (requestId) => {
          await client.startNew(PURCHASE_APPROVAL_ORCHESTRATION, {
            instanceId: requestId,
            input: { requestId },
          });
        },
      },
      auth.user,
      input.data,
    );
    switch (result.kind) {
      case 'invalid':
        return problem(400, 'Bad Request', 'The purchase request is not valid.', { errors: result.errors });
      case 'forbidden':
        return problem(403, 'Forbidden', result.detail);
      case 'no-approver':
        return problem(422, 'Unprocessable Content', result.detail);
      case 'limited': {
        const limited = problem(429, 'Too Many Requests', result.detail, { limit: result.limit });
        return {
          ...limited,
          headers: { ...limited.headers, 'retry-after': String(result.retryAfterSeconds) },
        };
      }
      case 'workflow-unavailable':
        return {
          ...problem(
            503,
            'Service Unavailable',
            `${result.code} could not start its approval; it is cancelled. Submit it again.`,
          ),
          headers: { 'content-type': 'application/problem+json', 'retry-after': '10' },
        };
      case 'created':
        return {
          status: 201,
          headers: { location: `/api/purchase-requests/${result.id}` },
          jsonBody: { id: result.id, code: result.code, status: 'pending' },
        };
    }
  };
}

export function registerPostPurchaseRequest(deps: Deps): void {
  app.http('postPurchaseRequest', {
    route: 'purchase-requests',
    methods: ['POST'],
    authLevel: 'anonymous',
    extraInputs: [df.input.durableClient()],
    handler: guardedHandler(deps.guard, makeHandler(deps)),
  });
}
