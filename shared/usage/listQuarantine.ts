// Use case: the usage events that could not be stored, newest first, with the reason.
import { sql, type Kysely, type SqlBool } from 'kysely';
import { z } from 'zod';
import type { Database } from '../platform/db/schema';
import { boundedText } from '../platform/validation/columnBounds';

export const quarantineQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  /** the id of the last item seen: the next page starts after it */
  after: z.coerce.number().int().positive().optional(),
  /** compared with usage_quarantine.event_id (text): bounded like it, so %00 is a 400, not a 500 */
  eventId: boundedText(200, { min: 1 }).optional(),
});

export type QuarantineQuery = z.infer<typeof quarantineQuerySchema>;

/** Which part of the group an ingest-health answer covers: all of it, or one company. */
export type IngestScope = { companyId: number } | 'group';

/**
 * Quarantined events attributable to a company: those naming one of its employees (by id or e-mail).
 * An event naming nobody known belongs to no company, so only a group-wide view shows it.
 */
export function quarantinedForCompany(companyId: number) {
  return sql<SqlBool>`exists (select 1 from employees qe where qe.company_id = ${companyId}
    and (qe.id::text = usage_quarantine.event->>'employeeId'
      or qe.email = lower(usage_quarantine.event->>'userEmail')))`;
}

export interface QuarantinePage {
  items: {
    id: number;
    eventId: string;
    occurredAt: string;
    reason: string;
    batchId: string;
    quarantinedAt: string;
    event: unknown;
  }[];
  next: number | null;
}

export async function listQuarantine(
  db: Kysely<Database>,
  query: QuarantineQuery,
  scope: IngestScope = 'group',
): Promise<QuarantinePage> {
  let select = db
    .selectFrom('usage_quarantine')
    .selectAll()
    .orderBy('id', 'desc')
    .limit(query.limit + 1);
  if (query.after) select = select.where('id', '<', String(query.after));
  if (query.eventId) select = select.where('event_id', '=', query.eventId);
  if (scope !== 'group') select = select.where(quarantinedForCompany(scope.companyId));
  const rows = await select.execute();
  const page = rows.slice(0, query.limit);
  return {
    items: page.map((r) => ({
      id: Number(r.id),
      eventId: r.event_id,
      occurredAt: new Date(r.occurred_at).toISOString(),
      reason: r.reason,
      batchId: r.batch_id,
      quarantinedAt: new Date(r.quarantined_at).toISOString(),
      event: r.event,
    })),
    next: rows.length > query.limit && page.length > 0 ? Number(page[page.length - 1]!.id) : null,
  };
}
