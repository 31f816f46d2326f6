// No accepted usage event is lost to a neighbour the database cannot store (issue #8, finding 1),
// end to end through devhost: HTTP → Azurite queue → queue trigger → database. Each shape below once
// passed the HTTP edge, failed its whole queue message five times and sent it to the poison queue
// with every valid event beside it, though the caller had been told 202.
import { QueueServiceClient } from '@azure/storage-queue';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareAppDatabase, type AppDatabase } from '../support/appDatabase';
import { startDevhost, TEST_HOST_KEY, waitFor, type DevhostRun } from '../../devhost/childHost';
import { lane } from '../support/testDatabase';

let host: DevhostRun;
let database: AppDatabase;
let dataDir: string;

const headers = { 'x-functions-key': TEST_HOST_KEY, 'content-type': 'application/json' };
const startedAt = Date.now();

const without = (event: Record<string, unknown>, key: string) =>
  Object.fromEntries(Object.entries(event).filter(([k]) => k !== key));

/** The five shapes, and the field each is rejected for. */
const SHAPES: [string, string, (e: Record<string, unknown>) => Record<string, unknown>][] = [
  ['employeeId', 'employeeId', (e) => ({ ...without(e, 'userEmail'), employeeId: 2 ** 31 })],
  ['appId', 'appId', (e) => ({ ...without(e, 'app'), appId: 2 ** 31 })],
  ['eventId', 'eventId', (e) => ({ ...e, eventId: `${String(e.eventId)}\u0000` })],
  ['source', 'source', (e) => ({ ...e, source: 'okta\u0000export' })],
  ['properties', 'properties.page.path', (e) => ({ ...e, properties: { page: { path: '/home\u0000' } } })],
];

/** 100 valid events and, last, the one under test. */
function hundredAnd(prefix: string, odd: (e: Record<string, unknown>) => Record<string, unknown>) {
  const events: Record<string, unknown>[] = Array.from({ length: 100 }, (_, i) => ({
    eventId: `${prefix}-${i}`,
    occurredAt: new Date(startedAt - i * 1000).toISOString(),
    userEmail: database.fixture.employees[i % database.fixture.employees.length]!.email,
    app: database.fixture.apps[i % database.fixture.apps.length]!.slug,
    eventType: 'active',
  }));
  events.push(odd({ ...events[0]!, eventId: `${prefix}-odd` }));
  return events;
}

interface Stats {
  totals: { events: number };
  ingest: { quarantined: number; failedMessages: number };
}
const stats = async (): Promise<Stats> =>
  (await (await fetch(`${host.apiBase}/usage-events/stats`, { headers })).json()) as Stats;

describe(`unstorable usage events through devhost (${lane()})`, () => {
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'asset-pulse-unstorable-'));
    database = await prepareAppDatabase(dataDir);
    host = await startDevhost({
      dataDir,
      env: { ...database.env, AzureFunctionsJobHost__extensions__queues__visibilityTimeout: '00:00:01' },
    });
  }, 120_000);

  afterAll(async () => {
    if (process.env.SHOW_DEVHOST_LOG) console.log(host?.output());
    await host?.dispose();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it.each(SHAPES)(
    'rejects %s that its column cannot hold at the edge, naming it, and accepts the 100 beside it',
    async (name, field, odd) => {
      const response = await fetch(`${host.apiBase}/usage-events`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ events: hundredAnd(`edge-${name}`, odd) }),
      });
      expect(response.status).toBe(202);
      const body = (await response.json()) as {
        accepted: number;
        rejected: { index: number; errors: { path: string; message: string }[] }[];
      };
      expect(body.accepted).toBe(100);
      expect(body.rejected).toEqual([
        {
          index: 100,
          eventId: expect.any(String) as unknown,
          errors: [expect.objectContaining({ path: field })],
        },
      ]);
    },
  );

  it('stores the 100 valid events of each message put straight on the queue, quarantines the one, poisons nothing', async () => {
    // Pipelines may bypass the edge: the queue trigger validates again, and no event sinks its message.
    const queue = QueueServiceClient.fromConnectionString(host.storage).getQueueClient('usage-events');
    for (const [name, , odd] of SHAPES) {
      const message = {
        v: 1,
        batchId: `queue-${name}`,
        acceptedAt: new Date().toISOString(),
        source: 'itest',
        events: hundredAnd(`queue-${name}`, odd),
      };
      await queue.sendMessage(Buffer.from(JSON.stringify(message)).toString('base64'));
    }
    const settled = await waitFor('1,000 events stored and 5 quarantined', async () => {
      const s = await stats();
      return s.totals.events >= 1_000 && s.ingest.quarantined >= 5 ? s : undefined;
    });
    expect(settled.totals.events).toBe(1_000);
    expect(settled.ingest).toMatchObject({ quarantined: 5, failedMessages: 0 });

    const page = (await (await fetch(`${host.apiBase}/usage-events/quarantine`, { headers })).json()) as {
      items: { batchId: string; reason: string }[];
    };
    expect(page.items.map((i) => i.batchId).sort()).toEqual(SHAPES.map(([name]) => `queue-${name}`).sort());
    for (const [name, field] of SHAPES) {
      expect(page.items.find((i) => i.batchId === `queue-${name}`)!.reason).toMatch(
        new RegExp(`^invalid: ${field.replaceAll('.', '\\.')}: `),
      );
    }
    const poison = QueueServiceClient.fromConnectionString(host.storage).getQueueClient(
      'usage-events-poison',
    );
    const peeked = (await poison.exists())
      ? (await poison.peekMessages({ numberOfMessages: 32 })).peekedMessageItems
      : [];
    expect(peeked).toEqual([]);
    expect(host.output()).not.toMatch(/Poisoned\s+ingestUsageEvents/);
  });
});
