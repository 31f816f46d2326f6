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
  input?: unknown;
  output: unknown;
  customStatus: unknown;
  createdTime?: string;
  historyEvents?: Record<string, unknown>[];
}

interface CheckStatus {
  id: string;
  statusQueryGetUri: string;
  sendEventPostUri: string;
  terminatePostUri: string;
  purgeHistoryDeleteUri: string;
  restartPostUri: string;
  suspendPostUri: string;
  resumePostUri: string;
}

let host: DevhostRun;
/** the durabletask extension key, as the status URLs handed out carry it */
let systemKey = '';

async function start(name: string, input?: unknown, instanceId?: string): Promise<string> {
  const response = await fetch(`${host.apiBase}/orchestrators/${name}${instanceId ? `/${instanceId}` : ''}`, {
    method: 'POST',
    body: input === undefined ? '' : JSON.stringify(input),
  });
  expect(response.status).toBe(202);
  const body = (await response.json()) as { id: string; statusQueryGetUri: string };
  expect(response.headers.get('location')).toBe(body.statusQueryGetUri);
  systemKey = new URL(body.statusQueryGetUri).searchParams.get('code') ?? '';
  return body.id;
}

/** a URL of the management webhooks, with the extension key (what a pipeline or a person uses) */
const webhook = (path: string, query: Record<string, string> = {}, key = systemKey) =>
  `${host.url}/runtime/webhooks/durabletask/${path}?${new URLSearchParams({ ...query, code: key }).toString()}`;

/** The history as the extension's status API shows it (the durable client does not pass it on). */
async function historyOf(id: string): Promise<string[]> {
  const response = await fetch(webhook(`instances/${id}`, { showHistory: 'true' }));
  const body = (await response.json()) as Status;
  return (body.historyEvents ?? []).map((e) => String(e.EventType));
}

async function status(id: string): Promise<Status> {
  const response = await fetch(`${host.apiBase}/status/${id}`);
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
    const history = await historyOf(id);
    // The extension folds each TaskScheduled into its completion: 2 failures, 1 success.
    expect(history.filter((t) => t === 'TaskFailed')).toHaveLength(2);
    expect(history.filter((t) => t === 'TaskCompleted')).toHaveLength(1);
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
    const history = await historyOf(id);
    expect(history.filter((t) => t === 'SubOrchestrationInstanceFailed')).toHaveLength(2);
    expect(history.filter((t) => t === 'SubOrchestrationInstanceCompleted')).toHaveLength(1);
  });

  it('continues as new with a fresh, short history', async () => {
    const id = await start('countdown', { left: 5, total: 0 });
    const done = await finished(id);
    expect(done.output).toMatchObject({ total: 15 });
    const history = await historyOf(id);
    expect(history.filter((t) => t === 'TaskCompleted')).toHaveLength(0);
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
    await raise(id, 'Go', null);
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
    const response = await fetch(webhook('orchestrators/sequence'), { method: 'POST', body: 'not json' });
    expect(response.status).toBe(400);
    expect(((await (await fetch(`${host.apiBase}/instances`)).json()) as unknown[]).length).toBe(before);
  });

  it('suspends and resumes through the webhook API, which wants the extension key', async () => {
    const id = await start('customStatus');
    await waitFor('it to run', async () =>
      (await status(id)).runtimeStatus === 'Running' ? true : undefined,
    );
    const post = (action: string, key = systemKey) =>
      fetch(webhook(`instances/${id}/${action}`, { reason: 'test' }, key), { method: 'POST' });
    expect((await post('suspend', 'wrong')).status).toBe(401);
    // The host key opens function endpoints, not the extension's webhooks (as in Azure).
    expect((await post('suspend', 'durable-host-key')).status).toBe(401);
    expect((await post('suspend')).status).toBe(202);
    expect((await status(id)).runtimeStatus).toBe('Suspended');
    await raise(id, 'Go', null);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await status(id)).runtimeStatus).toBe('Suspended');
    expect((await post('resume')).status).toBe(202);
    expect(await finished(id)).toMatchObject({ runtimeStatus: 'Completed', output: 'finished' });
  });
  describe("the durable client's RPC endpoint and the URLs handed out", () => {
    it("refuses an event forged through the old keyless loopback path; the app's own client still raises it", async () => {
      const id = await start('approval', { timeoutSeconds: 3600 });
      await waitFor('the instance to wait', async () =>
        (await status(id)).runtimeStatus === 'Running' ? true : undefined,
      );
      const forged = await fetch(`${host.url}/durabletask/instances/${id}/raiseEvent/Approve`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ by: 'mallory' }),
      });
      expect([401, 403, 404]).toContain(forged.status);
      // Had the forged event been taken, the orchestration would have ended with it, not this one.
      expect((await raise(id, 'Approve', { by: 'maria' })).status).toBe(202);
      expect((await finished(id)).output).toBe('approved: maria');
    });

    it('hands out status URLs with the extension key, never the host key, and they need it', async () => {
      const response = await fetch(`${host.apiBase}/orchestrators/sequence`, {
        method: 'POST',
        body: JSON.stringify(['Vilnius']),
      });
      const text = await response.text();
      expect(text).not.toContain('durable-host-key');
      const links = JSON.parse(text) as CheckStatus;
      // the extension's set: no rewind URL (devhost cannot rewind), nothing else
      expect(Object.keys(links).sort()).toEqual(
        [
          'id',
          'purgeHistoryDeleteUri',
          'restartPostUri',
          'resumePostUri',
          'sendEventPostUri',
          'statusQueryGetUri',
          'suspendPostUri',
          'terminatePostUri',
        ].sort(),
      );
      expect(response.headers.get('retry-after')).toBe('10');
      await finished(links.id);
      const keyless = new URL(links.statusQueryGetUri);
      keyless.searchParams.delete('code');
      expect((await fetch(keyless)).status).toBe(401);
      keyless.searchParams.set('code', 'durable-host-key');
      expect((await fetch(keyless)).status).toBe(401);
      expect((await fetch(links.statusQueryGetUri)).status).toBe(200);
    });
  });

  describe('the management API answers as the extension does', () => {
    it('starts with 202, Location and Retry-After, and a running status is 202 with both', async () => {
      const started = await fetch(webhook('orchestrators/waitsForever'), { method: 'POST' });
      expect(started.status).toBe(202);
      const links = (await started.json()) as CheckStatus;
      expect(started.headers.get('location')).toBe(links.statusQueryGetUri);
      expect(started.headers.get('retry-after')).toBe('10');
      const running = await waitFor('it to run', async () => {
        const r = await fetch(links.statusQueryGetUri);
        return ((await r.clone().json()) as Status).runtimeStatus === 'Running' ? r : undefined;
      });
      expect(running.status).toBe(202);
      expect(running.headers.get('location')).toBe(links.statusQueryGetUri);
      expect(running.headers.get('retry-after')).toBe('5');
      expect((await fetch(links.terminatePostUri.replace('{text}', 'done'), { method: 'POST' })).status).toBe(
        202,
      );
    });

    it('shows historyEvents, with results only for showHistoryOutput and inputs only with showInput', async () => {
      const id = await start('sequence', ['Tartu']);
      await finished(id);
      const get = async (query: Record<string, string>) =>
        (await (await fetch(webhook(`instances/${id}`, query))).json()) as Status & { history?: unknown };
      const plain = await get({ showHistory: 'true' });
      expect(plain.history).toBeUndefined();
      const completed = plain.historyEvents!.filter((e) => e.EventType === 'TaskCompleted');
      expect(completed).toHaveLength(1);
      expect(completed[0]).toMatchObject({ FunctionName: 'sayHello', Input: '"Tartu"' });
      expect(completed[0]).not.toHaveProperty('Result');
      const withOutput = await get({ showHistory: 'true', showHistoryOutput: 'true' });
      expect(withOutput.historyEvents!.find((e) => e.EventType === 'TaskCompleted')).toMatchObject({
        Result: 'Hello Tartu!',
      });
      expect(withOutput.historyEvents!.find((e) => e.EventType === 'ExecutionCompleted')).toMatchObject({
        Result: ['Hello Tartu!'],
      });
      const noInput = await get({ showHistory: 'true', showInput: 'false' });
      expect(noInput.input).toBeNull();
      expect(noInput.historyEvents!.some((e) => 'Input' in e)).toBe(false);
      expect((await get({})).historyEvents).toBeUndefined();
    });

    it('pages the instance list by top and instanceIdPrefix with a continuation token', async () => {
      const ids = ['page-a', 'page-b', 'page-c', 'page-d', 'page-e'];
      for (const id of ids) await start('sequence', ['Pärnu'], id);
      await start('sequence', ['Narva'], 'other-page');
      const seen: string[] = [];
      let token = '';
      let pages = 0;
      do {
        const response = await fetch(webhook('instances/', { instanceIdPrefix: 'page-', top: '2' }), {
          headers: token ? { 'x-ms-continuation-token': token } : {},
        });
        expect(response.status).toBe(200);
        const page = (await response.json()) as Status[];
        expect(page.length).toBeLessThanOrEqual(2);
        seen.push(...page.map((s) => s.instanceId));
        token = response.headers.get('x-ms-continuation-token') ?? '';
        pages++;
      } while (token && pages < 10);
      expect(pages).toBe(3);
      expect(seen).toEqual(ids);
    });

    it('starts and waits: 200 with the output, or the 202 when the timeout comes first', async () => {
      const done = await fetch(webhook('orchestrators/sequence', { timeout: '60', pollingInterval: '1' }), {
        method: 'POST',
        body: JSON.stringify(['Riga']),
      });
      expect(done.status).toBe(200);
      expect(await done.json()).toEqual(['Hello Riga!']);
      const waiting = await fetch(
        webhook('orchestrators/waitsForever', { timeout: '0.2', pollingInterval: '0.1' }),
        { method: 'POST' },
      );
      expect(waiting.status).toBe(202);
      const links = (await waiting.json()) as CheckStatus;
      await fetch(links.terminatePostUri.replace('{text}', 'done'), { method: 'POST' });
    });

    it('restarts an instance under a new id, or the same one, with its input', async () => {
      const id = await start('sequence', ['Oslo']);
      await finished(id);
      const links = (await (await fetch(webhook(`instances/${id}`))).json()) as Status;
      expect(links.runtimeStatus).toBe('Completed');
      const restarted = await fetch(webhook(`instances/${id}/restart`), { method: 'POST' });
      expect(restarted.status).toBe(202);
      const fresh = (await restarted.json()) as CheckStatus;
      expect(fresh.id).not.toBe(id);
      expect(await finished(fresh.id)).toMatchObject({ name: 'sequence', output: ['Hello Oslo!'] });
      const same = await fetch(webhook(`instances/${id}/restart`, { restartWithNewInstanceId: 'false' }), {
        method: 'POST',
      });
      expect(same.status).toBe(202);
      expect(((await same.json()) as CheckStatus).id).toBe(id);
      expect(await finished(id)).toMatchObject({ output: ['Hello Oslo!'] });
      expect((await fetch(webhook('instances/no-such-instance/restart'), { method: 'POST' })).status).toBe(
        400,
      );
    });

    it("answers rewind with the extension's statuses, and 501 for a failed instance", async () => {
      const completed = await start('sequence', ['Turku']);
      await finished(completed);
      expect((await fetch(webhook(`instances/${completed}/rewind`), { method: 'POST' })).status).toBe(410);
      const failed = await start('failing');
      await finished(failed);
      expect((await fetch(webhook(`instances/${failed}/rewind`), { method: 'POST' })).status).toBe(501);
      expect((await fetch(webhook('instances/no-such-instance/rewind'), { method: 'POST' })).status).toBe(
        404,
      );
    });

    it('answers 400 for an unknown orchestrator and for an event that is not JSON, and starts or raises nothing', async () => {
      const unknown = await fetch(webhook('orchestrators/noSuchOrchestrator'), { method: 'POST' });
      expect(unknown.status).toBe(400);
      expect(JSON.stringify(await unknown.json())).toContain('noSuchOrchestrator');

      const id = await start('approval', { timeoutSeconds: 3600 });
      await waitFor('the instance to wait', async () =>
        (await status(id)).runtimeStatus === 'Running' ? true : undefined,
      );
      const send = (body: string, type: string) =>
        fetch(webhook(`instances/${id}/raiseEvent/Approve`), {
          method: 'POST',
          headers: { 'content-type': type },
          body,
        });
      expect((await send('{"by": "plain"}', 'text/plain')).status).toBe(400);
      expect((await send('{by: broken', 'application/json')).status).toBe(400);
      expect((await send('', 'application/json')).status).toBe(400);
      expect((await send('{"by":"webhook"}', 'application/json')).status).toBe(202);
      expect((await finished(id)).output).toBe('approved: webhook');
    });

    it('answers 500 for resuming a running instance and suspending a suspended one, as the extension does', async () => {
      const id = await start('waitsForever');
      await waitFor('it to run', async () =>
        (await status(id)).runtimeStatus === 'Running' ? true : undefined,
      );
      const post = (action: string) => fetch(webhook(`instances/${id}/${action}`), { method: 'POST' });
      expect((await post('resume')).status).toBe(500);
      expect((await post('suspend')).status).toBe(202);
      expect((await post('suspend')).status).toBe(500);
      expect((await post('resume')).status).toBe(202);
      expect((await post('rewind')).status).toBe(500);
      expect((await post('terminate')).status).toBe(202);
      expect((await post('terminate')).status).toBe(410);
    });

    it('purges a running instance by id, as the Azure Storage provider does', async () => {
      const id = await start('waitsForever');
      await waitFor('it to run', async () =>
        (await status(id)).runtimeStatus === 'Running' ? true : undefined,
      );
      const purged = await fetch(webhook(`instances/${id}`), { method: 'DELETE' });
      expect(purged.status).toBe(200);
      expect(await purged.json()).toEqual({ instancesDeleted: 1 });
      expect((await fetch(webhook(`instances/${id}`))).status).toBe(404);
      expect((await fetch(webhook(`instances/${id}`), { method: 'DELETE' })).status).toBe(404);
    });
  });

  describe('purge by filter', () => {
    /** Four groups of instances an hour apart on the durable clock; returns their ids and times. */
    async function hoursApart(): Promise<{
      before: string;
      inside: string[];
      running: string;
      after: string;
      from: Date;
      to: Date;
    }> {
      // Away from the other tests' instances.
      await advanceClock(30 * 86_400_000);
      const before = await start('sequence', ['before']);
      await finished(before);
      await advanceClock(3_600_000);
      const inside = [await start('sequence', ['in-1']), await start('sequence', ['in-2'])];
      for (const id of inside) await finished(id);
      const running = await start('waitsForever');
      const created = (await (await fetch(webhook(`instances/${inside[0]}`))).json()) as Status;
      await advanceClock(3_600_000);
      const after = await start('sequence', ['after']);
      await finished(after);
      // The window: from the start of the middle group's second to a minute later.
      const from = new Date(created.createdTime!);
      return { before, inside, running, after, from, to: new Date(from.getTime() + 60_000) };
    }

    it("purges only what the durable client's filter selects", async () => {
      const { before, inside, running, after, from, to } = await hoursApart();
      const purged = await fetch(`${host.apiBase}/purge-by`, {
        method: 'POST',
        body: JSON.stringify({ createdTimeFrom: from, createdTimeTo: to, runtimeStatus: ['Completed'] }),
      });
      expect(await purged.json()).toEqual({ instancesDeleted: 2 });
      for (const id of inside) expect((await fetch(webhook(`instances/${id}`))).status).toBe(404);
      for (const id of [before, after, running])
        expect((await fetch(webhook(`instances/${id}`))).status).not.toBe(404);
      await fetch(`${host.apiBase}/terminate/${running}`, { method: 'POST' });
    });

    it('purges only what the webhook filter selects, and 404 when it selects nothing', async () => {
      const { before, inside, running, after, from, to } = await hoursApart();
      const query = {
        createdTimeFrom: from.toISOString(),
        createdTimeTo: to.toISOString(),
        runtimeStatus: 'Completed,Failed,Terminated',
      };
      const purged = await fetch(webhook('instances/', query), { method: 'DELETE' });
      expect(purged.status).toBe(200);
      expect(await purged.json()).toEqual({ instancesDeleted: 2 });
      for (const id of inside) expect((await fetch(webhook(`instances/${id}`))).status).toBe(404);
      for (const id of [before, after, running])
        expect((await fetch(webhook(`instances/${id}`))).status).not.toBe(404);
      expect((await fetch(webhook('instances/', query), { method: 'DELETE' })).status).toBe(404);
      expect(
        (await fetch(webhook('instances/', { runtimeStatus: 'Completed' }), { method: 'DELETE' })).status,
      ).toBe(400);
      await fetch(`${host.apiBase}/terminate/${running}`, { method: 'POST' });
    });
  });
});
