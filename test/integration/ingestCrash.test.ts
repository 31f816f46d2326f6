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

  it('stores every accepted event exactly once after a kill in the middle of draining', async () => {
    const emails = database.fixture.employees.map((e) => e.email);
    const apps = database.fixture.apps.map((a) => a.slug);
    const now = Date.now();
    let accepted = 0;
    for (let start = 0; start < TOTAL; start += 5_000) {
      const events = Array.from({ length: 5_000 }, (_, k) => {
        const i = start + k;
        return {
          eventId: `crash-${i}`,
          occurredAt: new Date(now - i * 1000).toISOString(),
          userEmail: emails[i % emails.length],
          app: apps[i % apps.length],
          eventType: 'active',
        };
      });
      const response = await fetch(`${host.apiBase}/usage-events`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ events }),
      });
      expect(response.status).toBe(202);
      accepted += ((await response.json()) as { accepted: number }).accepted;
    }
    expect(accepted).toBe(TOTAL);

    const atKill = await waitFor('draining to be under way', async () => {
      const stored = await storedSoFar();
      return stored > 0 ? stored : undefined;
    });
    await host.kill();
    expect(atKill).toBeLessThan(TOTAL);

    await host.restart();
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
