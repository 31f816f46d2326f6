// Crash safety: devhost killed with SIGKILL while it drains a large batch loses nothing and stores
// nothing twice once restarted.
import { sql } from 'kysely';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareAppDatabase, type AppDatabase } from '../support/appDatabase';
import { startDevhost, TEST_HOST_KEY, waitFor, type DevhostRun } from '../../devhost/childHost';
import { lane } from '../support/testDatabase';

const TOTAL = 40_000;
const headers = { 'x-functions-key': TEST_HOST_KEY, 'content-type': 'application/json' };
let host: DevhostRun;
let database: AppDatabase;
let dataDir: string;

async function storedSoFar(): Promise<number> {
  const response = await fetch(`${host.apiBase}/usage-events/stats?from=2000-01-01&to=2100-01-01`, {
    headers,
  });
  return ((await response.json()) as { totals: { events: number } }).totals.events;
}

describe(`ingest survives SIGKILL (${lane()})`, () => {
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'asset-pulse-crash-'));
    database = await prepareAppDatabase(dataDir);
    host = await startDevhost({ dataDir, env: { ...database.env, DEVHOST_QUEUE_LEASE_SECONDS: '4' } });
  });
  afterAll(async () => {
    await host?.dispose();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('stores every event exactly once after a kill while posting and draining, and the pipeline retrying what was not accepted', async () => {
    const emails = database.fixture.employees.map((e) => e.email);
    const apps = database.fixture.apps.map((a) => a.slug);
    const now = Date.now();
    const chunk = (index: number) =>
      Array.from({ length: 5_000 }, (_, k) => {
        const i = index * 5_000 + k;
        return {
          eventId: `crash-${i}`,
          occurredAt: new Date(now - i * 1000).toISOString(),
          userEmail: emails[i % emails.length],
          app: apps[i % apps.length],
          eventType: 'active',
        };
      });
    const post = async (index: number): Promise<boolean> => {
      try {
        const response = await fetch(`${host.apiBase}/usage-events`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ events: chunk(index) }),
        });
        return (
          response.status === 202 && ((await response.json()) as { accepted: number }).accepted === 5_000
        );
      } catch {
        return false; // the host died under the request: not accepted, the pipeline sends it again
      }
    };
    const chunks = TOTAL / 5_000;
    const notAccepted: number[] = [];
    const posting = (async () => {
      for (let index = 0; index < chunks; index++) if (!(await post(index))) notAccepted.push(index);
    })();

    // Kill once a few messages are stored, while the rest are still being posted and drained.
    await host.waitForLog(/Succeeded\s+ingestUsageEvents/, 5);
    await host.kill();
    await posting;
    const atKill = await database.use(async (db) =>
      Number((await sql<{ n: number }>`select count(*)::int as n from usage_events`.execute(db)).rows[0]!.n),
    );
    expect(atKill).toBeGreaterThan(0);
    expect(atKill).toBeLessThan(TOTAL);
    expect(notAccepted.length).toBeGreaterThan(0);

    await host.restart();
    for (const index of notAccepted) expect(await post(index)).toBe(true);
    await waitFor(
      'every accepted event stored after the restart',
      async () => ((await storedSoFar()) >= TOTAL ? true : undefined),
      180_000,
    );
    await host.stop();

    const counts = await database.use(
      async (db) =>
        (
          await sql<{ rows: number; ids: number; rolled: number }>`
          select (select count(*)::int from usage_events) as rows,
                 (select count(distinct event_id)::int from usage_events) as ids,
                 (select sum(events)::int from usage_daily) as rolled`.execute(db)
        ).rows[0],
    );
    expect(counts).toEqual({ rows: TOTAL, ids: TOTAL, rolled: TOTAL });
  });
});
