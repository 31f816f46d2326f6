// POST /api/usage-events: pipelines post batches of up to 5,000 usage events. 202 with what was
// accepted (enqueued for storage) and what was rejected, with reasons. Function key; pipelines
// with an Entra app token use POST /api/ingest/usage-events (postIngestUsageEvents.ts), same core.
import { app, type HttpRequest, type HttpResponseInit } from '@azure/functions';
import { problem } from '../../shared/platform/http/problem';
import { readJsonBody } from '../../shared/platform/http/readJson';
import { getServices, type Services } from '../../shared/services';
import {
  acceptUsageEvents,
  MAX_EVENTS_PER_REQUEST,
  MAX_REQUEST_BYTES,
} from '../../shared/usage/acceptUsageEvents';

export async function postUsageEvents(request: HttpRequest): Promise<HttpResponseInit> {
  return acceptUsageEventsRequest(request, await getServices(), 'api');
}

/** The ingest core shared by the function-key route and the bearer route: body → 202/4xx/503. */
export async function acceptUsageEventsRequest(
  request: HttpRequest,
  services: Services,
  source: string,
): Promise<HttpResponseInit> {
  const body = await readJsonBody(request, MAX_REQUEST_BYTES);
  if (!body.ok) return body.response;
  const result = await acceptUsageEvents(
    {
      queue: services.usageQueue,
      telemetry: services.telemetry,
      now: services.now,
      newBatchId: services.newId,
    },
    body.value,
    source,
  );
  switch (result.kind) {
    case 'invalid-request':
      return problem(400, 'Bad Request', 'The body must be { "events": [ ... ] }.', {
        errors: result.errors,
      });
    case 'too-many-events':
      return problem(
        413,
        'Payload Too Large',
        `At most ${MAX_EVENTS_PER_REQUEST} events a request; this one has ${result.count}.`,
      );
    case 'queue-unavailable':
      return {
        ...problem(
          503,
          'Service Unavailable',
          'The events could not be queued; retry the whole batch (ingest is idempotent).',
        ),
        headers: { 'content-type': 'application/problem+json', 'retry-after': '5' },
      };
    case 'accepted':
      return { status: 202, jsonBody: { accepted: result.accepted, rejected: result.rejected } };
  }
}

app.http('postUsageEvents', {
  route: 'usage-events',
  methods: ['POST'],
  authLevel: 'function',
  handler: postUsageEvents,
});
