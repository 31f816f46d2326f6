// The queue message format (version 1). The HTTP endpoint writes it; pipelines may also put
// messages straight onto the `usage-events` queue in the same format (base64-encoded JSON):
//   { "v": 1, "batchId": "<unique id>", "acceptedAt": "<ISO time>", "source": "<who>", "events": [ ... ] }
// Events are the same objects the HTTP endpoint takes; the queue trigger validates them again,
// since a message may not have come through the endpoint.
import { z } from 'zod';
import { boundedText, isoDateTimeWithin } from '../platform/validation/columnBounds';

export const MESSAGE_VERSION = 1;
/**
 * Storage queue messages are at most 64 KiB, and base64 makes the text 4/3 of the JSON:
 * 48 KiB of JSON is the most that fits.
 */
export const MAX_MESSAGE_JSON_BYTES = 48 * 1024;

export const usageMessageSchema = z.strictObject({
  v: z.literal(MESSAGE_VERSION, { message: `v must be ${MESSAGE_VERSION} (the message format version)` }),
  // The envelope is written to ingest_batches and usage_quarantine: bounded like those columns, so a
  // message put on the queue by hand cannot fail on them. A message whose envelope is not valid is
  // not in the format: it is retried, then poisoned, with the reason in ingest_failures.
  batchId: boundedText(100, { min: 1 }),
  acceptedAt: isoDateTimeWithin({
    earliest: new Date('2000-01-01T00:00:00Z'),
    earliestMessage: 'must not be before 2000-01-01',
  }),
  source: boundedText(100, { min: 1 }),
  // Events stay unknown here: each is validated on its own, so one bad event is quarantined
  // instead of failing the whole message.
  events: z.array(z.unknown()).min(1).max(5000),
});

export type UsageMessage = z.infer<typeof usageMessageSchema>;

interface Envelope {
  batchId: () => string;
  acceptedAt: string;
  source: string;
}

/**
 * Packs events into as few messages as fit under the size limit, keeping their order.
 * Returns the messages as JSON text, ready to send.
 */
export function packUsageMessages(
  events: unknown[],
  envelope: Envelope,
  maxBytes = MAX_MESSAGE_JSON_BYTES,
): string[] {
  const messages: string[] = [];
  let current: string[] = [];
  let currentId = envelope.batchId();
  const head = (id: string) =>
    `{"v":${MESSAGE_VERSION},"batchId":${JSON.stringify(id)},"acceptedAt":${JSON.stringify(envelope.acceptedAt)},"source":${JSON.stringify(envelope.source)},"events":[`;
  let size = Buffer.byteLength(head(currentId)) + 2;
  const flush = () => {
    if (current.length === 0) return;
    messages.push(`${head(currentId)}${current.join(',')}]}`);
    current = [];
    currentId = envelope.batchId();
    size = Buffer.byteLength(head(currentId)) + 2;
  };
  for (const event of events) {
    const json = JSON.stringify(event);
    const bytes = Buffer.byteLength(json) + 1;
    if (size + bytes > maxBytes) {
      flush();
      if (size + bytes > maxBytes)
        throw new Error(`One event is ${bytes} bytes, more than a message can hold.`);
    }
    current.push(json);
    size += bytes;
  }
  flush();
  return messages;
}
