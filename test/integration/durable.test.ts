// Durable Functions conformance through devhost: small orchestrations under test
// (test/fixtures/durable-app), the real durable-functions package, the client API used from HTTP
// functions as production code uses it.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot, startDevhost, waitFor, type DevhostRun } from '../../devhost/childHost';

interface Status {
  name: string;
  instanceId: string;
  runtimeStatus: string;
  output: unknown;
  customStatus: unknown;
  history?: { EventType: string }[];
}

let host: DevhostRun;

async function start(name: string, input?: unknown, instanceId?: string): Promise<string> {
  const response = await fetch(`${host.apiBase}/orchestrators/${name}${instanceId ? `/${instanceId}` : ''}`, {
    method: 'POST',
    body: input === undefined ? '' : JSON.stringify(input),
  });
  expect(response.status).toBe(202);
  const body = (await response.json()) as { id: string; statusQueryGetUri: string };
  expect(response.headers.get('location')).toBe(body.statusQueryGetUri);
  return body.id;
}

async function status(id: string, history = false): Promise<Status> {
  const response = await fetch(`${host.apiBase}/status/${id}${history ? '?history=true' : ''}`);
  return (await response.json()) as Status;
}

async function finished(id: string, timeoutMs = 60_000): Promise<Status> {
  return waitFor(
    `instance ${id} to end`,
    async () => {
      const s = await status(id);
      return ['Completed', 'Failed', 'Terminated'].includes(s.runtimeStatus) ? s : undefined;
    },
    timeoutMs,
    100,
  );
}

const raise = (id: string, event: string, data?: unknown) =>
  fetch(`${host.apiBase}/events/${id}/${event}`, {
    method: 'POST',
    body: data === undefined ? '' : JSON.stringify(data),
  });
const advanceClock = (ms: number) =>
  fetch(`${host.url}/dev/clock`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ advanceMs: ms }),
  });

describe('Durable Functions on devhost', () => {
  beforeAll(async () => {
    host = await startDevhost({
      appDir: join(projectRoot, 'test', 'fixtures', 'durable-app'),
      env: { DEVHOST_ADJUSTABLE_CLOCK: 'true' },
    });
  });
  afterAll(async () => {
    await host?.dispose();
  });

  it('runs a sequence of activities with their inputs and outputs', async () => {
    const response = await fetch(`${host.apiBase}/orchestrators/sequence`, {
      method: 'POST',
      body: JSON.stringify(['Tokyo', 'Seattle', 'London']),
    });
    const links = (await response.json()) as { id: string; statusQueryGetUri: string };
    const id = links.id;
    const done = await finished(id);
    // The status URL createCheckStatusResponse handed out works, with the key it carries.
    const byUrl = await fetch(links.statusQueryGetUri);
    expect(byUrl.status).toBe(200);
    expect(await byUrl.json()).toMatchObject({ instanceId: id, runtimeStatus: 'Completed' });
    expect(done).toMatchObject({
      name: 'sequence',
      runtimeStatus: 'Completed',
      output: ['Hello Tokyo!', 'Hello Seattle!', 'Hello London!'],
    });
  });

  it('tells the orchestrator when it is replaying, so its logs are not repeated', async () => {
    const id = await start('logsOnce');
    expect((await finished(id)).output).toBe('logged');
    for (const step of [1, 2, 3]) {
      const lines = host
        .output()
        .split('\n')
        .filter((line) => line.includes(`logsOnce ${id} step ${step}`));
      expect(lines).toHaveLength(1);
    }
  });

  it('fans out to 200 activities and back in', async () => {
    const id = await start('fanOut', 200);
    const done = await finished(id);
    const output = done.output as { results: number[]; sum: number };
    expect(output.results).toEqual(Array.from({ length: 200 }, (_, i) => (i + 1) * 2));
    expect(output.sum).toBe(200 * 201);
  });

  it('retries an activity that fails twice, then succeeds, under RetryOptions', async () => {
    const id = await start('retrying');
    const done = await finished(id);
    expect(done).toMatchObject({ runtimeStatus: 'Completed', output: 'ok after 3 tries' });
    const history = (await status(id, true)).history!.map((e) => e.EventType);
    expect(history.filter((t) => t === 'TaskFailed')).toHaveLength(2);
    expect(history.filter((t) => t === 'TaskScheduled')).toHaveLength(3);
  });

  it("propagates an activity's failure as TaskFailedError with its message", async () => {
    const caught = await finished(await start('catchesFailure'));
    expect(caught.output).toEqual({
      caught: expect.stringContaining('the activity always fails') as unknown,
      name: 'TaskFailedError',
    });
    const failed = await finished(await start('failing'));
    expect(failed.runtimeStatus).toBe('Failed');
    expect(JSON.stringify(failed.output)).toContain('the activity always fails');
  });

  it('fires a durable timer', async () => {
    const done = await finished(await start('timer', 1));
    expect(done.output).toBe('fired');
  });

  it('races an external event against a timer: the event wins', async () => {
    const id = await start('approval', { timeoutSeconds: 3600 });
    await waitFor('the instance to wait', async () =>
      (await status(id)).runtimeStatus === 'Running' ? true : undefined,
    );
    expect((await raise(id, 'Approve', { by: 'maria' })).status).toBe(202);
    expect((await finished(id)).output).toBe('approved: maria');
  });

  it('races an external event against a timer: the timer wins when the clock moves past it', async () => {
    const id = await start('approval', { timeoutSeconds: 3600 });
    await waitFor('the instance to wait', async () =>
      (await status(id)).runtimeStatus === 'Running' ? true : undefined,
    );
    await advanceClock(3_601_000);
    expect((await finished(id)).output).toBe('timed out');
  });

  it('keeps an event raised before the orchestrator waits for it', async () => {
    const id = await start('eventFirst');
    await raise(id, 'Ping', 'pong');
    expect((await finished(id)).output).toBe('got pong');
  });

  it('completes a 10-day timer when the clock is advanced', async () => {
    const id = await start('timer', 10 * 86_400);
    await waitFor('the timer to be set', async () =>
      (await status(id)).runtimeStatus === 'Running' ? true : undefined,
    );
    await advanceClock(10 * 86_400_000 + 1000);
    expect((await finished(id)).output).toBe('fired');
  });

  it('runs a sub-orchestration under its own instance id', async () => {
    const id = await start('parent', undefined, 'parent-1');
    expect((await finished(id)).output).toEqual({ child: ['Hello Oslo!', 'Hello Riga!'] });
    const child = await status('parent-1-child');
    expect(child).toMatchObject({ name: 'sequence', runtimeStatus: 'Completed' });
  });

  it('retries a failing sub-orchestration under RetryOptions', async () => {
    const id = await start('parentWithRetry');
    expect(await finished(id)).toMatchObject({ runtimeStatus: 'Completed', output: `ok after 3 tries` });
    const history = (await status(id, true)).history!.map((e) => e.EventType);
    expect(history.filter((t) => t === 'SubOrchestrationInstanceFailed')).toHaveLength(2);
    expect(history.filter((t) => t === 'SubOrchestrationInstanceCreated')).toHaveLength(3);
  });

  it('continues as new with a fresh, short history', async () => {
    const id = await start('countdown', { left: 5, total: 0 });
    const done = await finished(id);
    expect(done.output).toMatchObject({ total: 15 });
    const history = (await status(id, true)).history!.map((e) => e.EventType);
    expect(history.filter((t) => t === 'TaskScheduled')).toHaveLength(0);
    expect(history).toContain('ExecutionStarted');
  });

  it('terminates a running instance', async () => {
    const id = await start('waitsForever');
    await waitFor('it to run', async () =>
      (await status(id)).runtimeStatus === 'Running' ? true : undefined,
    );
    expect((await fetch(`${host.apiBase}/terminate/${id}`, { method: 'POST' })).status).toBe(202);
    expect(await finished(id)).toMatchObject({ runtimeStatus: 'Terminated', output: 'stopped by test' });
  });

  it('shows custom status through the client', async () => {
    const id = await start('customStatus');
    await waitFor('the first custom status', async () => {
      const s = await status(id);
      return (s.customStatus as { stage?: string } | null)?.stage === 'waiting' ? true : undefined;
    });
    await raise(id, 'Go');
    expect(await finished(id)).toMatchObject({ customStatus: { stage: 'done' }, output: 'finished' });
  });

  it('lists instances, purges an ended one, and answers 404 for an unknown one', async () => {
    const id = await start('sequence', ['Bergen']);
    await finished(id);
    const all = (await (await fetch(`${host.apiBase}/instances`)).json()) as { instanceId: string }[];
    expect(all.map((s) => s.instanceId)).toContain(id);
    const purged = (await (await fetch(`${host.apiBase}/purge/${id}`, { method: 'POST' })).json()) as {
      instancesDeleted: number;
    };
    expect(purged.instancesDeleted).toBe(1);
    expect((await fetch(`${host.apiBase}/status/${id}`)).status).toBe(404);
  });

  it('reaches the same state when an orchestrator is replayed from its stored history', async () => {
    const id = await start('fanOut', 20);
    const done = await finished(id);
    const replay = (await (
      await fetch(`${host.url}/dev/orchestrations/replay?instanceId=${id}`, { method: 'POST' })
    ).json()) as {
      sameOutput: boolean;
      output: unknown;
      actions: number;
      recordedActions: number;
    };
    expect(replay).toMatchObject({ sameOutput: true, output: done.output, actions: 20, recordedActions: 20 });
  });

  it('shows instances and a history to a person at /dev/orchestrations', async () => {
    const id = await start('sequence', ['Kaunas']);
    await finished(id);
    const list = await fetch(`${host.url}/dev/orchestrations`, { headers: { accept: 'text/html' } });
    expect(list.headers.get('content-type')).toMatch(/text\/html/);
    expect(await list.text()).toContain(`?instanceId=${id}`);
    const one = await (
      await fetch(`${host.url}/dev/orchestrations?instanceId=${id}`, { headers: { accept: 'text/html' } })
    ).text();
    expect(one).toContain('TaskScheduled');
    expect(one).toContain('Hello Kaunas!');
  });

  it('fails an orchestration that uses what devhost does not run (callHttp), saying so', async () => {
    const done = await finished(await start('usesCallHttp'));
    expect(done.runtimeStatus).toBe('Failed');
    expect(JSON.stringify(done.output)).toContain('does not run durable action type 8');
  });

  it('refuses input that is not JSON, and starts nothing', async () => {
    const before = ((await (await fetch(`${host.apiBase}/instances`)).json()) as unknown[]).length;
    const response = await fetch(
      `${host.url}/runtime/webhooks/durabletask/orchestrators/sequence?code=durable-host-key`,
      {
        method: 'POST',
        body: 'not json',
      },
    );
    expect(response.status).toBe(400);
    expect(((await (await fetch(`${host.apiBase}/instances`)).json()) as unknown[]).length).toBe(before);
  });

  it('suspends and resumes through the webhook API, which wants the host key', async () => {
    const id = await start('customStatus');
    await waitFor('it to run', async () =>
      (await status(id)).runtimeStatus === 'Running' ? true : undefined,
    );
    const webhook = (action: string, key = 'durable-host-key') =>
      fetch(`${host.url}/runtime/webhooks/durabletask/instances/${id}/${action}?reason=test&code=${key}`, {
        method: 'POST',
      });
    expect((await webhook('suspend', 'wrong')).status).toBe(401);
    expect((await webhook('suspend')).status).toBe(202);
    expect((await status(id)).runtimeStatus).toBe('Suspended');
    await raise(id, 'Go');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await status(id)).runtimeStatus).toBe('Suspended');
    expect((await webhook('resume')).status).toBe(202);
    expect(await finished(id)).toMatchObject({ runtimeStatus: 'Completed', output: 'finished' });
  });
});
