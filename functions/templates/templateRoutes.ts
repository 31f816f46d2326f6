// /api/purchase-templates (F4): list, detail, one version, create, update (a new version; 409 when
// stale), archive, suggestions mined from usage, accept a suggestion, and request a template as one
// purchase request. Thin: sign-in, strict zod at the edge (400 naming the field), the use case in
// shared/templates/, and its outcome mapped to a status.
import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import type { Kysely } from 'kysely';
import { PURCHASE_APPROVAL_ORCHESTRATION } from '../../orchestrations/approvals/purchaseApprovalWorkflow';
import type { RequestIdentity } from '../../shared/identity/requestIdentity';
import type { Database } from '../../shared/platform/db/schema';
import { guardedHandler, type HttpGuardDeps } from '../../shared/platform/http/guardedHandler';
import { fieldErrors, problem, validationProblem } from '../../shared/platform/http/problem';
import { queryObject } from '../../shared/platform/http/queryParams';
import { readJsonBody } from '../../shared/platform/http/readJson';
import type { PlanApproval } from '../../shared/purchasing/createPurchaseRequest';
import { getTemplate, getTemplateVersion, listTemplates } from '../../shared/templates/readTemplates';
import { requestTemplate } from '../../shared/templates/requestTemplate';
import { suggestTemplates } from '../../shared/templates/suggestTemplates';
import {
  acceptSuggestionSchema,
  createTemplateSchema,
  listTemplatesQuerySchema,
  requestTemplateSchema,
  suggestionsQuerySchema,
  templateIdSchema,
  templateVersionSchema,
  updateTemplateSchema,
} from '../../shared/templates/templateInput';
import {
  acceptSuggestion,
  archiveTemplate,
  createTemplate,
  updateTemplate,
  type TemplateWriteResult,
} from '../../shared/templates/writeTemplates';

export interface TemplateRouteDeps {
  guard: HttpGuardDeps;
  identity: RequestIdentity;
  db: Kysely<Database>;
  now: () => Date;
  newId: () => string;
  planApproval: PlanApproval;
  /** PURCHASE_REQUEST_DAILY_LIMIT */
  requestsPerDay: number;
}

const MAX_BODY_BYTES = 64 * 1024;

type Parsed<T> = { ok: true; value: T } | { ok: false; response: HttpResponseInit };

function templateId(request: HttpRequest): Parsed<number> {
  const id = templateIdSchema.safeParse(request.params.id ?? '');
  if (!id.success)
    return {
      ok: false,
      response: problem(400, 'Bad Request', 'The template id in the path is not valid.', {
        errors: fieldErrors(id.error, ['id']),
      }),
    };
  return { ok: true, value: id.data };
}

function written(result: TemplateWriteResult, created: boolean): HttpResponseInit {
  switch (result.kind) {
    case 'saved':
      return {
        status: created ? 201 : 200,
        headers: { location: `/api/purchase-templates/${result.id}` },
        jsonBody: { id: result.id, version: result.version },
      };
    case 'invalid':
      return problem(400, 'Bad Request', 'The template is not valid.', { errors: result.errors });
    case 'not-found':
      return problem(404, 'Not Found', result.detail);
    case 'forbidden':
      return problem(403, 'Forbidden', result.detail);
    case 'conflict':
      return problem(409, 'Conflict', result.detail, {
        ...(result.currentVersion !== undefined && { currentVersion: result.currentVersion }),
      });
  }
}

const lookupFailure = (result: { kind: 'not-found' | 'forbidden'; detail: string }) =>
  result.kind === 'not-found'
    ? problem(404, 'Not Found', result.detail)
    : problem(403, 'Forbidden', result.detail);

export function registerTemplateRoutes(deps: TemplateRouteDeps): void {
  const { guard, identity, db } = deps;
  const writeDeps = { db, now: deps.now };

  app.http('listPurchaseTemplates', {
    route: 'purchase-templates',
    methods: ['GET'],
    authLevel: 'anonymous',
    handler: guardedHandler(guard, async (request) => {
      const auth = await identity.user(request);
      if (!auth.ok) return auth.response;
      const query = listTemplatesQuerySchema.safeParse(queryObject(request));
      if (!query.success) return validationProblem(query.error, 'The query is not valid.');
      const result = await listTemplates(db, auth.user, query.data);
      if (result.kind !== 'ok') return lookupFailure(result);
      const { kind: _kind, ...body } = result;
      return { status: 200, jsonBody: body };
    }),
  });

  app.http('createPurchaseTemplate', {
    route: 'purchase-templates',
    methods: ['POST'],
    authLevel: 'anonymous',
    handler: guardedHandler(guard, async (request) => {
      const auth = await identity.user(request);
      if (!auth.ok) return auth.response;
      const body = await readJsonBody(request, MAX_BODY_BYTES);
      if (!body.ok) return body.response;
      const input = createTemplateSchema.safeParse(body.value);
      if (!input.success) return validationProblem(input.error, 'The template is not valid.');
      return written(await createTemplate(writeDeps, auth.user, input.data), true);
    }),
  });

  app.http('listTemplateSuggestions', {
    route: 'purchase-templates/suggestions',
    methods: ['GET'],
    authLevel: 'anonymous',
    handler: guardedHandler(guard, async (request) => {
      const auth = await identity.user(request);
      if (!auth.ok) return auth.response;
      const query = suggestionsQuerySchema.safeParse(queryObject(request));
      if (!query.success) return validationProblem(query.error, 'The query is not valid.');
      const result = await suggestTemplates(writeDeps, auth.user, query.data);
      if (result.kind !== 'ok') return lookupFailure(result);
      const { kind: _kind, ...body } = result;
      return { status: 200, jsonBody: body };
    }),
  });

  app.http('acceptTemplateSuggestion', {
    route: 'purchase-templates/suggestions/accept',
    methods: ['POST'],
    authLevel: 'anonymous',
    handler: guardedHandler(guard, async (request) => {
      const auth = await identity.user(request);
      if (!auth.ok) return auth.response;
      const body = await readJsonBody(request, MAX_BODY_BYTES);
      if (!body.ok) return body.response;
      const input = acceptSuggestionSchema.safeParse(body.value);
      if (!input.success) return validationProblem(input.error, 'The suggestion is not valid.');
      return written(
        await acceptSuggestion(writeDeps, auth.user, input.data),
        input.data.templateId === undefined,
      );
    }),
  });

  app.http('getPurchaseTemplate', {
    route: 'purchase-templates/{id}',
    methods: ['GET'],
    authLevel: 'anonymous',
    handler: guardedHandler(guard, async (request) => {
      const auth = await identity.user(request);
      if (!auth.ok) return auth.response;
      const id = templateId(request);
      if (!id.ok) return id.response;
      const detail = await getTemplate(db, auth.user, id.value);
      if (!detail) return problem(404, 'Not Found', `No purchase template ${id.value} that you can see.`);
      return { status: 200, jsonBody: detail };
    }),
  });

  app.http('updatePurchaseTemplate', {
    route: 'purchase-templates/{id}',
    methods: ['PUT'],
    authLevel: 'anonymous',
    handler: guardedHandler(guard, async (request) => {
      const auth = await identity.user(request);
      if (!auth.ok) return auth.response;
      const id = templateId(request);
      if (!id.ok) return id.response;
      const body = await readJsonBody(request, MAX_BODY_BYTES);
      if (!body.ok) return body.response;
      const input = updateTemplateSchema.safeParse(body.value);
      if (!input.success) return validationProblem(input.error, 'The template is not valid.');
      return written(await updateTemplate(writeDeps, auth.user, id.value, input.data), false);
    }),
  });

  app.http('archivePurchaseTemplate', {
    route: 'purchase-templates/{id}',
    methods: ['DELETE'],
    authLevel: 'anonymous',
    handler: guardedHandler(guard, async (request) => {
      const auth = await identity.user(request);
      if (!auth.ok) return auth.response;
      const id = templateId(request);
      if (!id.ok) return id.response;
      const result = await archiveTemplate(writeDeps, auth.user, id.value);
      if (result.kind !== 'archived') return lookupFailure(result);
      return { status: 200, jsonBody: { id: result.id, archivedAt: result.archivedAt } };
    }),
  });

  app.http('getPurchaseTemplateVersion', {
    route: 'purchase-templates/{id}/versions/{version}',
    methods: ['GET'],
    authLevel: 'anonymous',
    handler: guardedHandler(guard, async (request) => {
      const auth = await identity.user(request);
      if (!auth.ok) return auth.response;
      const id = templateId(request);
      if (!id.ok) return id.response;
      const version = templateVersionSchema.safeParse(request.params.version ?? '');
      if (!version.success)
        return problem(400, 'Bad Request', 'The version in the path is not valid.', {
          errors: fieldErrors(version.error, ['version']),
        });
      const found = await getTemplateVersion(db, auth.user, id.value, version.data);
      if (!found)
        return problem(
          404,
          'Not Found',
          `No version ${version.data} of purchase template ${id.value} that you can see.`,
        );
      return { status: 200, jsonBody: found };
    }),
  });

  app.http('requestPurchaseTemplate', {
    route: 'purchase-templates/{id}/request',
    methods: ['POST'],
    authLevel: 'anonymous',
    extraInputs: [df.input.durableClient()],
    handler: guardedHandler(
      guard,
      async (request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> => {
        const auth = await identity.user(request);
        if (!auth.ok) return auth.response;
        const id = templateId(request);
        if (!id.ok) return id.response;
        const body = await readJsonBody(request, MAX_BODY_BYTES);
        if (!body.ok) return body.response;
        const input = requestTemplateSchema.safeParse(body.value);
        if (!input.success) return validationProblem(input.error, 'The request is not valid.');
        const client = df.getClient(context);
        const result = await requestTemplate(
          {
            db,
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
          id.value,
          input.data,
        );
        const skipped = 'skipped' in result ? (result.skipped ?? []) : [];
        switch (result.kind) {
          case 'created':
            return {
              status: 201,
              headers: { location: `/api/purchase-requests/${result.id}` },
              jsonBody: {
                id: result.id,
                code: result.code,
                status: 'pending',
                templateId: result.templateId,
                templateVersion: result.templateVersion,
                skipped,
              },
            };
          case 'invalid':
            return problem(400, 'Bad Request', 'The template cannot be requested as asked.', {
              errors: result.errors,
              skipped,
            });
          case 'not-found':
            return problem(404, 'Not Found', result.detail);
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
        }
      },
    ),
  });
}
