// The ingest routes' shared mapping: request body → acceptUsageEvents → 202/4xx/503. Used by the
// function-key route (postUsageEvents.ts) and the bearer route (postIngestUsageEvents.ts).
import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { problem } from '../../shared/platform/http/problem';
import { readJsonBody } from '../../shared/platform/http/readJson';
import {
  acceptUsageEvents,
  MAX_EVENTS_PER_REQUEST,
  MAX_REQUEST_BYTES,
  type AcceptUsageEventsDeps,
} from '../../shared/usage/acceptUsageEvents';

export async function acceptUsageEventsRequest(
  deps: AcceptUsageEventsDeps,
  request: HttpRequest,
  source: string,
): Promise<HttpResponseInit> {
  const body = await readJsonBody(request, MAX_REQUEST_BYTES);
  if (!body.ok) return body.response;
  const result = await acceptUsageEvents(deps, body.value, source);
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
