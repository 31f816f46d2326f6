// Use case: a pipeline posts a batch of usage events. Every event is validated; the valid ones are
// packed into queue messages and enqueued; the answer says which were accepted and why the others
// were not. Storage happens later, in the queue trigger (ingestUsageMessage).
import { z } from 'zod';
import type { QueueSender } from '../platform/clients/queueSender';
import { fieldErrors, type FieldError } from '../platform/http/problem';
import type { Telemetry } from '../platform/telemetry';
import { usageEventSchema } from './usageEvent';
import { packUsageMessages } from './usageMessage';

export const MAX_EVENTS_PER_REQUEST = 5000;
/** 5,000 events with the largest properties allowed stay below this. */
export const MAX_REQUEST_BYTES = 16 * 1024 * 1024;
const SEND_CONCURRENCY = 8;

export const usageEventsRequestSchema = z.strictObject({
  events: z
    .array(z.unknown(), { message: 'events must be an array of usage events' })
    .min(1, 'events must not be empty'),
});

export interface RejectedEvent {
  index: number;
  eventId: string | null;
  errors: FieldError[];
}

export type AcceptResult =
  | { kind: 'accepted'; accepted: number; rejected: RejectedEvent[]; messages: number }
  | { kind: 'invalid-request'; errors: FieldError[] }
  | { kind: 'too-many-events'; count: number }
  | { kind: 'queue-unavailable'; error: string };

export interface AcceptUsageEventsDeps {
  queue: QueueSender;
  telemetry: Telemetry;
  now: () => Date;
  newBatchId: () => string;
}

async function sendAll(queue: QueueSender, messages: string[]): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < messages.length) {
      const message = messages[next++]!;
      await queue.send(message);
    }
  };
  await Promise.all(Array.from({ length: Math.min(SEND_CONCURRENCY, messages.length) }, worker));
}

export async function acceptUsageEvents(
  deps: AcceptUsageEventsDeps,
  body: unknown,
  source: string,
): Promise<AcceptResult> {
  const request = usageEventsRequestSchema.safeParse(body);
  if (!request.success) return { kind: 'invalid-request', errors: fieldErrors(request.error) };
  const events = request.data.events;
  if (events.length > MAX_EVENTS_PER_REQUEST) return { kind: 'too-many-events', count: events.length };

  const schema = usageEventSchema(deps.now);
  const valid: unknown[] = [];
  const rejected: RejectedEvent[] = [];
  events.forEach((event, index) => {
    const parsed = schema.safeParse(event);
    if (parsed.success) {
      valid.push(parsed.data);
    } else {
      const eventId = (event as { eventId?: unknown } | null)?.eventId;
      rejected.push({
        index,
        eventId: typeof eventId === 'string' ? eventId : null,
        errors: fieldErrors(parsed.error),
      });
    }
  });

  const messages = packUsageMessages(valid, {
    batchId: deps.newBatchId,
    acceptedAt: deps.now().toISOString(),
    source,
  });
  try {
    await sendAll(deps.queue, messages);
  } catch (error) {
    // Some messages may have gone out: the caller retries the whole batch, which is safe because
    // ingest is idempotent on (eventId, occurredAt).
    return { kind: 'queue-unavailable', error: (error as Error).message };
  }
  deps.telemetry.metric('UsageEventsAccepted', valid.length, { source });
  if (rejected.length > 0) deps.telemetry.metric('UsageEventsRejected', rejected.length, { source });
  return { kind: 'accepted', accepted: valid.length, rejected, messages: messages.length };
}
