// GET /api/recommendations, GET /api/recommendations/{id}, POST /api/recommendations/{id}/accept and
// /dismiss: the AI engine's recommendations, scoped to the caller's companies (shared/ai/recommendations).
import { app, type HttpRequest, type HttpResponseInit } from '@azure/functions';
import type { Kysely } from 'kysely';
import { decideRecommendation, type Decision } from '../../shared/ai/recommendations/decideRecommendation';
import { decisionBodySchema, type RecommendationStore } from '../../shared/ai/recommendations/recommendation';
import {
  listRecommendations,
  readRecommendation,
  recommendationListQuerySchema,
} from '../../shared/ai/recommendations/readRecommendations';
import { mayDecideRecommendations } from '../../shared/ai/recommendations/recommendationScope';
import type { RequestIdentity } from '../../shared/identity/requestIdentity';
import type { EventPublisher } from '../../shared/platform/clients/eventPublisher';
import type { Database } from '../../shared/platform/db/schema';
import { guardedHandler, type HttpGuardDeps } from '../../shared/platform/http/guardedHandler';
import { problem, validationProblem } from '../../shared/platform/http/problem';
import { queryObject } from '../../shared/platform/http/queryParams';
import { readBodyText } from '../../shared/platform/http/readJson';

export interface RecommendationRouteDeps {
  guard: HttpGuardDeps;
  identity: RequestIdentity;
  db: Kysely<Database>;
  /** undefined when COSMOS_ENDPOINT is not set: every route answers 503 */
  recommendations: RecommendationStore | undefined;
  events: EventPublisher;
  now: () => Date;
}

const NOT_CONFIGURED = (): HttpResponseInit =>
  problem(503, 'Service Unavailable', 'Recommendations need Cosmos DB: set COSMOS_ENDPOINT.');

const FORBIDDEN_DECIDE = (): HttpResponseInit =>
  problem(403, 'Forbidden', 'Only a CTO or an Admin accepts or dismisses recommendations.');

const FORBIDDEN_READ = 'Recommendations are for CTO, Finance and Admin.';

function notFound(id: string): HttpResponseInit {
  return problem(404, 'Not Found', `No recommendation ${id} that you can see.`);
}

function decisionHandler(deps: RecommendationRouteDeps, decision: Decision) {
  return async (request: HttpRequest): Promise<HttpResponseInit> => {
    const store = deps.recommendations;
    if (!store) return NOT_CONFIGURED();
    const auth = await deps.identity.user(request);
    if (!auth.ok) return auth.response;
    // a role that may not decide learns so before its body is read
    if (!mayDecideRecommendations(auth.user)) return FORBIDDEN_DECIDE();
    const id = request.params.id ?? '';
    const read = await readBodyText(request, 16 * 1024);
    if (!read.ok) return read.response;
    let json: unknown;
    try {
      json = read.text.trim() ? JSON.parse(read.text) : {};
    } catch {
      return problem(400, 'Bad Request', 'The body is not valid JSON.');
    }
    const body = decisionBodySchema.safeParse(json);
    if (!body.success) return validationProblem(body.error);
    const outcome = await decideRecommendation(
      { db: deps.db, store, events: deps.events, now: deps.now },
      auth.user,
      id,
      decision,
      body.data.reason,
    );
    switch (outcome.kind) {
      case 'forbidden':
        return FORBIDDEN_DECIDE();
      case 'not-found':
        return notFound(id);
      case 'already-decided':
        return problem(409, 'Conflict', `The recommendation is ${outcome.status} already.`, {
          status: outcome.status,
        });
      case 'conflict':
        return problem(409, 'Conflict', 'The recommendation changed meanwhile; read it again and retry.');
      case 'decided':
        return { status: 200, jsonBody: outcome.recommendation };
    }
  };
}

export function registerRecommendationRoutes(deps: RecommendationRouteDeps): void {
  app.http('listRecommendations', {
    route: 'recommendations',
    methods: ['GET'],
    authLevel: 'anonymous',
    handler: guardedHandler(deps.guard, async (request) => {
      const store = deps.recommendations;
      if (!store) return NOT_CONFIGURED();
      const auth = await deps.identity.user(request);
      if (!auth.ok) return auth.response;
      const query = recommendationListQuerySchema.safeParse(queryObject(request));
      if (!query.success) return validationProblem(query.error, 'The query is not valid.');
      const outcome = await listRecommendations({ db: deps.db, store }, auth.user, query.data);
      switch (outcome.kind) {
        case 'forbidden':
          return problem(403, 'Forbidden', outcome.detail);
        case 'bad-token':
          return problem(400, 'Bad Request', 'continuationToken is not one this list gave.', {
            errors: [{ path: 'continuationToken', message: 'is not a token of this list' }],
          });
        case 'ok':
          return {
            status: 200,
            jsonBody: { items: outcome.items, continuationToken: outcome.continuationToken },
          };
      }
    }),
  });

  app.http('getRecommendation', {
    route: 'recommendations/{id}',
    methods: ['GET'],
    authLevel: 'anonymous',
    handler: guardedHandler(deps.guard, async (request) => {
      const store = deps.recommendations;
      if (!store) return NOT_CONFIGURED();
      const auth = await deps.identity.user(request);
      if (!auth.ok) return auth.response;
      const id = request.params.id ?? '';
      const found = await readRecommendation({ db: deps.db, store }, auth.user, id);
      if (found === 'forbidden') return problem(403, 'Forbidden', FORBIDDEN_READ);
      if (!found) return notFound(id);
      const { etag, ...recommendation } = found;
      return { status: 200, headers: { etag }, jsonBody: recommendation };
    }),
  });

  app.http('acceptRecommendation', {
    route: 'recommendations/{id}/accept',
    methods: ['POST'],
    authLevel: 'anonymous',
    handler: guardedHandler(deps.guard, decisionHandler(deps, 'accepted')),
  });

  app.http('dismissRecommendation', {
    route: 'recommendations/{id}/dismiss',
    methods: ['POST'],
    authLevel: 'anonymous',
    handler: guardedHandler(deps.guard, decisionHandler(deps, 'dismissed')),
  });
}
