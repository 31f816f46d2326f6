// POST /api/purchase-requests: an employee asks for software (items or a template). 201 with the
// request's id, code and status URL; the approval orchestration starts with the request id.
import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import { PURCHASE_APPROVAL_ORCHESTRATION } from '../../../orchestrations/purchaseApprovalWorkflow';
import { problem, validationProblem } from '../../../shared/http/problem';
import { readJsonBody } from '../../../shared/http/readJson';
import { createPurchaseRequest } from '../../../shared/purchasing/createPurchaseRequest';
import { purchaseRequestInputSchema } from '../../../shared/purchasing/purchaseRequestInput';
import { getServices } from '../../../shared/services';
import { signedInUser } from '../signedInUser';

export async function postPurchaseRequest(
  request: HttpRequest,
  context: InvocationContext,
): Promise<HttpResponseInit> {
  const auth = await signedInUser(request);
  if (!auth.ok) return auth.response;
  const body = await readJsonBody(request, 64 * 1024);
  if (!body.ok) return body.response;
  const input = purchaseRequestInputSchema.safeParse(body.value);
  if (!input.success) return validationProblem(input.error, 'The purchase request is not valid.');

  const services = await getServices();
  const client = df.getClient(context);
  const result = await createPurchaseRequest(
    {
      db: services.database.db,
      now: services.now,
      newId: services.newId,
      requestsPerDay: services.config.PURCHASE_REQUEST_DAILY_LIMIT,
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
      return { ...limited, headers: { ...limited.headers, 'retry-after': String(result.retryAfterSeconds) } };
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
}

app.http('postPurchaseRequest', {
  route: 'purchase-requests',
  methods: ['POST'],
  authLevel: 'anonymous',
  extraInputs: [df.input.durableClient()],
  handler: postPurchaseRequest,
});
