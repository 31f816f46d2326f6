// devhost hosting an app that is not Asset Pulse (test/fixtures/basic-app), unchanged.
import { QueueServiceClient } from '@azure/storage-queue';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot, startDevhost, waitFor, type DevhostRun } from '../../devhost/childHost';

interface FixtureState {
  processed: { message: unknown; dequeueCount: number }[];
  attempts: Record<string, number>;
  ticks: number;
  started: boolean;
  lastTimer?: { isPastDue: boolean; scheduleStatus: unknown };
}

let host: DevhostRun;
const state = async () => (await (await fetch(`${host.apiBase}/state`)).json()) as FixtureState;

describe('devhost hosting a fixture app', () => {
  beforeAll(async () => {
    host = await startDevhost({ appDir: join(projectRoot, 'test', 'fixtures', 'basic-app') });
  });
  afterAll(async () => {
    await host?.dispose();
  });

  it('routes by template, with literal segments before parameters and constraints honoured', async () => {
    expect(await (await fetch(`${host.apiBase}/items/42?q=x`)).json()).toEqual({
      id: 42,
      q: 'x',
      kind: 'int',
    });
    expect(await (await fetch(`${host.apiBase}/items/latest`)).json()).toEqual({ kind: 'literal' });
    expect(await (await fetch(`${host.apiBase}/items/abc`)).json()).toEqual({ name: 'abc', kind: 'name' });
    expect((await fetch(`${host.apiBase}/items/42`, { method: 'DELETE' })).status).toBe(404);
  });

  it('checks function keys from the header or the code query, and admin keys for admin functions', async () => {
    const post = (query = '', headers: Record<string, string> = {}) =>
      fetch(`${host.apiBase}/echo${query}`, { method: 'POST', body: JSON.stringify({ a: 1 }), headers });
    expect((await post()).status).toBe(401);
    expect((await post('', { 'x-functions-key': 'wrong' })).status).toBe(401);
    const ok = await post('', { 'x-functions-key': 'fixture-host-key' });
    expect(ok.status).toBe(201);
    expect(ok.headers.get('x-echo')).toBe('yes');
    expect(await ok.json()).toEqual({ received: { a: 1 }, started: true });
    expect((await post('?code=fixture-host-key')).status).toBe(201);
    expect(
      (await fetch(`${host.apiBase}/admin-only`, { headers: { 'x-functions-key': 'fixture-host-key' } }))
        .status,
    ).toBe(401);
    expect((await fetch(`${host.apiBase}/admin-only?code=fixture-master-key`)).status).toBe(200);
  });

  it('answers 500 when a function throws, and keeps serving', async () => {
    expect((await fetch(`${host.apiBase}/fails`)).status).toBe(500);
    expect((await fetch(`${host.apiBase}/items/1`)).status).toBe(200);
    expect(host.output()).toMatch(/Failed\s+fails \(http 500\).*boom/);
  });

  it('runs queue triggers on base64 messages, with the dequeue count, and poisons a message after maxDequeueCount tries', async () => {
    await fetch(`${host.apiBase}/enqueue`, { method: 'POST', body: JSON.stringify({ id: 'ok-1' }) });
    await fetch(`${host.apiBase}/enqueue`, {
      method: 'POST',
      body: JSON.stringify({ id: 'bad-1', fail: true }),
    });
    const poison = QueueServiceClient.fromConnectionString(host.storage).getQueueClient(
      'fixture-work-poison',
    );
    const poisoned = await waitFor('the failing message in the poison queue', async () => {
      const peeked = await poison.peekMessages({ numberOfMessages: 5 });
      return peeked.peekedMessageItems.length > 0 ? peeked.peekedMessageItems : undefined;
    });
    expect(JSON.parse(Buffer.from(poisoned[0]!.messageText, 'base64').toString())).toEqual({
      id: 'bad-1',
      fail: true,
    });
    const s = await state();
    expect(s.attempts['bad-1']).toBe(3); // host.json maxDequeueCount
    expect(s.processed).toEqual([{ message: { id: 'ok-1' }, dequeueCount: 1 }]);
  });

  it('runs timers on their NCRONTAB schedule, and on start-up when asked', async () => {
    const first = (await state()).ticks;
    expect(first).toBeGreaterThanOrEqual(1);
    await waitFor(
      'two more ticks',
      async () => ((await state()).ticks >= first + 2 ? true : undefined),
      10_000,
    );
    expect((await state()).lastTimer).toMatchObject({ isPastDue: false });
  });

  it('lists what it runs at /dev/functions', async () => {
    const listing = (await (await fetch(`${host.url}/dev/functions`)).json()) as {
      http: { name: string }[];
      queues: string[];
      timers: { name: string }[];
    };
    expect(listing.http.map((f) => f.name)).toContain('echo');
    expect(listing.queues).toEqual(['fixture-work']);
    expect(listing.timers.map((t) => t.name)).toEqual(['tick']);
  });

  it('stops cleanly on Ctrl-C under npm (two SIGINTs at once), taking Azurite with it', async () => {
    expect(host.azuriteRunning()).toBe(true);
    expect(await host.interrupt()).toBe(0);
    expect(host.output()).toMatch(/SIGINT, stopping/);
    await waitFor('Azurite to stop', () => Promise.resolve(host.azuriteRunning() ? undefined : true), 20_000);
  });
});
