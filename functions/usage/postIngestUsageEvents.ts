// POST /api/ingest/usage-events: the same ingest as POST /api/usage-events, for pipelines that sign
// in with an Entra app token (client credentials) holding the Ingest role instead of sending a
// function key. Anonymous at the host, because a host-checked key would stop a bearer-only caller
// before our code runs; the bearer token is checked here. See docs/usage-ingest.md.
import { app, type HttpRequest, type HttpResponseInit } from '@azure/functions';
import { authenticate, requireRole } from '../../shared/identity/authenticate';
import { getServices } from '../../shared/services';
import { acceptUsageEventsRequest } from './postUsageEvents';

export async function postIngestUsageEvents(request: HttpRequest): Promise<HttpResponseInit> {
  const services = await getServices();
  const auth = await authenticate(request, services);
  if (!auth.ok) return auth.response;
  const denied = requireRole(auth.principal, 'Ingest');
  if (denied) return denied;
  const source = auth.principal.kind === 'app' ? `app:${auth.principal.clientId}` : 'api';
  return acceptUsageEventsRequest(request, services, source.slice(0, 100));
}

app.http('postIngestUsageEvents', {
  route: 'ingest/usage-events',
  methods: ['POST'],
  authLevel: 'anonymous',
  handler: postIngestUsageEvents,
});
