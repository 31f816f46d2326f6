// Crash safety of orchestrations: devhost killed with SIGKILL in the middle of a fan-out of 200
// activities resumes on restart, and the orchestration ends with every result exactly once.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot, startDevhost, waitFor, type DevhostRun } from '../../devhost/childHost';

let host: DevhostRun;

describe('orchestrations survive SIGKILL', () => {
  beforeAll(async () => {
    host = await startDevhost({
      appDir: join(projectRoot, 'test', 'fixtures', 'durable-app'),
      // Slow activities, few at a time: the fan-out is still running when the host dies.
      env: {
        FIXTURE_ACTIVITY_DELAY_MS: '40',
        AzureFunctionsJobHost__extensions__durableTask__maxConcurrentActivityFunctions: '8',
      },
    });
  });
  afterAll(async () => {
    await host?.dispose();
  });

  it('finishes a fan-out of 200 after a kill in the middle, with every activity result exactly once', async () => {
    const response = await fetch(`${host.apiBase}/orchestrators/fanOut/crash-fan-out`, {
      method: 'POST',
      body: '200',
    });
    expect(response.status).toBe(202);
    await host.waitForLog(/Succeeded\s+double/, 40);
    await host.kill();

    await host.restart();
    expect(host.output()).toMatch(/durable: resumed 1 unfinished orchestration instance/);
    const done = await waitFor(
      'the fan-out to complete after the restart',
      async () => {
        const status = (await (await fetch(`${host.apiBase}/status/crash-fan-out`)).json()) as {
          runtimeStatus: string;
          output: unknown;
        };
        return status.runtimeStatus === 'Completed' ? status : undefined;
      },
      120_000,
      100,
    );
    const output = done.output as { results: number[]; sum: number };
    expect(output.results).toEqual(Array.from({ length: 200 }, (_, i) => (i + 1) * 2));
    expect(output.sum).toBe(200 * 201);

    // Results recorded before the kill were kept: the restarted host ran only the missing ones.
    const runs = (await (await fetch(`${host.apiBase}/activity-runs`)).json()) as {
      activityRuns: Record<string, number>;
    };
    const rerun = Object.keys(runs.activityRuns).length;
    expect(rerun).toBeGreaterThan(0);
    expect(rerun).toBeLessThan(200);
  });
});
