// New hires end to end through devhost: HR records a hire and submits the bundle, the hire's
// manager approves from the e-mail link, no seat is assigned yet; devhost's clock moves to the start
// date, the onboarding workflow's timer fires, the seats are assigned and the welcome mail reaches
// the hire and the manager in the SMTP sink. A moved start date moves the timer.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevhost, type DevhostRun } from '../../devhost/childHost';
import { insertApprovalFixture, type ApprovalFixture } from '../../scripts/fixtures/approvalFixture';
import { approvalDriver } from '../support/approvalDriver';
import { prepareAppDatabase, type AppDatabase } from '../support/appDatabase';
import { lane } from '../support/testDatabase';

const LINK_SECRET = 'integration-approval-link-secret-0123456789';
const DAY_MS = 86_400_000;
let host: DevhostRun;
let database: AppDatabase<ApprovalFixture>;
let dataDir: string;
let people: ApprovalFixture['people'];
const drive = approvalDriver(() => host);
const HR_ROLES = ['Employee', 'HR'];

interface Hire {
  id: string;
  status: string;
  revision: number;
  startDate: string;
  person: { email: string; status: string };
  bundle: { app: { slug: string } }[];
  request: { id: string; code: string; status: string; steps: { kind: string; approver: string }[] } | null;
  seats: { app: { slug: string }; contractCompanyCode: string }[];
  timeline: { what: string }[];
  match: { answeredBy: { provider: string } } | null;
}

/** devhost's clock (the one durable timers run on), moved forward by `days` */
async function advanceClock(days: number): Promise<Date> {
  const response = await fetch(`${host.url}/dev/clock`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ advanceMs: days * DAY_MS }),
  });
  expect(response.status).toBe(200);
  return new Date(((await response.json()) as { now: string }).now);
}

const day = (offsetDays: number) => new Date(Date.now() + offsetDays * DAY_MS).toISOString().slice(0, 10);

async function hr(method: string, path: string, body?: unknown): Promise<Response> {
  return drive.api(method, path, people.admin.email, body, HR_ROLES);
}

async function recordAndSubmit(name: string, startDate: string, apps: string[]): Promise<Hire> {
  const created = await hr('POST', '/new-hires', {
    displayName: name,
    email: `${name.toLowerCase().replace(' ', '.')}@tst.example.com`,
    jobTitle: 'Software Engineer',
    department: 'ENG',
    managerEmail: people.manager.email,
    companyCode: 'TST',
    startDate,
    jobDescription: 'Builds the billing service with the team and keeps the tickets moving.',
  });
  expect(created.status, await created.clone().text()).toBe(201);
  const hire = (await created.json()) as Hire;
  expect(hire.person.status).toBe('starting');
  const bundled = await hr('PUT', `/new-hires/${hire.id}/bundle`, {
    revision: hire.revision,
    items: apps.map((app) => ({ app })),
  });
  expect(bundled.status, await bundled.clone().text()).toBe(200);
  const submitted = await hr('POST', `/new-hires/${hire.id}/submit`, {});
  expect(submitted.status, await submitted.clone().text()).toBe(200);
  return (await submitted.json()) as Hire;
}

async function read(id: string): Promise<Hire> {
  const response = await hr('GET', `/new-hires/${id}`);
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as Hire;
}

async function waitFor(id: string, done: (hire: Hire) => boolean, timeoutMs = 60_000): Promise<Hire> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const hire = await read(id);
    if (done(hire)) return hire;
    if (Date.now() > deadline)
      throw new Error(`hire ${id} is ${hire.status}: ${JSON.stringify(hire.timeline)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'asset-pulse-new-hires-'));
  database = await prepareAppDatabase(dataDir, insertApprovalFixture);
  people = database.extra.people;
  host = await startDevhost({
    dataDir,
    env: { ...database.env, APPROVAL_LINK_SECRET: LINK_SECRET, DEVHOST_ADJUSTABLE_CLOCK: 'true' },
  });
}, 120_000);

afterAll(async () => {
  await host?.dispose();
  await database?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe(`new hires through devhost (${lane()})`, () => {
  it('records, submits, is approved by the hire’s manager from the mail, and gets seats on the start date', async () => {
    const startDate = day(3);
    const hire = await recordAndSubmit('Nina Start', startDate, ['chatter']);
    expect(hire.status).toBe('requested');
    expect(hire.request?.steps.map((s) => [s.kind, s.approver])).toEqual([['manager', 'Mia Manager']]);

    // The hire's manager (not HR's) is asked, and approves from the link in the mail.
    const mail = await drive.approvalMail(hire.request!.code, people.manager.email);
    expect(mail.subject).toContain('for Ari Admin');
    const approved = await drive.follow(drive.link(mail, 'approve'));
    expect(approved.post.status).toBe(200);
    const fulfilled = await waitFor(hire.id, (h) => h.request?.status === 'fulfilled');
    // Approved, and still no seat: seats wait for the start date.
    expect(fulfilled.seats).toEqual([]);
    expect(fulfilled.person.status).toBe('starting');
    expect(fulfilled.timeline.map((t) => t.what)).toContain('approved');

    await advanceClock(4);
    const started = await waitFor(hire.id, (h) => h.status === 'started');
    expect(started.person.status).toBe('active');
    expect(started.seats.map((s) => [s.app.slug, s.contractCompanyCode])).toEqual([['chatter', 'TST']]);
    const welcome = await host.waitForMail(
      (m) => m.to.includes(hire.person.email) && m.subject.startsWith('Welcome, Nina Start'),
    );
    expect(welcome.to).toContain(people.manager.email);
    expect(welcome.text).toContain('chatter (Test Vendor)');
    expect(welcome.text).toContain('/#/software');
    await host.waitForEvent(
      (e) =>
        e.type === 'AssetPulse.License.Assigned' &&
        (e.data as { email?: string }).email === hire.person.email,
    );
    // From the start date the person signs in.
    const signedIn = await drive.api('GET', '/me', hire.person.email);
    expect(signedIn.status).toBe(200);
  });

  it('moves the timer when the start date moves', async () => {
    // devhost's clock runs ahead of the wall clock after the test above: dates count from it.
    const clock = await advanceClock(0);
    const offset = Math.round((clock.getTime() - Date.now()) / DAY_MS);
    const hire = await recordAndSubmit('Max Moved', day(offset + 3), ['chatter']);
    const mail = await drive.approvalMail(hire.request!.code, people.manager.email);
    expect((await drive.follow(drive.link(mail, 'approve'))).post.status).toBe(200);
    await waitFor(hire.id, (h) => h.request?.status === 'fulfilled');

    const moved = await hr('PATCH', `/new-hires/${hire.id}`, { startDate: day(offset + 8) });
    expect(moved.status, await moved.clone().text()).toBe(200);
    expect(((await moved.json()) as Hire).startDate).toBe(day(offset + 8));
    const bad = await hr('PATCH', `/new-hires/${hire.id}`, { startDate: 'soon' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: { path: string }[] }).errors[0]?.path).toBe('startDate');

    // Past the old date: nothing yet.
    await advanceClock(4);
    expect((await read(hire.id)).status).toBe('requested');
    // Past the new one: started, on a seat bought for the request (the free one went to Nina).
    await advanceClock(5);
    const started = await waitFor(hire.id, (h) => h.status === 'started');
    expect(started.seats.map((s) => [s.app.slug, s.contractCompanyCode])).toEqual([['chatter', 'TST']]);
    await host.waitForMail(
      (m) => m.to.includes(hire.person.email) && m.subject.startsWith('Welcome, Max Moved'),
    );
  });

  it('answers other subsidiaries, other roles, bad bodies and stale revisions without changing anything', async () => {
    const body = {
      displayName: 'Rita Refused',
      email: 'rita.refused@tst.example.com',
      jobTitle: 'Data Analyst',
      managerEmail: people.manager.email,
      companyCode: 'TST',
      startDate: day(20),
      jobDescription: 'Writes SQL and builds dashboards for the sales team every week.',
    };
    const created = await hr('POST', '/new-hires', body);
    expect(created.status, await created.clone().text()).toBe(201);
    const hire = (await created.json()) as Hire;
    // The JD match ran on the description (the local provider here).
    expect(hire.match?.answeredBy.provider).toBe('local');

    const outsider = (method: string, path: string, payload?: unknown) =>
      drive.api(method, path, people.outsider.email, payload, HR_ROLES);
    expect((await outsider('GET', `/new-hires/${hire.id}`)).status).toBe(404);
    expect((await outsider('PUT', `/new-hires/${hire.id}/bundle`, { revision: 1, items: [] })).status).toBe(
      404,
    );
    expect(
      (await outsider('POST', `/new-hires/${hire.id}/cancel`, { reason: 'not mine at all' })).status,
    ).toBe(404);
    const elsewhere = await outsider('POST', '/new-hires', { ...body, email: 'x.y@tst.example.com' });
    expect(elsewhere.status).toBe(403);
    const list = (await (await outsider('GET', '/new-hires')).json()) as { items: { id: string }[] };
    expect(list.items.map((i) => i.id)).not.toContain(hire.id);

    expect((await drive.api('GET', '/new-hires', people.dev.email)).status).toBe(403);
    expect(
      (await drive.api('POST', '/new-hires', people.dev.email, { ...body, email: 'z@tst.example.com' }))
        .status,
    ).toBe(403);
    expect((await drive.api('POST', `/new-hires/${hire.id}/submit`, people.dev.email, {})).status).toBe(403);

    const bad = await hr('POST', '/new-hires', { ...body, email: 'not-an-email', startDate: '2026-02-30' });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    const errors = ((await bad.json()) as { errors: { path: string }[] }).errors.map((e) => e.path).sort();
    expect(errors).toEqual(['email', 'startDate']);
    const stale = await hr('PUT', `/new-hires/${hire.id}/bundle`, { revision: hire.revision + 5, items: [] });
    expect(stale.status).toBe(409);
    expect(((await stale.json()) as { revision: number }).revision).toBe(hire.revision);
    const badQuery = await hr('GET', '/new-hires?status=hired');
    expect(badQuery.status).toBe(400);

    const after = (await (await hr('GET', '/new-hires')).json()) as {
      items: { person: { email: string } }[];
    };
    expect(after.items.map((i) => i.person.email)).not.toContain('not-an-email');
    expect(await read(hire.id)).toMatchObject({ revision: hire.revision, status: 'draft' });
  });
});
