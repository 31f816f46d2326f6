// Usage-event ingest end to end through devhost: HTTP → Azurite queue → queue trigger → database.
import { QueueServiceClient } from '@azure/storage-queue';
import { sql } from 'kysely';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareAppDatabase, type AppDatabase } from '../support/appDatabase';
import { startDevhost, TEST_HOST_KEY, waitFor, type DevhostRun } from '../../devhost/childHost';
import { lane } from '../support/testDatabase';

interface Stats {
  totals: { events: number };
  byCompany: { company: string; events: number }[];
  byApp: { app: string; events: number }[];
  byDay: { day: string; events: number }[];
  ingest: {
    quarantined: number;
    failedMessages: number;
    lagLastHour: { batches: number; p50Ms: number | null };
  };
}

let host: DevhostRun;
let database: AppDatabase;
let dataDir: string;

const headers = { 'x-functions-key': TEST_HOST_KEY, 'content-type': 'application/json' };
const post = (body: unknown, extraHeaders: Record<string, string> = headers) =>
  fetch(`${host.apiBase}/usage-events`, {
    method: 'POST',
    headers: extraHeaders,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
const stats = async (): Promise<Stats> => {
  const response = await fetch(`${host.apiBase}/usage-events/stats?from=2026-01-01&to=2026-12-31`, {
    headers,
  });
  if (response.status !== 200) throw new Error(`stats answered ${response.status}`);
  return (await response.json()) as Stats;
};

const startedAt = Date.now();

/** Three months ending this month, so every event is inside the partitions kept ready. */
function monthsBack(n: number): Date {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - n, 2, 9, 0, 0));
}

interface Batch {
  events: unknown[];
  uniqueValid: Map<string, string>;
  invalid: number;
}

/** 10,000 events: 85% unique and valid, 10% repeats of those, 5% invalid, spread over three months. */
function buildBatch(emails: string[], apps: string[]): Batch {
  const events: Record<string, unknown>[] = [];
  const uniqueValid = new Map<string, string>();
  for (let i = 0; i < 8_500; i++) {
    const back = i % 3;
    // This month: the last minutes (never in the future); earlier months: spread over their first weeks.
    const occurredAt =
      back === 0
        ? new Date(startedAt - (i % 600) * 1000).toISOString()
        : new Date(monthsBack(back).getTime() + (i % 400) * 3_600_000).toISOString();
    const event = {
      eventId: `load-${i}`,
      occurredAt,
      userEmail: emails[i % emails.length],
      app: apps[i % apps.length],
      eventType: 'active',
      source: 'itest',
    };
    events.push(event);
    uniqueValid.set(`${event.eventId}|${occurredAt}`, event.eventId);
  }
  for (let i = 0; i < 1_000; i++) events.push({ ...events[i * 7]! });
  for (let i = 0; i < 500; i++) {
    events.push(
      i % 2 === 0
        ? {
            eventId: `bad-${i}`,
            occurredAt: 'last tuesday',
            userEmail: emails[0],
            app: apps[0],
            eventType: 'active',
          }
        : {
            eventId: `bad-${i}`,
            occurredAt: monthsBack(0).toISOString(),
            userEmail: emails[0],
            app: apps[0],
            eventType: 'active',
            colour: 'red',
          },
    );
  }
  // Interleave, so duplicates and invalid events sit in the same requests as the originals.
  const shuffled = events
    .map((e, i) => ({ e, k: (i * 7919) % events.length }))
    .sort((a, b) => a.k - b.k)
    .map((x) => x.e);
  return { events: shuffled, uniqueValid, invalid: 500 };
}

async function postAll(events: unknown[]): Promise<{ accepted: number; rejected: number }> {
  let accepted = 0;
  let rejected = 0;
  for (let i = 0; i < events.length; i += 5_000) {
    const response = await post({ events: events.slice(i, i + 5_000) });
    expect(response.status).toBe(202);
    const body = (await response.json()) as { accepted: number; rejected: unknown[] };
    accepted += body.accepted;
    rejected += body.rejected.length;
  }
  return { accepted, rejected };
}

describe(`usage-event ingest through devhost (${lane()})`, () => {
  let batch: Batch;
  let firstBatches = 0;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'asset-pulse-ingest-'));
    database = await prepareAppDatabase(dataDir);
    host = await startDevhost({
      dataDir,
      env: { ...database.env, AzureFunctionsJobHost__extensions__queues__visibilityTimeout: '00:00:01' },
    });
    batch = buildBatch(
      database.fixture.employees.map((e) => e.email),
      database.fixture.apps.map((a) => a.slug),
    );
  });

  afterAll(async () => {
    if (process.env.SHOW_DEVHOST_LOG) console.log(host?.output());
    await host?.dispose();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses anonymous posts, bodies that are not JSON, and bodies without events', async () => {
    expect((await post({ events: [] }, { 'content-type': 'application/json' })).status).toBe(401);
    const notJson = await post('{"events": [', headers);
    expect(notJson.status).toBe(400);
    expect(notJson.headers.get('content-type')).toBe('application/problem+json');
    expect(((await notJson.json()) as { detail: string }).detail).toMatch(/not valid JSON/);
    const noEvents = await post({ items: [] });
    expect(noEvents.status).toBe(400);
    expect(((await noEvents.json()) as { errors: { path: string }[] }).errors.map((e) => e.path)).toContain(
      'events',
    );
    const tooMany = await post({ events: Array.from({ length: 5_001 }, () => ({})) });
    expect(tooMany.status).toBe(413);
  });

  it('stores exactly the unique valid events of 10,000 with 10% duplicates and 5% invalid', async () => {
    const answer = await postAll(batch.events);
    expect(answer).toEqual({ accepted: 9_500, rejected: 500 });
    const drained = await waitFor('all unique events stored', async () => {
      const s = await stats();
      return s.totals.events >= batch.uniqueValid.size ? s : undefined;
    });
    expect(drained.totals.events).toBe(batch.uniqueValid.size);
    expect(drained.byCompany).toEqual([{ company: 'TST', name: 'Test Company', events: 8_500 }]);
    expect(drained.byDay.length).toBeGreaterThanOrEqual(3);
    firstBatches = drained.ingest.lagLastHour.batches;
    expect(drained.ingest.lagLastHour.p50Ms).not.toBeNull();
  });

  it('changes nothing when the same batch is posted again', async () => {
    const answer = await postAll(batch.events);
    expect(answer.accepted).toBe(9_500);
    const after = await waitFor('the replayed messages processed', async () => {
      const s = await stats();
      return s.ingest.lagLastHour.batches >= firstBatches * 2 ? s : undefined;
    });
    expect(after.totals.events).toBe(batch.uniqueValid.size);
  });

  it('keeps an event for an unknown app in quarantine, listed with the reason', async () => {
    const stray = {
      eventId: 'stray-1',
      occurredAt: new Date().toISOString(),
      userEmail: database.fixture.employees[0]!.email,
      app: 'not-in-catalog',
      eventType: 'login',
    };
    expect((await post({ events: [stray] })).status).toBe(202);
    const listed = await waitFor('the stray event in quarantine', async () => {
      const response = await fetch(`${host.apiBase}/usage-events/quarantine?eventId=stray-1`, { headers });
      const page = (await response.json()) as { items: { eventId: string; reason: string }[] };
      return page.items.length > 0 ? page.items : undefined;
    });
    expect(listed[0]).toMatchObject({ eventId: 'stray-1', reason: 'unknown app "not-in-catalog"' });
    expect((await fetch(`${host.apiBase}/usage-events/quarantine?limit=0`, { headers })).status).toBe(400);
  });

  it('moves a message that always fails to the poison queue after five tries, and keeps the reason', async () => {
    const queue = QueueServiceClient.fromConnectionString(host.storage).getQueueClient('usage-events');
    await queue.sendMessage(Buffer.from(JSON.stringify({ v: 99, events: [] })).toString('base64'));
    const poison = QueueServiceClient.fromConnectionString(host.storage).getQueueClient(
      'usage-events-poison',
    );
    const poisoned = await waitFor('the bad message in usage-events-poison', async () => {
      const peeked = await poison.peekMessages({ numberOfMessages: 1 });
      return peeked.peekedMessageItems[0];
    });
    expect(JSON.parse(Buffer.from(poisoned.messageText, 'base64').toString())).toEqual({ v: 99, events: [] });
    expect(host.output()).toMatch(/Poisoned\s+ingestUsageEvents \(queue usage-events #5/);
    expect((await stats()).ingest.failedMessages).toBe(1);
    const failures = (await (await fetch(`${host.apiBase}/usage-events/failures`, { headers })).json()) as {
      items: { reason: string; dequeueCount: number; queueName: string }[];
    };
    expect(failures.items).toEqual([
      expect.objectContaining({
        queueName: 'usage-events',
        dequeueCount: 5,
        reason: expect.stringMatching(/v must be 1/) as unknown,
      }),
    ]);
  });

  it('has put every event in the partition of its month', async () => {
    await host.stop();
    const rows = await database.use(
      async (db) =>
        (
          await sql<{ partition: string; n: number; distinct_ids: number }>`
          select tableoid::regclass::text as partition, count(*)::int as n, count(distinct event_id)::int as distinct_ids
          from usage_events group by 1 order by 1`.execute(db)
        ).rows,
    );
    const expected = [2, 1, 0].map((n) => {
      const m = monthsBack(n);
      return `usage_events_p${m.getUTCFullYear()}_${String(m.getUTCMonth() + 1).padStart(2, '0')}`;
    });
    expect(rows.map((r) => r.partition.replace(/^.*\./, ''))).toEqual(expected);
    expect(rows.reduce((sum, r) => sum + r.n, 0)).toBe(batch.uniqueValid.size);
    expect(rows.reduce((sum, r) => sum + r.distinct_ids, 0)).toBe(batch.uniqueValid.size);
  });
});
