// POST /api/ingest/usage-events: the same ingest as POST /api/usage-events, for pipelines that sign
// in with an Entra app token (client credentials) holding the Ingest role instead of sending a
// function key. Anonymous at the host, because a host-checked key would stop a bearer-only caller
// before our code runs; the bearer token is checked here. See docs/usage-ingest.md.
import { app } from '@azure/functions';
import { requireRole } from '../../shared/identity/authenticate';
import type { RequestIdentity } from '../../shared/identity/requestIdentity';
import { guardedHandler, type HttpGuardDeps } from '../../shared/platform/http/guardedHandler';
import type { AcceptUsageEventsDeps } from '../../shared/usage/acceptUsageEvents';
import { acceptUsageEventsRequest } from './acceptUsageEventsRequest';

export function registerPostIngestUsageEvents(deps: {
  guard: HttpGuardDeps;
  identity: RequestIdentity;
  ingest: AcceptUsageEventsDeps;
}): void {
  app.http('postIngestUsageEvents', {
    route: 'ingest/usage-events',
    methods: ['POST'],
    authLevel: 'anonymous',
    handler: guardedHandler(deps.guard, async (request) => {
      const auth = await deps.identity.principal(request);
      if (!auth.ok) return auth.response;
      const denied = requireRole(auth.principal, 'Ingest');
      if (denied) return denied;
      const source = auth.principal.kind === 'app' ? `app:${auth.principal.clientId}` : 'api';
      return acceptUsageEventsRequest(deps.ingest, request, source.slice(0, 100));
    }),
  });
}
