// GET /api/usage-events/failures?limit=: queue messages that failed (and how often), with the reason.
import { app, type HttpRequest, type HttpResponseInit } from '@azure/functions';
import { validationProblem } from '../../shared/platform/http/problem';
import { getServices } from '../../shared/services';
import { ingestFailuresQuerySchema, listIngestFailures } from '../../shared/usage/listIngestFailures';
import { queryObject } from '../../shared/platform/http/queryParams';

export async function getIngestFailures(request: HttpRequest): Promise<HttpResponseInit> {
  const query = ingestFailuresQuerySchema.safeParse(queryObject(request));
  if (!query.success) return validationProblem(query.error, 'The query string is not valid.');
  const services = await getServices();
  return { status: 200, jsonBody: await listIngestFailures(services.database.db, query.data) };
}

app.http('getIngestFailures', {
  route: 'usage-events/failures',
  methods: ['GET'],
  authLevel: 'function',
  handler: getIngestFailures,
});
