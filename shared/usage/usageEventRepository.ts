// Writes of the ingest path. Each takes `db` or a transaction first; the use case owns the transaction.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../platform/db/schema';
import { isValueRefusedByDatabase, sanitizeJson, sanitizeText } from '../platform/validation/columnBounds';

/** How much of a failure reason is kept: enough to read, never a row that is too big to write. */
export const MAX_REASON_CHARS = 2000;

export interface ResolvedUsageEvent {
  eventId: string;
  occurredAt: string;
  employeeId: number;
  appId: number;
  companyId: number;
  eventType: string;
  quantity: number;
  properties: Record<string, unknown> | null;
  source: string | null;
}

/**
 * Inserts events idempotently in one statement (ON CONFLICT DO NOTHING on (event_id, occurred_at))
 * and adds exactly the rows that were new to the daily rollups, so replaying a batch changes nothing.
 * Returns how many rows were new.
 */
export async function insertUsageEvents(db: Kysely<Database>, events: ResolvedUsageEvent[]): Promise<number> {
  if (events.length === 0) return 0;
  const col = <T>(pick: (e: ResolvedUsageEvent) => T) => events.map(pick);
  const result = await sql<{ inserted: number }>`
    with input as (
      select * from unnest(
        ${col((e) => e.eventId)}::text[],
        ${col((e) => e.occurredAt)}::timestamptz[],
        ${col((e) => e.employeeId)}::int4[],
        ${col((e) => e.appId)}::int4[],
        ${col((e) => e.companyId)}::int4[],
        ${col((e) => e.eventType)}::text[],
        ${col((e) => e.quantity)}::float8[],
        ${col((e) => (e.properties ? JSON.stringify(e.properties) : null))}::jsonb[],
        ${col((e) => e.source)}::text[]
      ) as t(event_id, occurred_at, employee_id, app_id, company_id, event_type, quantity, properties, source)
    ),
    inserted as (
      insert into usage_events (event_id, occurred_at, employee_id, app_id, company_id, event_type, quantity, properties, source)
      -- A fixed order: concurrent messages carrying the same events then take their index locks in
      -- the same order and wait for each other instead of deadlocking.
      select * from input order by event_id, occurred_at
      on conflict do nothing
      returning employee_id, app_id, company_id, occurred_at, quantity
    ),
    rolled as (
      insert into usage_daily as d (employee_id, app_id, day, company_id, events, quantity, first_at, last_at)
      select employee_id, app_id, (occurred_at at time zone 'UTC')::date, company_id,
             count(*), sum(quantity), min(occurred_at), max(occurred_at)
      from inserted
      group by 1, 2, 3, 4
      order by 1, 2, 3
      on conflict (employee_id, app_id, day) do update set
        events = d.events + excluded.events,
        quantity = d.quantity + excluded.quantity,
        first_at = least(d.first_at, excluded.first_at),
        last_at = greatest(d.last_at, excluded.last_at)
      returning 1
    )
    select (select count(*) from inserted)::int as inserted, (select count(*) from rolled)::int as rolled`.execute(
    db,
  );
  return result.rows[0]?.inserted ?? 0;
}

export interface RefusedUsageEvent {
  event: ResolvedUsageEvent;
  /** what the database said about this row on its own */
  reason: string;
}

/**
 * insertUsageEvents, but one row the database refuses (a value its column cannot hold) does not
 * sink the others: when the statement fails on the values of its rows, the batch is split in
 * halves, each tried again inside a savepoint, down to the single rows that fail on their own;
 * those are returned with the database's reason and every other row is stored. An error that is
 * not about the rows (connection lost, lock timeout, resources) is thrown, so the caller fails and
 * the message is retried. A batch with one bad row in n costs about 2·log2(n) extra statements.
 * Must run inside a transaction (savepoints).
 */
export async function insertUsageEventsIsolatingRefused(
  trx: Transaction<Database>,
  events: ResolvedUsageEvent[],
): Promise<{ inserted: number; refused: RefusedUsageEvent[] }> {
  if (events.length === 0) return { inserted: 0, refused: [] };
  await sql`savepoint usage_insert`.execute(trx);
  try {
    const inserted = await insertUsageEvents(trx, events);
    await sql`release savepoint usage_insert`.execute(trx);
    return { inserted, refused: [] };
  } catch (error) {
    if (!isValueRefusedByDatabase(error)) throw error;
    // Back to the savepoint: the transaction is usable again, and nothing of this attempt remains.
    // Rolling back keeps the savepoint, so it is released before the halves take their own.
    await sql`rollback to savepoint usage_insert`.execute(trx);
    await sql`release savepoint usage_insert`.execute(trx);
    if (events.length === 1) {
      const e = error as { message?: unknown; code?: unknown };
      return {
        inserted: 0,
        refused: [
          {
            event: events[0]!,
            reason: `refused by the database: ${String(e.message)} (SQLSTATE ${String(e.code)})`,
          },
        ],
      };
    }
    const middle = Math.ceil(events.length / 2);
    const first = await insertUsageEventsIsolatingRefused(trx, events.slice(0, middle));
    const second = await insertUsageEventsIsolatingRefused(trx, events.slice(middle));
    return { inserted: first.inserted + second.inserted, refused: [...first.refused, ...second.refused] };
  }
}

export interface QuarantinedEvent {
  eventId: string;
  occurredAt: string;
  reason: string;
  event: unknown;
  batchId: string;
}

/**
 * Keeps events that cannot be stored yet (unknown user or app, invalid, refused by the database)
 * with the reason. Idempotent. What is written is sanitised (no NUL, no lone surrogate, bounded), so
 * quarantining an event can never fail on the character that got it quarantined.
 */
export async function quarantineUsageEvents(
  db: Kysely<Database>,
  events: QuarantinedEvent[],
): Promise<number> {
  if (events.length === 0) return 0;
  const result = await db
    .insertInto('usage_quarantine')
    .values(
      events.map((e) => ({
        event_id: sanitizeText(e.eventId, 200),
        occurred_at: e.occurredAt,
        reason: sanitizeText(e.reason, MAX_REASON_CHARS),
        event: JSON.stringify(sanitizeJson(e.event)) ?? 'null',
        batch_id: sanitizeText(e.batchId, 100),
      })),
    )
    .onConflict((oc) => oc.columns(['event_id', 'occurred_at']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0);
}

export interface IngestBatch {
  batchId: string;
  source: string;
  acceptedAt: string;
  events: number;
  inserted: number;
  quarantined: number;
}

/** One row per queue message, the first time it is stored: the ingest lag comes from here. */
export async function recordIngestBatch(db: Kysely<Database>, batch: IngestBatch): Promise<void> {
  await db
    .insertInto('ingest_batches')
    .values({
      batch_id: batch.batchId,
      source: batch.source,
      accepted_at: batch.acceptedAt,
      events: batch.events,
      inserted: batch.inserted,
      quarantined: batch.quarantined,
    })
    .onConflict((oc) => oc.column('batch_id').doNothing())
    .execute();
}

export interface IngestFailure {
  messageId: string;
  queueName: string;
  reason: string;
  dequeueCount: number;
  message: string;
}

/**
 * The last failure of a queue message, so a poisoned message can be found with its reason. Reason and
 * message are sanitised: the failure may be about a NUL in the very message being recorded.
 */
export async function recordIngestFailure(db: Kysely<Database>, failure: IngestFailure): Promise<void> {
  await db
    .insertInto('ingest_failures')
    .values({
      message_id: failure.messageId,
      queue_name: failure.queueName,
      reason: sanitizeText(failure.reason, MAX_REASON_CHARS),
      dequeue_count: failure.dequeueCount,
      message: sanitizeText(failure.message, 65_536),
    })
    .onConflict((oc) =>
      oc.column('message_id').doUpdateSet((eb) => ({
        reason: eb.ref('excluded.reason'),
        dequeue_count: eb.ref('excluded.dequeue_count'),
        failed_at: sql`now()`,
      })),
    )
    .execute();
}

export async function clearIngestFailure(db: Kysely<Database>, messageId: string): Promise<void> {
  await db.deleteFrom('ingest_failures').where('message_id', '=', messageId).execute();
}
