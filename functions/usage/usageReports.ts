// The ingest health routes (function key): GET /api/usage-events/stats?from=&to=&company=&app=
// (usage by day, app and company, and the ingest lag), /quarantine?limit=&after=&eventId= (events
// kept aside with the reason, newest first) and /failures?limit= (queue messages that failed).
import { app, type HttpRequest, type HttpResponseInit } from '@azure/functions';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { Database } from '../../shared/platform/db/schema';
import { guardedHandler, type HttpGuardDeps } from '../../shared/platform/http/guardedHandler';
import { validationProblem } from '../../shared/platform/http/problem';
import { queryObject } from '../../shared/platform/http/queryParams';
import { ingestFailuresQuerySchema, listIngestFailures } from '../../shared/usage/listIngestFailures';
import { listQuarantine, quarantineQuerySchema } from '../../shared/usage/listQuarantine';
import { getUsageStats, usageStatsQuerySchema } from '../../shared/usage/usageStats';

function queryRoute<S extends z.ZodType>(
  schema: S,
  answer: (query: z.infer<S>) => Promise<unknown>,
): (request: HttpRequest) => Promise<HttpResponseInit> {
  return async (request) => {
    const query = schema.safeParse(queryObject(request));
    if (!query.success) return validationProblem(query.error, 'The query string is not valid.');
    return { status: 200, jsonBody: await answer(query.data) };
  };
}

export function registerUsageReports(deps: {
  guard: HttpGuardDeps;
  db: Kysely<Database>;
  now: () => Date;
}): void {
  app.http('getUsageStats', {
    route: 'usage-events/stats',
    methods: ['GET'],
    authLevel: 'function',
    handler: guardedHandler(
      deps.guard,
      queryRoute(usageStatsQuerySchema, (query) => getUsageStats(deps.db, query, deps.now())),
    ),
  });
  app.http('getUsageQuarantine', {
    route: 'usage-events/quarantine',
    methods: ['GET'],
    authLevel: 'function',
    handler: guardedHandler(
      deps.guard,
      queryRoute(quarantineQuerySchema, (query) => listQuarantine(deps.db, query)),
    ),
  });
  app.http('getIngestFailures', {
    route: 'usage-events/failures',
    methods: ['GET'],
    authLevel: 'function',
    handler: guardedHandler(
      deps.guard,
      queryRoute(ingestFailuresQuerySchema, (query) => listIngestFailures(deps.db, query)),
    ),
  });
}
