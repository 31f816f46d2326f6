// devhost's SMTP sink with /dev/mailbox and its local Event Grid topic with /dev/events, through a
// child devhost hosting test/fixtures/events-app (nodemailer and @azure/eventgrid used directly).
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot, startDevhost, type DevhostRun, type EventView } from '../../devhost/childHost';

const TOPIC_KEY = 'fixture-topic-key';
let host: DevhostRun;
let recordDir: string;

const notify = async (body: unknown) => {
  const response = await fetch(`${host.apiBase}/notify`, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json' },
  });
  expect(response.status).toBe(202);
  return (await response.json()) as { messageId?: string };
};

const publishEvent = (event: { id: string; type: string; subject?: string; data?: unknown; time?: string }) =>
  notify({ event: { subject: `fixture/${event.id}`, time: new Date().toISOString(), data: {}, ...event } });

const jsonLines = (file: string) =>
  existsSync(join(recordDir, file))
    ? readFileSync(join(recordDir, file), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>)
    : [];

const settled = (id: string) => (e: EventView) =>
  e.id === id && e.deliveries.length > 0 && e.deliveries.every((d) => d.status !== 'pending');
const deliveryTo = (event: EventView, fn: string) => event.deliveries.find((d) => d.function === fn);

const approveLink = 'http://127.0.0.1:7071/api/approvals/t-1?action=approve';
let firstMailId: string;

describe('devhost mail sink and local Event Grid topic', () => {
  beforeAll(async () => {
    recordDir = mkdtempSync(join(tmpdir(), 'asset-pulse-events-app-'));
    host = await startDevhost({
      appDir: join(projectRoot, 'test', 'fixtures', 'events-app'),
      env: {
        AzureWebJobsStorage: '', // no queues in this app: no Azurite
        FIXTURE_RECORD_DIR: recordDir,
        DEVHOST_EVENTGRID_KEY: TOPIC_KEY,
        DEVHOST_EVENTGRID_MAX_ATTEMPTS: '3',
        DEVHOST_EVENTGRID_RETRY_DELAY_MS: '100',
      },
    });
  });
  afterAll(async () => {
    await host?.dispose();
    if (recordDir) rmSync(recordDir, { recursive: true, force: true });
  });

  it('keeps mail the app sends and shows it as JSON, with its links, filtered by recipient and time', async () => {
    const before = new Date(Date.now() - 1000);
    const { messageId } = await notify({
      mail: { to: 'Approver@Example.test', subject: 'Approve request 42', link: approveLink },
    });
    const mail = await host.waitForMail((m) => m.subject === 'Approve request 42');
    firstMailId = mail.id;
    expect(mail).toMatchObject({
      from: 'Fixture <fixture@localhost>',
      to: ['Approver@example.test'],
      messageId,
      links: [`${approveLink}&via=html`, approveLink],
    });
    expect(mail.text).toContain(`Approve here: ${approveLink}`);
    expect(mail.html).toContain('>approve</a>');
    expect(Date.parse(mail.receivedAt)).toBeGreaterThanOrEqual(before.getTime());

    expect((await host.mailbox({ to: 'APPROVER@example.test' })).map((m) => m.id)).toEqual([mail.id]);
    expect(await host.mailbox({ to: 'someone-else@example.test' })).toEqual([]);
    expect(await host.mailbox({ since: new Date(Date.now() + 60_000) })).toEqual([]);
    expect((await host.mailbox({ since: before })).map((m) => m.id)).toContain(mail.id);

    const one = await fetch(`${host.url}/dev/mailbox/${mail.id}`);
    expect(await one.json()).toEqual(mail);
    const raw = await fetch(`${host.url}/dev/mailbox/${mail.id}/raw`);
    expect(raw.headers.get('content-type')).toBe('message/rfc822');
    expect(await raw.text()).toMatch(/^Subject: Approve request 42\r?$/m);
    expect((await fetch(`${host.url}/dev/mailbox/nope`)).status).toBe(404);
    expect((await fetch(`${host.url}/dev/mailbox?format=json&since=yesterday`)).status).toBe(400);
  });

  it('renders the mailbox for a person: the list, then a message with its HTML in a sandboxed frame', async () => {
    const list = await fetch(`${host.url}/dev/mailbox`, { headers: { accept: 'text/html' } });
    expect(list.headers.get('content-type')).toMatch(/^text\/html/);
    const listHtml = await list.text();
    expect(listHtml).toContain(`href="/dev/mailbox/${firstMailId}"`);
    expect(listHtml).toContain('Approve request 42');

    const page = await (
      await fetch(`${host.url}/dev/mailbox/${firstMailId}`, { headers: { accept: 'text/html' } })
    ).text();
    expect(page).toMatch(/<iframe[^>]+sandbox="allow-popups allow-popups-to-escape-sandbox allow-forms/);
    // the mail's HTML is in srcdoc, escaped, so it cannot touch the page around it
    expect(page).toContain('srcdoc="&lt;base target=&quot;_blank&quot;&gt;&lt;p&gt;Please &lt;a href=');
    expect(page).toContain(`<pre>Approve here: ${approveLink.replace(/&/g, '&amp;')}`);
    expect(page).toContain('raw .eml');
  });

  it('delivers a published CloudEvent to every Event Grid trigger with the CloudEvents fields', async () => {
    await publishEvent({
      id: 'evt-1',
      type: 'Fixture.Notified',
      subject: 'requests/42',
      time: '2026-11-22T10:00:00.000Z',
      data: { requestId: 42, approver: 'a@example.test' },
    });
    const event = await host.waitForEvent(settled('evt-1'));
    expect(event).toMatchObject({
      id: 'evt-1',
      type: 'Fixture.Notified',
      source: '/fixture',
      subject: 'requests/42',
      specversion: '1.0',
      data: { requestId: 42, approver: 'a@example.test' },
    });
    expect(event.deliveries.map((d) => [d.function, d.status, d.attempts]).sort()).toEqual([
      ['brokenEvent', 'delivered', 1],
      ['flakyEvent', 'delivered', 1],
      ['recordEvent', 'delivered', 1],
      ['slowEvent', 'delivered', 1],
    ]);

    const received = jsonLines('received.jsonl').find((r) => (r.event as { id: string }).id === 'evt-1')!;
    expect(received.event).toEqual({
      specversion: '1.0',
      id: 'evt-1',
      type: 'Fixture.Notified',
      source: '/fixture',
      subject: 'requests/42',
      time: '2026-11-22T10:00:00.000Z',
      datacontenttype: 'application/json',
      data: { requestId: 42, approver: 'a@example.test' },
    });
    expect(received.triggerMetadata).toEqual({ data: { requestId: 42, approver: 'a@example.test' } });

    expect((await host.events({ type: 'fixture.notified' })).map((e) => e.id)).toEqual(['evt-1']);
    expect(await host.events({ type: 'Fixture.Other' })).toEqual([]);
  });

  it('retries a failing trigger until it succeeds, and dead-letters one that keeps failing', async () => {
    await publishEvent({ id: 'flaky-1', type: 'Fixture.Flaky' });
    await publishEvent({ id: 'broken-1', type: 'Fixture.Broken' });

    const flaky = await host.waitForEvent(settled('flaky-1'));
    expect(deliveryTo(flaky, 'flakyEvent')).toMatchObject({
      status: 'delivered',
      attempts: 3,
      lastError: 'flaky failure 2 of flaky-1',
    });
    expect(jsonLines('flaky.jsonl')).toEqual([{ id: 'flaky-1', attempt: 3 }]);

    const broken = await host.waitForEvent(settled('broken-1'));
    expect(deliveryTo(broken, 'brokenEvent')).toMatchObject({
      status: 'dead-lettered',
      attempts: 3, // DEVHOST_EVENTGRID_MAX_ATTEMPTS
      lastError: 'cannot handle broken-1',
      deadLetterReason: 'MaxDeliveryAttemptsExceeded',
    });
    // the other triggers got the same event once each
    expect(deliveryTo(broken, 'recordEvent')).toMatchObject({ status: 'delivered', attempts: 1 });

    const page = await (await fetch(`${host.url}/dev/events`, { headers: { accept: 'text/html' } })).text();
    expect(page).toContain('broken-1');
    expect(page).toMatch(/brokenEvent<\/b> <span class="dead-lettered">dead-lettered<\/span> · 3 attempt/);
    expect(page).toContain('cannot handle broken-1');
  });

  it('refuses a wrong key (401) and a malformed batch (400), storing nothing', async () => {
    const { endpoint, key } = await host.eventTopic();
    expect(endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/events$/);
    expect(key).toBe(TOPIC_KEY);
    const count = (await host.events()).length;
    const post = (body: string, headers: Record<string, string>) =>
      fetch(`${endpoint}?api-version=2018-01-01`, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/cloudevents-batch+json; charset=utf-8', ...headers },
      });
    const valid = JSON.stringify([{ specversion: '1.0', id: 'never', type: 'Fixture.X', source: '/test' }]);

    expect((await post(valid, { 'aeg-sas-key': 'wrong' })).status).toBe(401);
    expect((await post(valid, {})).status).toBe(401);

    const missingFields = await post(JSON.stringify([{ id: 'never' }]), { 'aeg-sas-key': key });
    expect(missingFields.status).toBe(400);
    const problem = (await missingFields.json()) as { error: { code: string; message: string } };
    expect(problem.error.code).toBe('BadRequest');
    expect(problem.error.message).toMatch(/specversion/);
    expect((await post('not json', { 'aeg-sas-key': key })).status).toBe(400);
    expect((await post(valid.slice(1, -1), { 'aeg-sas-key': key })).status).toBe(400); // one event, not a batch
    expect((await post('[]', { 'aeg-sas-key': key })).status).toBe(400);
    expect((await post(valid, { 'aeg-sas-key': key, 'content-type': 'application/json' })).status).toBe(400);
    // one bad event rejects the whole batch
    const mixed = JSON.stringify([
      JSON.parse(valid.slice(1, -1)),
      { specversion: '1.0', id: 'x', source: '/t' },
    ]);
    expect((await post(mixed, { 'aeg-sas-key': key })).status).toBe(400);

    const after = await host.events();
    expect(after).toHaveLength(count);
    expect(after.some((e) => e.id === 'never')).toBe(false);
  });

  it('keeps mail and events across SIGKILL, and delivers what was pending at the kill after restart', async () => {
    await publishEvent({ id: 'slow-1', type: 'Fixture.Slow' });
    await host.waitForLog(/slow: waiting for release of slow-1/);
    await host.kill();
    writeFileSync(join(recordDir, 'release'), '');
    await host.restart();

    expect((await host.mailbox()).map((m) => m.id)).toContain(firstMailId);
    const slow = await host.waitForEvent(settled('slow-1'));
    expect(deliveryTo(slow, 'slowEvent')).toMatchObject({ status: 'delivered' });
    expect(jsonLines('slow.jsonl')).toEqual([{ id: 'slow-1' }]);
    // what was settled before the kill stays as it was
    const broken = (await host.events()).find((e) => e.id === 'broken-1')!;
    expect(deliveryTo(broken, 'brokenEvent')).toMatchObject({ status: 'dead-lettered', attempts: 3 });
  });

  it('empties the mailbox on DELETE', async () => {
    const response = await fetch(`${host.url}/dev/mailbox`, { method: 'DELETE' });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { removed: number }).removed).toBeGreaterThanOrEqual(1);
    expect(await host.mailbox()).toEqual([]);
  });
});
