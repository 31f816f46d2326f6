// `npm run bench:durable`: Durable Functions on devhost, with the conformance app
// (test/fixtures/durable-app) and the real durable-functions package. Prints activities/s for a
// fan-out/fan-in of 1,000 activities, and orchestrations/s for 200 small sequential
// orchestrations (three activities each) started together.
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { projectRoot, startDevhost, waitFor, type DevhostRun } from '../../devhost/childHost';

interface Status {
  instanceId: string;
  runtimeStatus: string;
}

/** the status URL handed out, whose base and key reach the management webhooks */
let statusUrl: URL | undefined;

async function startInstance(host: DevhostRun, name: string, input: unknown): Promise<string> {
  const response = await fetch(`${host.apiBase}/orchestrators/${name}`, {
    method: 'POST',
    body: JSON.stringify(input),
  });
  if (response.status !== 202) throw new Error(`start ${name} answered ${response.status}`);
  const body = (await response.json()) as { id: string; statusQueryGetUri: string };
  statusUrl ??= new URL(body.statusQueryGetUri);
  return body.id;
}

/**
 * Whether any instance is still pending or running: one small query, so that polling while the
 * orchestrations run costs the host next to nothing (listing them all goes by pages of 100).
 */
async function anyRunning(): Promise<boolean> {
  if (!statusUrl) throw new Error('no instance started');
  const url = new URL(statusUrl);
  url.pathname = url.pathname.replace(/instances\/[^/]*$/, 'instances/');
  url.searchParams.set('runtimeStatus', 'Pending,Running');
  url.searchParams.set('top', '1');
  const response = await fetch(url);
  if (response.status !== 200) throw new Error(`the instance query answered ${response.status}`);
  return ((await response.json()) as Status[]).length > 0;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      activities: { type: 'string', default: '1000' },
      orchestrations: { type: 'string', default: '200' },
    },
  });
  const fanOut = Number(values.activities);
  const sequential = Number(values.orchestrations);
  const host = await startDevhost({ appDir: join(projectRoot, 'test', 'fixtures', 'durable-app') });
  try {
    let t = performance.now();
    const id = await startInstance(host, 'fanOut', fanOut);
    await waitFor(
      'the fan-out to complete',
      async () => {
        const status = (await (await fetch(`${host.apiBase}/status/${id}`)).json()) as Status;
        if (status.runtimeStatus === 'Failed') throw new Error('the fan-out failed');
        return status.runtimeStatus === 'Completed' ? true : undefined;
      },
      600_000,
      20,
    );
    const fanOutMs = performance.now() - t;

    t = performance.now();
    const ids = new Set(
      await Promise.all(
        Array.from({ length: sequential }, () => startInstance(host, 'sequence', ['Oslo', 'Riga', 'Turku'])),
      ),
    );
    await waitFor(
      'the sequential orchestrations to end',
      async () => ((await anyRunning()) ? undefined : true),
      600_000,
      50,
    );
    const sequentialMs = performance.now() - t;
    const all = (await (await fetch(`${host.apiBase}/instances`)).json()) as Status[];
    const done = all.filter((s) => ids.has(s.instanceId) && s.runtimeStatus === 'Completed').length;
    if (done !== ids.size) throw new Error(`${ids.size - done} sequential orchestrations did not complete`);

    const figures = {
      fanOutActivities: fanOut,
      fanOutSeconds: Number((fanOutMs / 1000).toFixed(2)),
      fanOutActivitiesPerSec: Math.round((fanOut / fanOutMs) * 1000),
      sequentialOrchestrations: sequential,
      sequentialSeconds: Number((sequentialMs / 1000).toFixed(2)),
      orchestrationsPerSec: Math.round((sequential / sequentialMs) * 1000),
      sequentialActivitiesPerSec: Math.round(((sequential * 3) / sequentialMs) * 1000),
    };
    console.log('\nDurable Functions on devhost:');
    console.table({
      [`fan-out/fan-in of ${fanOut} activities`]: {
        'per second': figures.fanOutActivitiesPerSec,
        seconds: figures.fanOutSeconds,
      },
      [`${sequential} sequential orchestrations (3 activities each)`]: {
        'per second': figures.orchestrationsPerSec,
        seconds: figures.sequentialSeconds,
      },
      '  their activities': { 'per second': figures.sequentialActivitiesPerSec },
    });
    console.log(JSON.stringify({ bench: 'durable', ...figures }));
  } finally {
    await host.dispose();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
