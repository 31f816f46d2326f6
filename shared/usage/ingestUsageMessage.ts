// Use case: store one queue message of usage events. Resolves users and apps, inserts the new
// events (idempotently) with their rollups, and quarantines what cannot be stored, with the reason,
// all in one transaction: a message is either stored whole or not at all, and storing it again
// changes nothing. A message that is not in the documented format fails (and is retried, then
// poisoned by the runtime); its last failure is kept in ingest_failures.
import type { Kysely } from 'kysely';
import type { Database } from '../platform/db/schema';
import { fieldErrors, type FieldError } from '../platform/http/problem';
import type { Telemetry } from '../platform/telemetry';
import type { PartitionKeeper } from './partitionKeeper';
import { usageEventSchema, type UsageEvent } from './usageEvent';
import type { UsageDirectory } from './usageDirectory';
import {
  clearIngestFailure,
  insertUsageEvents,
  quarantineUsageEvents,
  recordIngestBatch,
  recordIngestFailure,
  type QuarantinedEvent,
  type ResolvedUsageEvent,
} from './usageEventRepository';
import { usageMessageSchema } from './usageMessage';

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
    // Kept, not dropped: keyed by what it says of itself when it can, by its place otherwise.
    const claimed = raw as { eventId?: unknown; occurredAt?: unknown } | null;
    const occurredAt =
      typeof claimed?.occurredAt === 'string' && !Number.isNaN(Date.parse(claimed.occurredAt))
        ? claimed.occurredAt
        : acceptedAt;
    quarantined.push({
      eventId:
        typeof claimed?.eventId === 'string' && claimed.eventId.length <= 200
          ? claimed.eventId
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
    stored.push({
      eventId: event.eventId,
      occurredAt: event.occurredAt,
      employeeId: employee.id,
      appId,
      companyId: employee.companyId,
      eventType: event.eventType,
      quantity: event.quantity ?? 1,
      properties: event.properties ?? null,
      source: event.source ?? messageSource,
    });
  }
  return { stored, quarantined };
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

    const { stored, quarantined } = await resolveEvents(
      deps.directory,
      message.events,
      message.batchId,
      message.acceptedAt,
      message.source,
      deps.now,
    );
    await deps.partitions.ensureFor(stored.map((e) => new Date(e.occurredAt)));

    const { inserted, newlyQuarantined } = await deps.db.transaction().execute(async (trx) => {
      const insertedRows = await insertUsageEvents(trx, stored);
      const quarantinedRows = await quarantineUsageEvents(trx, quarantined);
      await recordIngestBatch(trx, {
        batchId: message.batchId,
        source: message.source,
        acceptedAt: message.acceptedAt,
        events: message.events.length,
        inserted: insertedRows,
        quarantined: quarantinedRows,
      });
      if (delivery.dequeueCount > 1) await clearIngestFailure(trx, delivery.messageId);
      return { inserted: insertedRows, newlyQuarantined: quarantinedRows };
    });

    const lagMs = Math.max(0, deps.now().getTime() - Date.parse(message.acceptedAt));
    deps.telemetry.metric('UsageEventsStored', inserted);
    if (newlyQuarantined > 0) deps.telemetry.metric('UsageEventsQuarantined', newlyQuarantined);
    deps.telemetry.metric('UsageIngestLagMs', lagMs);
    return {
      batchId: message.batchId,
      events: message.events.length,
      inserted,
      duplicates: stored.length - inserted,
      quarantined: quarantined.length,
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
