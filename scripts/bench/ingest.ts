// `npm run bench:ingest [-- --events N --e2e-events M]`
// Prints, in one run and on one database (PGlite by default, DATABASE_URL when set):
//  1. raw COPY rows/s into usage_events: the ceiling;
//  2. the repository's idempotent insert (ON CONFLICT DO NOTHING + rollups, one statement per
//     queue-message-sized batch) rows/s, and its ratio to COPY;
//  3. the replay of the same batches: rows added (must be 0) and rows/s;
//  4. end to end through devhost: HTTP → Azurite queue → queue trigger → table, events/s and lag.
import { sql } from 'kysely';
import { parseArgs } from 'node:util';
import { startDevhost, TEST_HOST_KEY, waitFor } from '../../devhost/childHost';
import type { DatabaseHandle } from '../../shared/platform/db/database';
import { insertUsageEvents, type ResolvedUsageEvent } from '../../shared/usage/usageEventRepository';
import { createBenchDatabase, type BenchDatabase } from './benchDatabase';

const BATCH = 250; // about one 48 KiB queue message of typical events
/** events of one person in one app on one day: a few sessions' worth */
const EVENTS_PER_ROLLUP = 8;
const DAY = 86_400_000;

/**
 * Events shaped like real usage: a person's events for an app come in runs over a working day
 * (`perRollup` events share one (employee, app, day) rollup row), spread over 30 days, people and apps.
 * perRollup = 1 is the worst case for the rollups: every event makes a rollup row of its own.
 */
function rows(
  prefix: string,
  count: number,
  fixture: BenchDatabase['fixture'],
  now: number,
  perRollup: number,
): ResolvedUsageEvent[] {
  const people = fixture.employees.length;
  return Array.from({ length: count }, (_, i) => {
    const run = Math.floor(i / perRollup);
    return {
      eventId: `${prefix}-${i}`,
      occurredAt: new Date(
        now - (Math.floor(run / people) % 30) * DAY - (i % perRollup) * 60_000,
      ).toISOString(),
      employeeId: fixture.employees[run % people]!.id,
      appId: fixture.apps[(run * 7) % fixture.apps.length]!.id,
      companyId: fixture.companyId,
      eventType: i % 5 === 0 ? 'feature_used' : 'active',
      quantity: 1,
      properties: i % 10 === 0 ? { feature: 'export' } : null,
      source: 'bench',
    };
  });
}

function csv(events: ResolvedUsageEvent[]): string {
  const quote = (v: string) => `"${v.replace(/"/g, '""')}"`;
  return events
    .map((e) =>
      [
        e.eventId,
        e.occurredAt,
        e.employeeId,
        e.appId,
        e.companyId,
        e.eventType,
        e.quantity,
        e.properties ? quote(JSON.stringify(e.properties)) : '',
        e.source ?? '',
      ].join(','),
    )
    .join('\n');
}

async function countRows(handle: DatabaseHandle): Promise<number> {
  const result = await sql<{ n: number }>`select count(*)::int as n from usage_events`.execute(handle.db);
  return result.rows[0]!.n;
}

async function inBatches(
  events: ResolvedUsageEvent[],
  concurrency: number,
  work: (batch: ResolvedUsageEvent[]) => Promise<unknown>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < events.length) {
        const start = next;
        next += BATCH;
        await work(events.slice(start, start + BATCH));
      }
    }),
  );
}

const rate = (count: number, ms: number) => Math.round((count / ms) * 1000);

async function databaseFigures(bench: BenchDatabase, events: number) {
  const handle = await bench.open();
  try {
    const now = Date.now();
    // One writer per core on a server; PGlite is a single backend, so one writer.
    const concurrency = handle.kind === 'pglite' ? 1 : 2;
    const copyRows = rows('copy', events, bench.fixture, now, EVENTS_PER_ROLLUP);
    const copyText = csv(copyRows);
    let t = performance.now();
    await handle.copyFromCsv(
      'usage_events',
      [
        'event_id',
        'occurred_at',
        'employee_id',
        'app_id',
        'company_id',
        'event_type',
        'quantity',
        'properties',
        'source',
      ],
      copyText,
    );
    const copyMs = performance.now() - t;

    const idem = rows('idem', events, bench.fixture, now, EVENTS_PER_ROLLUP);
    t = performance.now();
    await inBatches(idem, concurrency, (batch) => insertUsageEvents(handle.db, batch));
    const insertMs = performance.now() - t;

    const before = await countRows(handle);
    t = performance.now();
    await inBatches(idem, concurrency, (batch) => insertUsageEvents(handle.db, batch));
    const replayMs = performance.now() - t;
    const added = (await countRows(handle)) - before;

    // Days of their own, so these make new rollup rows rather than adding to the ones above.
    const sparse = rows('sparse', events, bench.fixture, now - 35 * DAY, 1);
    t = performance.now();
    await inBatches(sparse, concurrency, (batch) => insertUsageEvents(handle.db, batch));
    const sparseMs = performance.now() - t;
    return {
      database: handle.description.replace(/\?.*$/, ''),
      concurrency,
      copyRowsPerSec: rate(events, copyMs),
      idempotentRowsPerSec: rate(events, insertMs),
      ratioToCopy: Number((insertMs > 0 ? copyMs / insertMs : 0).toFixed(2)),
      replayRowsPerSec: rate(events, replayMs),
      oneEventPerRollupRowsPerSec: rate(events, sparseMs),
      replayRowsAdded: added,
    };
  } finally {
    await handle.close();
  }
}

async function endToEndFigures(bench: BenchDatabase, events: number) {
  const host = await startDevhost({
    dataDir: bench.dataDir,
    // The pipeline posts from one address as fast as it can: the per-address limit is off here.
    env: { ...bench.env, DEVHOST_LOG_LEVEL: 'warning', RATE_LIMIT_PER_ADDRESS_PER_MINUTE: '0' },
  });
  try {
    const headers = { 'x-functions-key': TEST_HOST_KEY, 'content-type': 'application/json' };
    const emails = bench.fixture.employees.map((e) => e.email);
    const apps = bench.fixture.apps.map((a) => a.slug);
    const now = Date.now();
    const all = Array.from({ length: events }, (_, i) => ({
      eventId: `e2e-${i}`,
      occurredAt: new Date(now - i * 1000).toISOString(),
      userEmail: emails[i % emails.length],
      app: apps[(i * 7) % apps.length],
      eventType: 'active',
    }));
    const stored = async () => {
      const response = await fetch(`${host.apiBase}/usage-events/stats?from=2000-01-01&to=2100-01-01`, {
        headers,
      });
      return (await response.json()) as {
        totals: { events: number };
        ingest: { lagLastHour: { p50Ms: number | null; p95Ms: number | null; maxMs: number | null } };
      };
    };
    const baseline = (await stored()).totals.events;
    const start = performance.now();
    let next = 0;
    await Promise.all(
      [0, 1].map(async () => {
        while (next < all.length) {
          const slice = all.slice(next, (next += 5_000));
          const response = await fetch(`${host.apiBase}/usage-events`, {
            method: 'POST',
            headers,
            body: JSON.stringify({ events: slice }),
          });
          if (response.status !== 202)
            throw new Error(`POST answered ${response.status}: ${await response.text()}`);
        }
      }),
    );
    const acceptedMs = performance.now() - start;
    const final = await waitFor(
      'every event visible',
      async () => {
        const s = await stored();
        return s.totals.events - baseline >= events ? s : undefined;
      },
      600_000,
    );
    const visibleMs = performance.now() - start;
    return {
      events,
      httpAcceptEventsPerSec: rate(events, acceptedMs),
      endToEndEventsPerSec: rate(events, visibleMs),
      lastAcceptedToAllVisibleMs: Math.round(visibleMs - acceptedMs),
      queueLagP50Ms: final.ingest.lagLastHour.p50Ms,
      queueLagP95Ms: final.ingest.lagLastHour.p95Ms,
      queueLagMaxMs: final.ingest.lagLastHour.maxMs,
    };
  } finally {
    await host.dispose();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      events: { type: 'string', default: '200000' },
      'e2e-events': { type: 'string', default: '50000' },
    },
  });
  const events = Number(values.events);
  const e2eEvents = Number(values['e2e-events']);
  if (!Number.isInteger(events) || events < BATCH || !Number.isInteger(e2eEvents) || e2eEvents < 1) {
    throw new Error(`--events must be a whole number ≥ ${BATCH}, --e2e-events ≥ 1.`);
  }
  const serverUrl = process.env.DATABASE_URL || undefined;
  const size = { employees: 2_000, apps: 100 };
  console.log(
    `bench:ingest on ${serverUrl ? 'PostgreSQL (DATABASE_URL)' : 'embedded PGlite'}: ${events} rows, ${e2eEvents} events end to end`,
  );

  const dbBench = await createBenchDatabase(serverUrl, size);
  try {
    const figures = await databaseFigures(dbBench, events);
    console.log('\nDatabase (same database, same run):');
    console.table({
      'raw COPY (ceiling)': { 'rows/s': figures.copyRowsPerSec },
      'idempotent insert + rollups': {
        'rows/s': figures.idempotentRowsPerSec,
        'ratio to COPY': figures.ratioToCopy,
      },
      'idempotent, one event per rollup row': { 'rows/s': figures.oneEventPerRollupRowsPerSec },
      'replay of the same batches': {
        'rows/s': figures.replayRowsPerSec,
        'rows added': figures.replayRowsAdded,
      },
    });
    if (figures.replayRowsAdded !== 0)
      throw new Error(`The replay added ${figures.replayRowsAdded} rows; it must add none.`);
    console.log(JSON.stringify({ bench: 'ingest-db', ...figures }));
  } finally {
    await dbBench.dispose();
  }

  const e2eBench = await createBenchDatabase(serverUrl, size);
  try {
    const e2e = await endToEndFigures(e2eBench, e2eEvents);
    console.log('\nEnd to end through devhost (HTTP → queue → table):');
    console.table({
      'events/s (first POST → all visible)': e2e.endToEndEventsPerSec,
      'HTTP accept events/s': e2e.httpAcceptEventsPerSec,
      'last accepted → all visible (ms)': e2e.lastAcceptedToAllVisibleMs,
      'queue lag p50 (ms)': e2e.queueLagP50Ms,
      'queue lag p95 (ms)': e2e.queueLagP95Ms,
    });
    console.log(JSON.stringify({ bench: 'ingest-e2e', ...e2e }));
  } finally {
    await e2eBench.dispose();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
