// The ingest health for the portal's Admin page, by a person's bearer token: GET /api/admin/usage/
// stats, /quarantine and /failures, the same queries and shapes as the function-key routes
// (usageReports.ts). Admin only (403 otherwise); a company Admin sees their company (usage of its
// people, events quarantined naming them), a group-wide Admin the whole group.
import { app, type HttpRequest, type HttpResponseInit } from '@azure/functions';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { UserPrincipal } from '../../shared/identity/principal';
import type { RequestIdentity } from '../../shared/identity/requestIdentity';
import type { Database } from '../../shared/platform/db/schema';
import { guardedHandler, type HttpGuardDeps } from '../../shared/platform/http/guardedHandler';
import { problem, validationProblem } from '../../shared/platform/http/problem';
import { queryObject } from '../../shared/platform/http/queryParams';
import { ingestFailuresQuerySchema, listIngestFailures } from '../../shared/usage/listIngestFailures';
import { listQuarantine, quarantineQuerySchema, type IngestScope } from '../../shared/usage/listQuarantine';
import { getUsageStats, usageStatsQuerySchema } from '../../shared/usage/usageStats';

interface Deps {
  guard: HttpGuardDeps;
  identity: RequestIdentity;
  db: Kysely<Database>;
  now: () => Date;
}

const scopeOf = (user: UserPrincipal): IngestScope =>
  user.groupWide ? 'group' : { companyId: user.companyId };

function adminRoute<S extends z.ZodType>(
  deps: Deps,
  schema: S,
  answer: (query: z.infer<S>, user: UserPrincipal) => Promise<unknown>,
): (request: HttpRequest) => Promise<HttpResponseInit> {
  return async (request) => {
    const auth = await deps.identity.user(request);
    if (!auth.ok) return auth.response;
    if (!auth.user.roles.has('Admin'))
      return problem(403, 'Forbidden', 'Only an Admin sees the usage ingest health.');
    const query = schema.safeParse(queryObject(request));
    if (!query.success) return validationProblem(query.error, 'The query string is not valid.');
    return { status: 200, jsonBody: await answer(query.data, auth.user) };
  };
}

export function registerAdminUsageReports(deps: Deps): void {
  app.http('getAdminUsageStats', {
    route: 'admin/usage/stats',
    methods: ['GET'],
    authLevel: 'anonymous',
    handler: guardedHandler(
      deps.guard,
      adminRoute(deps, usageStatsQuerySchema, (query, user) =>
        getUsageStats(deps.db, query, deps.now(), scopeOf(user)),
      ),
    ),
  });
  app.http('getAdminUsageQuarantine', {
    route: 'admin/usage/quarantine',
    methods: ['GET'],
    authLevel: 'anonymous',
    handler: guardedHandler(
      deps.guard,
      adminRoute(deps, quarantineQuerySchema, (query, user) => listQuarantine(deps.db, query, scopeOf(user))),
    ),
  });
  app.http('getAdminIngestFailures', {
    route: 'admin/usage/failures',
    methods: ['GET'],
    authLevel: 'anonymous',
    handler: guardedHandler(
      deps.guard,
      adminRoute(deps, ingestFailuresQuerySchema, (query, user) =>
        listIngestFailures(deps.db, query, scopeOf(user)),
      ),
    ),
  });
}
