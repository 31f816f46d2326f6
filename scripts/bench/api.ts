// `npm run bench:api`: the HTTP API on devhost with bearer tokens from its local issuer, against
// the demo seed (embedded PGlite, or PostgreSQL with DATABASE_URL). Writes: employees submit
// purchase requests (each starts an approval orchestration, which mails the approver and publishes
// an event; the reads start once that work is done). Reads: a manager lists the requests in their scope, a
// requester reads one request with its timeline, anyone reads /api/me. Prints requests/s and
// latency percentiles next to DESIGN.md's targets (reads ≥ 1,000/s, p99 ≤ 50 ms; writes ≥ 300/s,
// p99 ≤ 150 ms).
import { parseArgs } from 'node:util';
import { startDevhost, waitFor, type DevhostRun } from '../../devhost/childHost';
import { seedDemoData } from '../seed/seedDemoData';
import { createBenchDatabase } from './benchDatabase';

interface Person {
  email: string;
  roles: string[];
}

interface Phase {
  name: string;
  requests: number;
  failures: number;
  /** why they failed, e.g. "HTTP 503 ×3" */
  reasons: string;
  seconds: number;
  latenciesMs: number[];
}

const APPS = [
  'miro',
  'figma',
  'notion',
  'zoom-workplace',
  'jira',
  'loom',
  'canva',
  'postman',
  'sentry',
  'linear',
];

/** Why calls failed, per phase: a status code or an error message, with counts (printed with the phase). */
const failureReasons = new Map<string, number>();
function expectStatus(response: Response, status: number): boolean {
  if (response.status === status) return true;
  const key = `HTTP ${response.status}`;
  failureReasons.set(key, (failureReasons.get(key) ?? 0) + 1);
  return false;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** `concurrency` loops issue requests for `seconds`; each call returns whether it succeeded. */
async function runPhase(
  name: string,
  seconds: number,
  concurrency: number,
  call: (worker: number, i: number) => Promise<boolean>,
): Promise<Phase> {
  const latenciesMs: number[] = [];
  let failures = 0;
  const until = performance.now() + seconds * 1000;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      for (let i = 0; performance.now() < until; i++) {
        const t = performance.now();
        const ok = await call(worker, i).catch((error: unknown) => {
          const key = error instanceof Error ? error.message : String(error);
          failureReasons.set(key, (failureReasons.get(key) ?? 0) + 1);
          return false;
        });
        latenciesMs.push(performance.now() - t);
        if (!ok) failures++;
      }
    }),
  );
  const reasons = [...failureReasons].map(([reason, n]) => `${reason} ×${n}`).join(', ');
  failureReasons.clear();
  return {
    name,
    requests: latenciesMs.length,
    failures,
    reasons,
    seconds: (performance.now() - start) / 1000,
    latenciesMs,
  };
}

function report(phase: Phase, target: { rps: number; p99: number }): void {
  const sorted = [...phase.latenciesMs].sort((a, b) => a - b);
  const rps = phase.requests / phase.seconds;
  const p99 = percentile(sorted, 99);
  const verdict = rps >= target.rps && p99 <= target.p99 ? 'meets' : 'misses';
  console.log(
    `${phase.name.padEnd(44)} ${rps.toFixed(0).padStart(6)} req/s  p50 ${percentile(sorted, 50).toFixed(1).padStart(6)} ms  ` +
      `p95 ${percentile(sorted, 95).toFixed(1).padStart(6)} ms  p99 ${p99.toFixed(1).padStart(6)} ms  ` +
      `${phase.failures} failed${phase.reasons ? ` (${phase.reasons})` : ''}  (${verdict} ≥ ${target.rps}/s, p99 ≤ ${target.p99} ms)`,
  );
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: '10' },
      concurrency: { type: 'string', default: '16' },
      size: { type: 'string', default: '1' },
    },
  });
  const seconds = Number(values.seconds);
  const concurrency = Number(values.concurrency);
  const serverUrl = process.env.DATABASE_URL || undefined;
  console.log(
    `bench:api on ${serverUrl ? 'PostgreSQL' : 'PGlite'}: demo seed size ${values.size}, ${concurrency} concurrent clients, ${seconds} s a phase`,
  );
  const database = await createBenchDatabase(serverUrl, { employees: 0, apps: 0 }, (db) =>
    seedDemoData(db, { size: Number(values.size), now: new Date() }),
  );
  let host: DevhostRun | undefined;
  try {
    // Throughput from a handful of signed-in people on one loopback address is what this measures,
    // so the per-instance rate limits (which would answer most of it with 429) are off here,
    host = await startDevhost({
      dataDir: database.dataDir,
      env: {
        ...database.env,
        RATE_LIMIT_PER_ADDRESS_PER_MINUTE: '0',
        RATE_LIMIT_PER_PRINCIPAL_PER_MINUTE: '0',
        // and so are the business caps: a handful of requesters writing for seconds would meet the
        // daily request cap, and their managers the hourly mail cap (the rest would wait for a digest)
        PURCHASE_REQUEST_DAILY_LIMIT: '10000',
        APPROVAL_MAIL_HOURLY_LIMIT: '1000',
      },
    });
    const running = host;
    const people = (await (
      await fetch(`${running.url}/dev/login`, { headers: { accept: 'application/json' } })
    ).json()) as {
      sections: { role: string; people: Person[] }[];
    };
    const employees = people.sections.find((s) => s.role === 'Employee')?.people ?? [];
    const managers = people.sections.find((s) => s.role === 'Manager')?.people ?? [];
    if (employees.length === 0 || managers.length === 0) throw new Error('the sign-in page lists nobody');
    const tokens = await Promise.all(employees.map((p) => running.tokenFor(p.email)));
    const managerTokens = await Promise.all(managers.map((p) => running.tokenFor(p.email)));
    const api = running.apiBase;
    const headers = (token: string) => ({
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
    });

    const created: { id: string; token: string }[] = [];
    const writes = await runPhase(
      'POST /api/purchase-requests',
      seconds,
      Math.max(1, concurrency / 2),
      async (worker, i) => {
        const token = tokens[(worker + i * 7) % tokens.length] as string;
        const response = await fetch(`${api}/purchase-requests`, {
          method: 'POST',
          headers: headers(token),
          body: JSON.stringify({
            items: [{ app: APPS[(worker + i) % APPS.length], seats: 2 }],
            justification: 'Benchmark: seats for a project team',
            neededBy: new Date(Date.now() + 45 * 86_400_000).toISOString().slice(0, 10),
          }),
        });
        const body = (await response.json()) as { id?: string };
        if (response.status === 201 && body.id) created.push({ id: body.id, token });
        return expectStatus(response, 201);
      },
    );

    // Let the workflows the writes started reach their first wait (approver asked, requester told),
    // so the reads measure the API rather than the background work.
    const settleStart = performance.now();
    await waitFor(
      'the approval workflows to ask their first approvers',
      async () => {
        const submitted = await running.events({ type: 'AssetPulse.PurchaseRequest.Submitted' });
        const delivered = submitted.filter((e) => e.deliveries.every((d) => d.status === 'delivered'));
        const asked = (await running.mailbox()).filter((m) => m.subject.startsWith('Approval needed'));
        return delivered.length >= created.length && asked.length >= created.length ? true : undefined;
      },
      300_000,
      500,
    );
    const settleSeconds = (performance.now() - settleStart) / 1000;

    const list = await runPhase(
      'GET /api/purchase-requests (manager scope)',
      seconds,
      concurrency,
      async (worker, i) => {
        const token = managerTokens[(worker + i) % managerTokens.length] as string;
        const response = await fetch(`${api}/purchase-requests?limit=20`, { headers: headers(token) });
        await response.arrayBuffer();
        return expectStatus(response, 200);
      },
    );
    const one = await runPhase(
      'GET /api/purchase-requests/{id} (requester)',
      seconds,
      concurrency,
      async (worker, i) => {
        const request = created[(worker * 31 + i) % created.length];
        if (!request) return false;
        const response = await fetch(`${api}/purchase-requests/${request.id}`, {
          headers: headers(request.token),
        });
        await response.arrayBuffer();
        return expectStatus(response, 200);
      },
    );
    const me = await runPhase('GET /api/me', seconds, concurrency, async (worker, i) => {
      const response = await fetch(`${api}/me`, {
        headers: headers(tokens[(worker + i) % tokens.length] as string),
      });
      await response.arrayBuffer();
      return expectStatus(response, 200);
    });

    console.log('');
    report(writes, { rps: 300, p99: 150 });
    for (const phase of [list, one, me]) report(phase, { rps: 1000, p99: 50 });
    console.log(
      `(${created.length} requests created; their workflows had mailed every first approver and requester ` +
        `${settleSeconds.toFixed(1)} s after the write phase, before the reads)`,
    );
  } finally {
    await host?.dispose();
    await database.dispose();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
