// GET /api/usage-events/quarantine?limit=&after=&eventId=: events kept aside (unknown user or app,
// invalid in a queue message), newest first, with the reason.
import { app, type HttpRequest, type HttpResponseInit } from '@azure/functions';
import { validationProblem } from '../../shared/platform/http/problem';
import { getServices } from '../../shared/services';
import { listQuarantine, quarantineQuerySchema } from '../../shared/usage/listQuarantine';
import { queryObject } from '../../shared/platform/http/queryParams';

export async function getUsageQuarantine(request: HttpRequest): Promise<HttpResponseInit> {
  const query = quarantineQuerySchema.safeParse(queryObject(request));
  if (!query.success) return validationProblem(query.error, 'The query string is not valid.');
  const services = await getServices();
  return { status: 200, jsonBody: await listQuarantine(services.database.db, query.data) };
}

app.http('getUsageQuarantine', {
  route: 'usage-events/quarantine',
  methods: ['GET'],
  authLevel: 'function',
  handler: getUsageQuarantine,
});
