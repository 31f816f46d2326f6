// POST /api/approvals/{requestId}/decision: the signed-in approver decides the step waiting for them.
import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import { decideApproval } from '../../shared/approvals/decideApproval';
import { portalDecisionSchema } from '../../shared/approvals/decisionInput';
import { guardedHandler } from '../../shared/platform/http/guardedHandler';
import { problem, validationProblem } from '../../shared/platform/http/problem';
import { readJsonBody } from '../../shared/platform/http/readJson';
import { findVisibleRequestId } from '../../shared/purchasing/readPurchaseRequests';
import { REQUEST_REF } from '../purchasing/purchasingDeps';
import type { ApprovalRouteDeps } from './approvalRouteDeps';
import { raiseDecision } from './raiseDecision';

const makeHandler =
  ({ identity, workflow: deps }: ApprovalRouteDeps) =>
  async (request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> => {
    const auth = await identity.user(request);
    if (!auth.ok) return auth.response;
    const ref = request.params.requestId ?? '';
    if (!REQUEST_REF.test(ref))
      return problem(400, 'Bad Request', 'Give a request id (uuid) or code (PR-...).');
    const body = await readJsonBody(request, 16 * 1024);
    if (!body.ok) return body.response;
    const input = portalDecisionSchema.safeParse(body.value);
    if (!input.success) return validationProblem(input.error, 'The decision is not valid.');
    const requestId = await findVisibleRequestId(deps.db, auth.user, ref);
    if (!requestId) return problem(404, 'Not Found', `No purchase request ${ref} that you can see.`);
    const result = await decideApproval(
      { db: deps.db, now: deps.now, linkSecret: deps.linkSecret },
      {
        via: 'portal',
        approverId: auth.user.employeeId,
        requestId,
        decision: input.data.decision,
        ...(input.data.comment !== undefined && { comment: input.data.comment }),
      },
    );
    await raiseDecision(context, result);
    switch (result.kind) {
      case 'recorded':
        return { status: 200, jsonBody: result.decision };
      case 'not-your-step':
        return problem(403, 'Forbidden', result.detail);
      case 'already-decided':
        return problem(409, 'Conflict', 'This step is already decided.', { decision: result.decision });
      case 'not-pending':
        return problem(409, 'Conflict', `${result.code} is ${result.status}.`);
      case 'not-found':
        return problem(404, 'Not Found', `No purchase request ${ref} that you can see.`);
      default:
        return problem(400, 'Bad Request', 'The decision could not be recorded.');
    }
  };

export function registerPostPortalDecision(deps: ApprovalRouteDeps): void {
  app.http('postPortalDecision', {
    route: 'approvals/{requestId}/decision',
    methods: ['POST'],
    authLevel: 'anonymous',
    extraInputs: [df.input.durableClient()],
    handler: guardedHandler(deps.guard, makeHandler(deps)),
  });
}
