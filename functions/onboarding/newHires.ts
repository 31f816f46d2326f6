// The new-hire routes (docs/onboarding-api.md): record, list, read, adjust the bundle, submit, move
// the start date, cancel. Thin: the body is checked at the edge, the use case decides, its answer is
// mapped to HTTP. The durable client gives the use cases their workflow ports (the hire's onboarding
// orchestration and the request's approval orchestration).
import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import type { Kysely } from 'kysely';
import {
  CANCEL_EVENT,
  PURCHASE_APPROVAL_ORCHESTRATION,
} from '../../orchestrations/approvals/purchaseApprovalWorkflow';
import {
  ONBOARDING_EVENT,
  ONBOARDING_ORCHESTRATION,
} from '../../orchestrations/onboarding/onboardingWorkflow';
import type { MatchJobDescription } from '../../shared/ai/jdMatch/jdMatchContract';
import type { RequestIdentity } from '../../shared/identity/requestIdentity';
import type { UserPrincipal } from '../../shared/identity/principal';
import { cancelNewHire } from '../../shared/onboarding/cancelNewHire';
import { UUID } from '../../shared/onboarding/newHireAccess';
import { getNewHire, listNewHires } from '../../shared/onboarding/newHireDetail';
import {
  cancelNewHireSchema,
  listNewHiresQuerySchema,
  moveStartDateSchema,
  recordNewHireSchema,
  submitNewHireSchema,
  updateBundleSchema,
} from '../../shared/onboarding/newHireInput';
import { moveStartDate } from '../../shared/onboarding/moveStartDate';
import { onboardingInstanceId, type OnboardingDeps } from '../../shared/onboarding/onboardingDeps';
import { recordNewHire } from '../../shared/onboarding/recordNewHire';
import { submitNewHire } from '../../shared/onboarding/submitNewHire';
import { updateBundle } from '../../shared/onboarding/updateBundle';
import type { Database } from '../../shared/platform/db/schema';
import { guardedHandler, type HttpGuardDeps } from '../../shared/platform/http/guardedHandler';
import { problem, validationProblem } from '../../shared/platform/http/problem';
import { queryObject } from '../../shared/platform/http/queryParams';
import { readBodyText, readJsonBody } from '../../shared/platform/http/readJson';
import type { PlanApproval } from '../../shared/purchasing/createPurchaseRequest';

/** a 20,000-character description and the other fields, with room for escaping */
export const MAX_NEW_HIRE_BODY_BYTES = 96 * 1024;
const MAX_SMALL_BODY_BYTES = 16 * 1024;

export interface NewHireRouteDeps {
  guard: HttpGuardDeps;
  identity: RequestIdentity;
  db: Kysely<Database>;
  now: () => Date;
  newId: () => string;
  matchJobDescription: MatchJobDescription;
  planApproval: PlanApproval;
  requestsPerDay: number;
}

function useCaseDeps(deps: NewHireRouteDeps, context: InvocationContext): OnboardingDeps {
  const client = df.getClient(context);
  return {
    db: deps.db,
    now: deps.now,
    newId: deps.newId,
    matchJobDescription: deps.matchJobDescription,
    workflow: {
      start: async (hireId) => {
        await client.startNew(ONBOARDING_ORCHESTRATION, {
          instanceId: onboardingInstanceId(hireId),
          input: { hireId },
        });
      },
      signal: (hireId, what) => client.raiseEvent(onboardingInstanceId(hireId), ONBOARDING_EVENT, { what }),
    },
    purchasing: {
      planApproval: deps.planApproval,
      requestsPerDay: deps.requestsPerDay,
      startApproval: async (requestId) => {
        await client.startNew(PURCHASE_APPROVAL_ORCHESTRATION, {
          instanceId: requestId,
          input: { requestId },
        });
      },
      cancelApproval: (requestId) => client.raiseEvent(requestId, CANCEL_EVENT, {}),
    },
  };
}

const notFound = (id: string) => problem(404, 'Not Found', `No new hire ${id} that you can see.`);

/** The answers every write shares. */
function refused(
  result:
    | { kind: 'not-found' }
    | { kind: 'forbidden'; detail: string }
    | { kind: 'invalid'; errors: { path: string; message: string }[] }
    | { kind: 'conflict' | 'not-draft'; detail: string }
    | { kind: 'stale'; detail: string; revision: number }
    | { kind: 'no-approver'; detail: string }
    | { kind: 'limited'; detail: string; limit: number; retryAfterSeconds: number }
    | { kind: 'workflow-unavailable'; detail: string },
  id: string,
): HttpResponseInit {
  switch (result.kind) {
    case 'not-found':
      return notFound(id);
    case 'forbidden':
      return problem(403, 'Forbidden', result.detail);
    case 'invalid':
      return problem(400, 'Bad Request', 'The new hire is not valid.', { errors: result.errors });
    case 'conflict':
    case 'not-draft':
      return problem(409, 'Conflict', result.detail);
    case 'stale':
      return problem(409, 'Conflict', result.detail, { revision: result.revision });
    case 'no-approver':
      return problem(422, 'Unprocessable Content', result.detail);
    case 'limited': {
      const limited = problem(429, 'Too Many Requests', result.detail, { limit: result.limit });
      return { ...limited, headers: { ...limited.headers, 'retry-after': String(result.retryAfterSeconds) } };
    }
    case 'workflow-unavailable':
      return {
        ...problem(503, 'Service Unavailable', result.detail),
        headers: { 'content-type': 'application/problem+json', 'retry-after': '10' },
      };
  }
}

/** A JSON body that may be empty ({}). */
async function optionalJson(
  request: HttpRequest,
): Promise<{ ok: true; value: unknown } | { ok: false; response: HttpResponseInit }> {
  const read = await readBodyText(request, MAX_SMALL_BODY_BYTES);
  if (!read.ok) return read;
  try {
    return { ok: true, value: read.text.trim() ? JSON.parse(read.text) : {} };
  } catch {
    return { ok: false, response: problem(400, 'Bad Request', 'The body is not valid JSON.') };
  }
}

type Handler = (
  deps: NewHireRouteDeps,
  user: UserPrincipal,
  request: HttpRequest,
  context: InvocationContext,
  id: string,
) => Promise<HttpResponseInit>;

function route(deps: NewHireRouteDeps, handler: Handler) {
  return guardedHandler(deps.guard, async (request, context) => {
    const auth = await deps.identity.user(request);
    if (!auth.ok) return auth.response;
    const id = request.params.id ?? '';
    if (request.params.id !== undefined && !UUID.test(id)) {
      return problem(400, 'Bad Request', 'Give a new hire id (uuid).', {
        errors: [{ path: 'id', message: 'must be a uuid' }],
      });
    }
    return handler(deps, auth.user, request, context, id);
  });
}

const record: Handler = async (deps, user, request, context) => {
  const body = await readJsonBody(request, MAX_NEW_HIRE_BODY_BYTES);
  if (!body.ok) return body.response;
  const input = recordNewHireSchema.safeParse(body.value);
  if (!input.success) return validationProblem(input.error, 'The new hire is not valid.');
  const result = await recordNewHire(useCaseDeps(deps, context), user, input.data);
  if (result.kind !== 'created') return refused(result, '');
  return { status: 201, headers: { location: `/api/new-hires/${result.hire.id}` }, jsonBody: result.hire };
};

const list: Handler = async (deps, user, request) => {
  const query = listNewHiresQuerySchema.safeParse(queryObject(request));
  if (!query.success) return validationProblem(query.error, 'The query is not valid.');
  const result = await listNewHires(deps.db, user, query.data);
  if (result.kind !== 'ok') return refused(result, '');
  return { status: 200, jsonBody: { items: result.items } };
};

const read: Handler = async (deps, user, _request, _context, id) => {
  const hire = await getNewHire(deps.db, user, id);
  return hire ? { status: 200, jsonBody: hire } : notFound(id);
};

const bundle: Handler = async (deps, user, request, _context, id) => {
  const body = await readJsonBody(request, MAX_SMALL_BODY_BYTES);
  if (!body.ok) return body.response;
  const input = updateBundleSchema.safeParse(body.value);
  if (!input.success) return validationProblem(input.error, 'The bundle is not valid.');
  const result = await updateBundle({ db: deps.db, now: deps.now }, user, id, input.data);
  return result.kind === 'updated' ? { status: 200, jsonBody: result.hire } : refused(result, id);
};

const submit: Handler = async (deps, user, request, context, id) => {
  const body = await optionalJson(request);
  if (!body.ok) return body.response;
  const input = submitNewHireSchema.safeParse(body.value);
  if (!input.success) return validationProblem(input.error, 'The submission is not valid.');
  const result = await submitNewHire(useCaseDeps(deps, context), user, id, input.data);
  return result.kind === 'submitted' ? { status: 200, jsonBody: result.hire } : refused(result, id);
};

const move: Handler = async (deps, user, request, context, id) => {
  const body = await readJsonBody(request, MAX_SMALL_BODY_BYTES);
  if (!body.ok) return body.response;
  const input = moveStartDateSchema.safeParse(body.value);
  if (!input.success) return validationProblem(input.error, 'The change is not valid.');
  const result = await moveStartDate(useCaseDeps(deps, context), user, id, input.data.startDate);
  return result.kind === 'moved' ? { status: 200, jsonBody: result.hire } : refused(result, id);
};

const cancel: Handler = async (deps, user, request, context, id) => {
  const body = await readJsonBody(request, MAX_SMALL_BODY_BYTES);
  if (!body.ok) return body.response;
  const input = cancelNewHireSchema.safeParse(body.value);
  if (!input.success) return validationProblem(input.error, 'The cancellation is not valid.');
  const result = await cancelNewHire(useCaseDeps(deps, context), user, id, input.data.reason);
  return result.kind === 'cancelled' ? { status: 200, jsonBody: result.hire } : refused(result, id);
};

export function registerNewHireRoutes(deps: NewHireRouteDeps): void {
  const durable = { authLevel: 'anonymous' as const, extraInputs: [df.input.durableClient()] };
  app.http('postNewHire', {
    route: 'new-hires',
    methods: ['POST'],
    ...durable,
    handler: route(deps, record),
  });
  app.http('listNewHires', {
    route: 'new-hires',
    methods: ['GET'],
    authLevel: 'anonymous',
    handler: route(deps, list),
  });
  app.http('getNewHire', {
    route: 'new-hires/{id}',
    methods: ['GET'],
    authLevel: 'anonymous',
    handler: route(deps, read),
  });
  app.http('patchNewHire', {
    route: 'new-hires/{id}',
    methods: ['PATCH'],
    ...durable,
    handler: route(deps, move),
  });
  app.http('putNewHireBundle', {
    route: 'new-hires/{id}/bundle',
    methods: ['PUT'],
    authLevel: 'anonymous',
    handler: route(deps, bundle),
  });
  app.http('submitNewHire', {
    route: 'new-hires/{id}/submit',
    methods: ['POST'],
    ...durable,
    handler: route(deps, submit),
  });
  app.http('cancelNewHire', {
    route: 'new-hires/{id}/cancel',
    methods: ['POST'],
    ...durable,
    handler: route(deps, cancel),
  });
}
