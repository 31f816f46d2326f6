// Use case: store one queue message of usage events. Resolves users and apps, inserts the new
// events (idempotently) with their rollups, and quarantines what cannot be stored, with the reason,
// all in one transaction: a message is either stored whole or not at all, and storing it again
// changes nothing. No single event can sink a message: an invalid event (messages may be put on the
// queue directly, bypassing the HTTP edge) and an event the database refuses on its own are
// quarantined, and the rest is stored. Only what no event can cause — a message not in the
// documented format, the database unreachable — fails the delivery (retried, then poisoned by the
// runtime); its last failure is kept in ingest_failures.
import type { Kysely } from 'kysely';
import type { Database } from '../platform/db/schema';
import { fieldErrors, type FieldError } from '../platform/http/problem';
import type { Telemetry } from '../platform/telemetry';
import type { PartitionKeeper } from './partitionKeeper';
import { EARLIEST_EVENT, usageEventSchema, type UsageEvent } from './usageEvent';
import type { UsageDirectory } from './usageDirectory';
import {
  clearIngestFailure,
  insertUsageEvents,
  insertUsageEventsIsolatingRefused,
  quarantineUsageEvents,
  recordIngestBatch,
  recordIngestFailure,
  type QuarantinedEvent,
  type ResolvedUsageEvent,
} from './usageEventRepository';
import { usageMessageSchema } from './usageMessage';
import {
  isoDateTimeWithin,
  isValueRefusedByDatabase,
  sanitizeText,
} from '../platform/validation/columnBounds';

/** A timestamp usage_quarantine.occurred_at can hold: what an invalid event claims, if it is one. */
const storableTimestamp = isoDateTimeWithin({ earliest: EARLIEST_EVENT });

export class InvalidUsageMessageError extends Error {
  constructor(readonly errors: FieldError[]) {
    super(
      `The queue message is not a version 1 usage-event message: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`,
    );
    this.name = 'InvalidUsageMessageError';
  }
}

export interface IngestDeps {
  db: Kysely<Database>;
  directory: UsageDirectory;
  partitions: PartitionKeeper;
  telemetry: Telemetry;
  now: () => Date;
}

export interface QueueDelivery {
  messageId: string;
  dequeueCount: number;
  queueName: string;
}

export interface IngestOutcome {
  batchId: string;
  events: number;
  inserted: number;
  duplicates: number;
  quarantined: number;
  lagMs: number;
}

interface Resolution {
  stored: ResolvedUsageEvent[];
  /** the event as it came, for each row to store: what is quarantined if the database refuses it */
  sent: Map<ResolvedUsageEvent, UsageEvent>;
  quarantined: QuarantinedEvent[];
}

async function resolveEvents(
  directory: UsageDirectory,
  rawEvents: unknown[],
  batchId: string,
  acceptedAt: string,
  messageSource: string,
  now: () => Date,
): Promise<Resolution> {
  const schema = usageEventSchema(now);
  const valid: UsageEvent[] = [];
  const quarantined: QuarantinedEvent[] = [];
  rawEvents.forEach((raw, index) => {
    const parsed = schema.safeParse(raw);
    if (parsed.success) {
      valid.push(parsed.data);
      return;
    }
    // Kept, not dropped: keyed by what it says of itself when it can, by its place otherwise. Its
    // claims are only used where the quarantine's columns can hold them (the repository sanitises
    // the id's text): a time PostgreSQL would refuse, like year 0, falls back to acceptedAt.
    const claimed = raw as { eventId?: unknown; occurredAt?: unknown } | null;
    const occurredAt = storableTimestamp.safeParse(claimed?.occurredAt).success
      ? (claimed!.occurredAt as string)
      : acceptedAt;
    quarantined.push({
      eventId:
        typeof claimed?.eventId === 'string' && claimed.eventId.trim() !== ''
          ? sanitizeText(claimed.eventId, 200)
          : `${batchId}#${index}`,
      occurredAt,
      reason: `invalid: ${fieldErrors(parsed.error)
        .map((e) => `${e.path}: ${e.message}`)
        .join('; ')}`,
      event: raw,
      batchId,
    });
  });

  const emails = valid.flatMap((e) => (e.userEmail ? [e.userEmail.toLowerCase()] : []));
  const employeeIds = valid.flatMap((e) => (e.employeeId ? [e.employeeId] : []));
  const slugs = valid.flatMap((e) => (e.app ? [e.app] : []));
  const appIds = valid.flatMap((e) => (e.appId ? [e.appId] : []));
  const [byEmail, byId, bySlug, knownAppIds] = await Promise.all([
    directory.employeesByEmail(emails),
    directory.employeesById(employeeIds),
    directory.appsBySlug(slugs),
    directory.appsById(appIds),
  ]);

  const stored: ResolvedUsageEvent[] = [];
  const sent = new Map<ResolvedUsageEvent, UsageEvent>();
  for (const event of valid) {
    const employee = event.userEmail
      ? byEmail.get(event.userEmail.toLowerCase())
      : byId.get(event.employeeId!);
    const appId = event.app ? bySlug.get(event.app) : knownAppIds.has(event.appId!) ? event.appId : undefined;
    const problems = [
      ...(employee
        ? []
        : [`unknown user ${event.userEmail ? `"${event.userEmail}"` : `id ${event.employeeId}`}`]),
      ...(appId ? [] : [`unknown app ${event.app ? `"${event.app}"` : `id ${event.appId}`}`]),
    ];
    if (problems.length > 0 || !employee || !appId) {
      quarantined.push({
        eventId: event.eventId,
        occurredAt: event.occurredAt,
        reason: problems.join('; '),
        event,
        batchId,
      });
      continue;
    }
    const row: ResolvedUsageEvent = {
      eventId: event.eventId,
      occurredAt: event.occurredAt,
      employeeId: employee.id,
      appId,
      companyId: employee.companyId,
      eventType: event.eventType,
      quantity: event.quantity ?? 1,
      properties: event.properties ?? null,
      source: event.source ?? messageSource,
    };
    stored.push(row);
    sent.set(row, event);
  }
  return { stored, sent, quarantined };
}

export async function ingestUsageMessage(
  deps: IngestDeps,
  raw: unknown,
  delivery: QueueDelivery,
): Promise<IngestOutcome> {
  try {
    const parsed = usageMessageSchema.safeParse(typeof raw === 'string' ? safeJson(raw) : raw);
    if (!parsed.success) throw new InvalidUsageMessageError(fieldErrors(parsed.error));
    const message = parsed.data;

    const { stored, sent, quarantined } = await resolveEvents(
      deps.directory,
      message.events,
      message.batchId,
      message.acceptedAt,
      message.source,
      deps.now,
    );
    await deps.partitions.ensureFor(stored.map((e) => new Date(e.occurredAt)));

    // Validation should leave nothing for the database to refuse; if it still does (a rule we
    // missed, a constraint added later), the message is stored again in a transaction that finds
    // the refused rows (bisecting in savepoints) and quarantines them with the database's reason.
    // Trying the plain insert first keeps the savepoints off the path every message takes.
    const store = (isolate: boolean) =>
      deps.db.transaction().execute(async (trx) => {
        const insert = isolate
          ? await insertUsageEventsIsolatingRefused(trx, stored)
          : { inserted: await insertUsageEvents(trx, stored), refused: [] };
        const refusedRows: QuarantinedEvent[] = insert.refused.map((r) => ({
          eventId: r.event.eventId,
          occurredAt: r.event.occurredAt,
          reason: r.reason,
          event: sent.get(r.event) ?? r.event,
          batchId: message.batchId,
        }));
        const insertedRows = insert.inserted;
        const quarantinedRows = await quarantineUsageEvents(trx, [...quarantined, ...refusedRows]);
        await recordIngestBatch(trx, {
          batchId: message.batchId,
          source: message.source,
          acceptedAt: message.acceptedAt,
          events: message.events.length,
          inserted: insertedRows,
          quarantined: quarantinedRows,
        });
        if (delivery.dequeueCount > 1) await clearIngestFailure(trx, delivery.messageId);
        return { inserted: insertedRows, refused: refusedRows.length, newlyQuarantined: quarantinedRows };
      });
    let result;
    try {
      result = await store(false);
    } catch (error) {
      // Anything but a refused value (connection, read-only, locks) fails the delivery: retried.
      if (!isValueRefusedByDatabase(error)) throw error;
      result = await store(true);
    }
    const { inserted, refused, newlyQuarantined } = result;

    const lagMs = Math.max(0, deps.now().getTime() - Date.parse(message.acceptedAt));
    deps.telemetry.metric('UsageEventsStored', inserted);
    if (newlyQuarantined > 0) deps.telemetry.metric('UsageEventsQuarantined', newlyQuarantined);
    deps.telemetry.metric('UsageIngestLagMs', lagMs);
    return {
      batchId: message.batchId,
      events: message.events.length,
      inserted,
      duplicates: stored.length - refused - inserted,
      quarantined: quarantined.length + refused,
      lagMs,
    };
  } catch (error) {
    await recordIngestFailure(deps.db, {
      messageId: delivery.messageId,
      queueName: delivery.queueName,
      reason: error instanceof Error ? error.message : String(error),
      dequeueCount: delivery.dequeueCount,
      message: (typeof raw === 'string' ? raw : (JSON.stringify(raw) ?? '')).slice(0, 65_536),
    }).catch(() => undefined);
    throw error;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
