// No single usage event can sink a queue message (issue #8, finding 1), against a real database:
// PGlite by default, PostgreSQL when DATABASE_URL is set. Each event shape below once passed
// validation and then failed its whole message in the database — five deliveries, then poison, and
// every good event beside it lost.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from '../../shared/platform/db/database';
import { migrateToLatest } from '../../shared/platform/db/migrate';
import { createTelemetry } from '../../shared/platform/telemetry';
import { ingestUsageMessage, type IngestDeps } from '../../shared/usage/ingestUsageMessage';
import { createPartitionKeeper } from '../../shared/usage/partitionKeeper';
import { createUsageDirectory } from '../../shared/usage/usageDirectory';
import {
  insertUsageEventsIsolatingRefused,
  type ResolvedUsageEvent,
} from '../../shared/usage/usageEventRepository';
import { insertDirectoryFixture, type DirectoryFixture } from '../../scripts/fixtures/directoryFixture';
import { lane, openTestDatabase, type TestDatabase } from '../support/testDatabase';

const now = new Date('2026-11-20T12:00:00Z');
let database: TestDatabase;
let deps: IngestDeps;
let fixture: DirectoryFixture;
let deliveries = 0;

const delivery = () => ({ messageId: `m-${++deliveries}`, dequeueCount: 1, queueName: 'usage-events' });
const message = (batchId: string, events: unknown[]) => ({
  v: 1,
  batchId,
  acceptedAt: '2026-11-20T11:59:59Z',
  source: 'test',
  events,
});

/** 100 valid events, then the one under test (index 100), as a pipeline would send them. */
function hundredAnd(prefix: string, odd: (base: Record<string, unknown>) => Record<string, unknown>) {
  const events: Record<string, unknown>[] = Array.from({ length: 100 }, (_, i) => ({
    eventId: `${prefix}-${i}`,
    occurredAt: new Date(Date.UTC(2026, 10, 19, 8, 0, i)).toISOString(),
    userEmail: fixture.employees[i % fixture.employees.length]!.email,
    app: fixture.apps[i % fixture.apps.length]!.slug,
    eventType: 'active',
  }));
  events.push(odd({ ...events[0]!, eventId: `${prefix}-odd` }));
  return events;
}

const without = (event: Record<string, unknown>, key: string) =>
  Object.fromEntries(Object.entries(event).filter(([k]) => k !== key));

/** The five shapes of the finding, and the field each is refused for. */
const SHAPES: [string, string, (e: Record<string, unknown>) => Record<string, unknown>][] = [
  ['employeeId 2^31', 'employeeId', (e) => ({ ...without(e, 'userEmail'), employeeId: 2 ** 31 })],
  ['appId 2^31', 'appId', (e) => ({ ...without(e, 'app'), appId: 2 ** 31 })],
  ['NUL in eventId', 'eventId', (e) => ({ ...e, eventId: `${String(e.eventId)}\u0000` })],
  ['NUL in source', 'source', (e) => ({ ...e, source: 'okta\u0000export' })],
  [
    'NUL inside properties',
    'properties',
    (e) => ({ ...e, properties: { page: { 'k\u0000': ['a\u0000'] } } }),
  ],
];

async function storedWithPrefix(prefix: string): Promise<number> {
  const result = await sql<{ n: number }>`
    select count(*)::int as n from usage_events where event_id like ${`${prefix}-%`}`.execute(
    database.handle.db,
  );
  return result.rows[0]!.n;
}

async function quarantinedOf(batchId: string) {
  return database.handle.db
    .selectFrom('usage_quarantine')
    .select(['event_id', 'reason', 'event'])
    .where('batch_id', '=', batchId)
    .execute();
}

describe(`unstorable usage events on ${lane()}`, () => {
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

  it.each(SHAPES)(
    'a message with %s beside 100 valid events: 100 stored, 1 quarantined with the reason, nothing failed',
    async (name, field, odd) => {
      const prefix = name.replace(/\W+/g, '_');
      const outcome = await ingestUsageMessage(
        deps,
        message(`b-${prefix}`, hundredAnd(prefix, odd)),
        delivery(),
      );
      expect(outcome).toMatchObject({ events: 101, inserted: 100, quarantined: 1 });
      expect(await storedWithPrefix(prefix)).toBe(100);
      const kept = await quarantinedOf(`b-${prefix}`);
      expect(kept).toHaveLength(1);
      expect(kept[0]!.reason).toMatch(new RegExp(`^invalid: ${field}\\b`));
      // Stored sanitised: the NUL that got it here cannot stop it being kept.
      expect(kept[0]!.event_id).not.toContain('\u0000');
      expect(JSON.stringify(kept[0]!.event)).not.toContain('\\u0000');
      expect(await database.handle.db.selectFrom('ingest_failures').selectAll().execute()).toEqual([]);
    },
  );

  it.each(SHAPES)(
    'the database refuses a row with %s on its own; the 100 beside it are inserted',
    async (name, _field, odd) => {
      // Straight to the repository, bypassing validation: what the database itself does with the row.
      const prefix = `raw_${name.replace(/\W+/g, '_')}`;
      const events = hundredAnd(prefix, odd);
      const rows: ResolvedUsageEvent[] = events.map((e) => ({
        eventId: String(e.eventId),
        occurredAt: String(e.occurredAt),
        employeeId: typeof e.employeeId === 'number' ? e.employeeId : fixture.employees[0]!.id,
        appId: typeof e.appId === 'number' ? e.appId : fixture.apps[0]!.id,
        companyId: fixture.companyId,
        eventType: 'active',
        quantity: 1,
        properties: (e.properties as Record<string, unknown> | undefined) ?? null,
        source: typeof e.source === 'string' ? e.source : null,
      }));
      const result = await database.handle.db
        .transaction()
        .execute((trx) => insertUsageEventsIsolatingRefused(trx, rows));
      expect(result.inserted).toBe(100);
      expect(result.refused.map((r) => r.event.eventId)).toEqual([rows[100]!.eventId]);
      expect(result.refused[0]!.reason).toMatch(
        /^refused by the database: .*\(SQLSTATE (22003|22021|22P05)\)$/,
      );
      expect(await storedWithPrefix(prefix)).toBe(100);
    },
  );

  it('quarantines with the database reason a row that passes validation but the database refuses', async () => {
    // A rule the schema does not know (here a constraint added by an operator) must not sink the message.
    await sql`alter table usage_events add constraint test_refuse_marked check (source is distinct from 'refuse-me')`.execute(
      database.handle.db,
    );
    try {
      const events = hundredAnd('constraint', (e) => ({ ...e, source: 'refuse-me' }));
      const outcome = await ingestUsageMessage(deps, message('b-constraint', events), delivery());
      expect(outcome).toMatchObject({ inserted: 100, quarantined: 1, duplicates: 0 });
      expect(await storedWithPrefix('constraint')).toBe(100);
      const kept = await quarantinedOf('b-constraint');
      expect(kept.map((k) => k.event_id)).toEqual(['constraint-odd']);
      expect(kept[0]!.reason).toMatch(/^refused by the database: .*test_refuse_marked.*\(SQLSTATE 23514\)$/);
      expect(kept[0]!.event).toMatchObject({ eventId: 'constraint-odd', source: 'refuse-me' });
      // Delivered again: nothing new, nothing lost.
      const again = await ingestUsageMessage(deps, message('b-constraint', events), delivery());
      expect(again).toMatchObject({ inserted: 0, duplicates: 100, quarantined: 1 });
    } finally {
      await sql`alter table usage_events drop constraint test_refuse_marked`.execute(database.handle.db);
    }
  });

  it('fails the delivery — stores nothing, quarantines nothing — when the database fails whatever the rows', async () => {
    // A failover to a read-only replica: no subset of rows would do better, so the message is retried.
    await sql`
      create function test_read_only() returns trigger language plpgsql as $$
      begin raise exception 'cannot execute INSERT in a read-only transaction' using errcode = '25006'; end $$;
      create trigger test_read_only before insert on usage_events for each row execute function test_read_only();
    `.execute(database.handle.db);
    try {
      const events = hundredAnd('readonly', (e) => ({ ...e, source: 'okta\u0000export' }));
      const attempt = delivery();
      await expect(ingestUsageMessage(deps, message('b-readonly', events), attempt)).rejects.toMatchObject({
        code: '25006',
      });
      expect(await storedWithPrefix('readonly')).toBe(0);
      expect(await quarantinedOf('b-readonly')).toEqual([]);
      const failure = await database.handle.db
        .selectFrom('ingest_failures')
        .select('reason')
        .where('message_id', '=', attempt.messageId)
        .executeTakeFirstOrThrow();
      expect(failure.reason).toMatch(/read-only/);
    } finally {
      await sql`drop trigger test_read_only on usage_events; drop function test_read_only();`.execute(
        database.handle.db,
      );
    }
  });

  it('fails the delivery when the database cannot be reached', async () => {
    const unreachable = createDatabase({
      databaseUrl: 'postgres://postgres@127.0.0.1:1/unreachable',
      pgliteDataDir: 'unused',
      poolMax: 1,
    });
    try {
      const events = hundredAnd('down', (e) => e);
      await expect(
        ingestUsageMessage({ ...deps, db: unreachable.db }, message('b-down', events), delivery()),
      ).rejects.toThrow(/ECONNREFUSED/);
      expect(await storedWithPrefix('down')).toBe(0);
    } finally {
      await unreachable.close();
    }
  });

  it('keeps the reason of a failed message even when the message itself holds a NUL', async () => {
    const attempt = delivery();
    const bad = {
      ...message(
        'b-\u0000',
        hundredAnd('envelope', (e) => e),
      ),
    };
    await expect(ingestUsageMessage(deps, JSON.stringify(bad), attempt)).rejects.toThrow(
      /batchId: must not contain/,
    );
    const failure = await database.handle.db
      .selectFrom('ingest_failures')
      .select(['reason', 'message'])
      .where('message_id', '=', attempt.messageId)
      .executeTakeFirstOrThrow();
    expect(failure.reason).toMatch(/batchId/);
    expect(failure.message).toContain('envelope-0');
  });
});
