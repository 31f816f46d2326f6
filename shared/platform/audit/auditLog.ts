// The audit log: one row per transition of a workflow, written in the same transaction as the
// change it describes. A retried activity passes the same idempotency key and writes nothing new.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

export interface AuditEntry {
  occurredAt: Date;
  companyId: number | null;
  entityType:
    | 'purchase_request'
    | 'approval_policy'
    | 'employee'
    | 'recommendation'
    | 'app_alias'
    | 'app'
    | 'purchase_template'
    | 'new_hire';
  entityId: string;
  action: string;
  actorId: number | null;
  details?: Record<string, unknown>;
  /** the same key twice writes one row */
  idempotencyKey?: string;
}

/** Writes the entry; false when an entry with the same idempotency key is already there. */
export async function writeAudit(db: Kysely<Database>, entry: AuditEntry): Promise<boolean> {
  const result = await db
    .insertInto('audit_log')
    .values({
      occurred_at: entry.occurredAt,
      company_id: entry.companyId,
      entity_type: entry.entityType,
      entity_id: entry.entityId,
      action: entry.action,
      actor_id: entry.actorId,
      details: JSON.stringify(entry.details ?? {}),
      idempotency_key: entry.idempotencyKey ?? null,
    })
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}
