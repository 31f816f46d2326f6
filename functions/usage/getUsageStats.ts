// GET /api/usage-events/stats?from=&to=&company=&app=: ingested usage by day, app and company, and the ingest lag.
import { app, type HttpRequest, type HttpResponseInit } from '@azure/functions';
import { validationProblem } from '../../shared/platform/http/problem';
import { getServices } from '../../shared/services';
import { getUsageStats, usageStatsQuerySchema } from '../../shared/usage/usageStats';
import { queryObject } from '../../shared/platform/http/queryParams';

export async function getUsageStatsHandler(request: HttpRequest): Promise<HttpResponseInit> {
  const query = usageStatsQuerySchema.safeParse(queryObject(request));
  if (!query.success) return validationProblem(query.error, 'The query string is not valid.');
  const services = await getServices();
  return { status: 200, jsonBody: await getUsageStats(services.database.db, query.data, services.now()) };
}

app.http('getUsageStats', {
  route: 'usage-events/stats',
  methods: ['GET'],
  authLevel: 'function',
  handler: getUsageStatsHandler,
});
