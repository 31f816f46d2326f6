// The ingest path against a real database: PGlite by default, PostgreSQL when DATABASE_URL is set.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../shared/platform/db/migrate';
import { ensureMonthlyPartitions } from '../../shared/platform/db/partitions';
import { createTelemetry } from '../../shared/platform/telemetry';
import {
  ingestUsageMessage,
  InvalidUsageMessageError,
  type IngestDeps,
} from '../../shared/usage/ingestUsageMessage';
import { createPartitionKeeper } from '../../shared/usage/partitionKeeper';
import { createUsageDirectory } from '../../shared/usage/usageDirectory';
import { insertDirectoryFixture, type DirectoryFixture } from '../../scripts/fixtures/directoryFixture';
import { lane, openTestDatabase, type TestDatabase } from '../support/testDatabase';

const now = new Date('2026-11-20T12:00:00Z');
let database: TestDatabase;
let deps: IngestDeps;
let fixture: DirectoryFixture;
let deliveries = 0;

function delivery(dequeueCount = 1) {
  return { messageId: `m-${++deliveries}`, dequeueCount, queueName: 'usage-events' };
}

function message(events: unknown[], batchId = `batch-${deliveries + 1}`) {
  return { v: 1, batchId, acceptedAt: '2026-11-20T11:59:59Z', source: 'test', events };
}

const event = (id: string, occurredAt: string, extra: Record<string, unknown> = {}) => ({
  eventId: id,
  occurredAt,
  userEmail: 'ada.lind@tst.example.com',
  app: 'chatter',
  eventType: 'active',
  ...extra,
});

async function count(table: string): Promise<number> {
  const result = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(
    database.handle.db,
  );
  return result.rows[0]!.n;
}

describe(`usage ingest on ${lane()}`, () => {
  beforeAll(async () => {
    database = await openTestDatabase();
    await migrateToLatest(database.handle.db, now);
    fixture = await insertDirectoryFixture(database.handle.db);
    deps = {
      db: database.handle.db,
      directory: createUsageDirectory(database.handle.db),
      partitions: createPartitionKeeper(database.handle.db, () => now),
      telemetry: createTelemetry(undefined),
      now: () => now,
    };
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('stores events of three months in their monthly partitions, with daily rollups', async () => {
    const events = [
      event('a-1', '2026-09-03T08:00:00Z'),
      event('a-2', '2026-10-03T08:00:00+02:00', { quantity: 3 }),
      event('a-3', '2026-11-03T08:00:00Z', { userEmail: undefined, employeeId: fixture.employees[1]!.id }),
      event('a-4', '2026-11-03T09:00:00Z', {
        app: undefined,
        appId: fixture.apps[1]!.id,
        eventType: 'api_call',
        quantity: 40,
      }),
    ];
    const outcome = await ingestUsageMessage(deps, message(events), delivery());
    expect(outcome).toMatchObject({ events: 4, inserted: 4, duplicates: 0, quarantined: 0 });

    const placed = await sql<{ event_id: string; partition: string }>`
      select event_id, tableoid::regclass::text as partition from usage_events order by event_id`.execute(
      database.handle.db,
    );
    expect(placed.rows.map((r) => [r.event_id, r.partition.replace(/^.*\./, '')])).toEqual([
      ['a-1', 'usage_events_p2026_09'],
      ['a-2', 'usage_events_p2026_10'],
      ['a-3', 'usage_events_p2026_11'],
      ['a-4', 'usage_events_p2026_11'],
    ]);
    const daily = await database.handle.db
      .selectFrom('usage_daily')
      .selectAll()
      .orderBy('day')
      .orderBy('employee_id')
      .orderBy('app_id')
      .execute();
    expect(daily.map((d) => [d.day, d.events, d.quantity])).toEqual([
      ['2026-09-03', 1, 1],
      ['2026-10-03', 1, 3],
      ['2026-11-03', 1, 40],
      ['2026-11-03', 1, 1],
    ]);
  });

  it('adds nothing when the same message is delivered again, or its events come back in another batch', async () => {
    const before = {
      events: await count('usage_events'),
      daily: await database.handle.db
        .selectFrom('usage_daily')
        .select(sql<number>`sum(events)::int`.as('n'))
        .executeTakeFirstOrThrow(),
    };
    const replay = await ingestUsageMessage(
      deps,
      message([event('a-1', '2026-09-03T08:00:00Z'), event('a-2', '2026-10-03T06:00:00Z')], 'batch-1'),
      delivery(2),
    );
    expect(replay).toMatchObject({ inserted: 0, duplicates: 2 });
    expect(await count('usage_events')).toBe(before.events);
    const after = await database.handle.db
      .selectFrom('usage_daily')
      .select(sql<number>`sum(events)::int`.as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.daily.n);
  });

  it('stores a duplicate inside one message once', async () => {
    const outcome = await ingestUsageMessage(
      deps,
      message([event('d-1', '2026-11-10T10:00:00Z'), event('d-1', '2026-11-10T10:00:00Z')]),
      delivery(),
    );
    expect(outcome).toMatchObject({ inserted: 1, duplicates: 1 });
  });

  it('keeps events for unknown users and apps, and invalid ones, in quarantine with the reason, once', async () => {
    const batch = message([
      event('q-1', '2026-11-11T10:00:00Z', { userEmail: 'nobody@tst.example.com' }),
      event('q-2', '2026-11-11T10:00:00Z', { app: 'not-in-catalog' }),
      { eventId: 'q-3', occurredAt: 'yesterday', app: 'chatter' },
      event('q-4', '2026-11-11T10:00:00Z'),
    ]);
    const first = await ingestUsageMessage(deps, batch, delivery());
    expect(first).toMatchObject({ inserted: 1, quarantined: 3 });
    await ingestUsageMessage(deps, batch, delivery(2));
    const rows = await database.handle.db
      .selectFrom('usage_quarantine')
      .select(['event_id', 'reason'])
      .orderBy('event_id')
      .execute();
    expect(rows).toEqual([
      { event_id: 'q-1', reason: 'unknown user "nobody@tst.example.com"' },
      { event_id: 'q-2', reason: 'unknown app "not-in-catalog"' },
      { event_id: 'q-3', reason: expect.stringMatching(/^invalid: .*occurredAt/) as unknown },
    ]);
  });

  it('refuses a message that is not in the format, and keeps the reason of its failure', async () => {
    const attempt = delivery(5);
    await expect(ingestUsageMessage(deps, { v: 2, events: [] }, attempt)).rejects.toBeInstanceOf(
      InvalidUsageMessageError,
    );
    await expect(ingestUsageMessage(deps, 'not json at all', delivery())).rejects.toThrow(
      /not a version 1 usage-event message/,
    );
    const failure = await database.handle.db
      .selectFrom('ingest_failures')
      .selectAll()
      .where('message_id', '=', attempt.messageId)
      .executeTakeFirstOrThrow();
    expect(failure.dequeue_count).toBe(5);
    expect(failure.reason).toMatch(/v must be 1/);
  });

  it('creates a missing month on demand, keeps old events in the default partition, and moves them when their month is created', async () => {
    await ingestUsageMessage(
      deps,
      message([event('o-1', '2026-01-15T10:00:00Z'), event('o-2', '2022-06-15T10:00:00Z')]),
      delivery(),
    );
    const where = async (id: string) =>
      (
        await sql<{
          p: string;
        }>`select tableoid::regclass::text as p from usage_events where event_id = ${id}`.execute(
          database.handle.db,
        )
      ).rows[0]!.p.replace(/^.*\./, '');
    expect(await where('o-1')).toBe('usage_events_p2026_01');
    expect(await where('o-2')).toBe('usage_events_default');
    expect(await ensureMonthlyPartitions(database.handle.db, [new Date('2022-06-01T00:00:00Z')])).toEqual([
      'usage_events_p2022_06',
    ]);
    expect(await where('o-2')).toBe('usage_events_p2022_06');
    expect(await count('usage_events_default')).toBe(0);
  });

  it('records one ingest batch per message, for the lag', async () => {
    const batches = await database.handle.db
      .selectFrom('ingest_batches')
      .select(['batch_id', 'inserted'])
      .orderBy('batch_id')
      .execute();
    expect(batches.find((b) => b.batch_id === 'batch-1')).toEqual({ batch_id: 'batch-1', inserted: 4 });
    expect(new Set(batches.map((b) => b.batch_id)).size).toBe(batches.length);
  });
});
