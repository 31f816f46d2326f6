import { describe, expect, it } from 'vitest';
import {
  MAX_MESSAGE_JSON_BYTES,
  packUsageMessages,
  usageMessageSchema,
} from '../../shared/usage/usageMessage';

function events(count: number, propertyBytes = 0) {
  return Array.from({ length: count }, (_, i) => ({
    eventId: `e-${i}`,
    occurredAt: '2026-11-01T10:00:00Z',
    userEmail: `user${i}@scb.example.com`,
    app: 'slack',
    eventType: 'active',
    ...(propertyBytes ? { properties: { pad: 'x'.repeat(propertyBytes) } } : {}),
  }));
}

let counter = 0;
const envelope = { batchId: () => `batch-${++counter}`, acceptedAt: '2026-11-01T10:00:01Z', source: 'api' };

describe('packing usage events into queue messages', () => {
  it('keeps every message under the 64 KiB queue limit once base64-encoded', () => {
    const messages = packUsageMessages(events(5000, 300), envelope);
    expect(messages.length).toBeGreaterThan(1);
    for (const message of messages) {
      expect(Buffer.byteLength(message)).toBeLessThanOrEqual(MAX_MESSAGE_JSON_BYTES);
      expect(Buffer.from(message).toString('base64').length).toBeLessThanOrEqual(64 * 1024);
    }
  });

  it('keeps every event exactly once and in order, each message valid and with its own batch id', () => {
    const input = events(3000, 100);
    const messages = packUsageMessages(input, envelope).map((m) => usageMessageSchema.parse(JSON.parse(m)));
    expect(messages.flatMap((m) => m.events)).toEqual(input);
    expect(new Set(messages.map((m) => m.batchId)).size).toBe(messages.length);
  });

  it('puts a small batch in one message', () => {
    expect(packUsageMessages(events(10), envelope)).toHaveLength(1);
  });

  it('says so when a single event cannot fit', () => {
    expect(() => packUsageMessages(events(1, 60_000), envelope)).toThrow(/more than a message can hold/);
  });

  it('rejects a message of another version', () => {
    const result = usageMessageSchema.safeParse({
      v: 2,
      batchId: 'b',
      acceptedAt: '2026-11-01T10:00:00Z',
      source: 's',
      events: [{}],
    });
    expect(result.success).toBe(false);
  });
});
