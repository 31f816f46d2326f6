// POST /api/usage-events: pipelines post batches of up to 5,000 usage events. 202 with what was
// accepted (enqueued for storage) and what was rejected, with reasons. Function key; pipelines
// with an Entra app token use POST /api/ingest/usage-events (postIngestUsageEvents.ts), same core.
import { app } from '@azure/functions';
import { guardedHandler, type HttpGuardDeps } from '../../shared/platform/http/guardedHandler';
import { type AcceptUsageEventsDeps } from '../../shared/usage/acceptUsageEvents';
import { acceptUsageEventsRequest } from './acceptUsageEventsRequest';

export function registerPostUsageEvents(deps: { guard: HttpGuardDeps; ingest: AcceptUsageEventsDeps }): void {
  app.http('postUsageEvents', {
    route: 'usage-events',
    methods: ['POST'],
    authLevel: 'function',
    handler: guardedHandler(deps.guard, (request) => acceptUsageEventsRequest(deps.ingest, request, 'api')),
  });
}
