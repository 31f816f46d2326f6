// Use case: queue messages whose last delivery failed, with the reason — the messages in (or on
// their way to) the poison queue, so an operator can see why and fix the sender.
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../platform/db/schema';
import type { IngestScope } from './listQuarantine';

export const ingestFailuresQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export interface IngestFailureItem {
  messageId: string;
  queueName: string;
  reason: string;
  dequeueCount: number;
  failedAt: string;
  /** the message as received, cut at 64 KiB */
  message: string;
}

export async function listIngestFailures(
  db: Kysely<Database>,
  query: z.infer<typeof ingestFailuresQuerySchema>,
  scope: IngestScope = 'group',
): Promise<{ items: IngestFailureItem[] }> {
  // A failed queue message is a whole batch that could not be read: it names no company, so it is
  // shown to a group-wide view only (docs/portal-api.md).
  if (scope !== 'group') return { items: [] };
  const rows = await db
    .selectFrom('ingest_failures')
    .selectAll()
    .orderBy('failed_at', 'desc')
    .limit(query.limit)
    .execute();
  return {
    items: rows.map((r) => ({
      messageId: r.message_id,
      queueName: r.queue_name,
      reason: r.reason,
      dequeueCount: r.dequeue_count,
      failedAt: new Date(r.failed_at).toISOString(),
      message: r.message,
    })),
  };
}
