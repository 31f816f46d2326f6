// Purchase requests approved by e-mail, end to end through devhost: the real SMTP sink and mailbox,
// the local Event Grid topic and trigger, the durable orchestration with an adjustable clock, and
// the bearer tokens of the local issuer.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevhost, TEST_HOST_KEY, type DevhostRun } from '../../devhost/childHost';
import { durableSystemKey } from '../../devhost/durable/managementApi';
import { createLinkToken } from '../../shared/approvals/approvalLinkToken';
import { insertApprovalFixture, type ApprovalFixture } from '../../scripts/fixtures/approvalFixture';
import { approvalDriver, type RequestDetail } from '../support/approvalDriver';
import { prepareAppDatabase, type AppDatabase } from '../support/appDatabase';
import { lane } from '../support/testDatabase';

const LINK_SECRET = 'integration-approval-link-secret-0123456789';
let host: DevhostRun;
let database: AppDatabase<ApprovalFixture>;
let dataDir: string;
let people: ApprovalFixture['people'];
const drive = approvalDriver(() => host);

async function advanceClock(hours: number): Promise<void> {
  const response = await fetch(`${host.url}/dev/clock`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ advanceMs: hours * 3_600_000 }),
  });
  expect(response.status).toBe(200);
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'asset-pulse-approvals-'));
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

describe(`purchase approvals through devhost (${lane()})`, () => {
  it('goes from request to the manager, the department head, seats and a purchase order', async () => {
    const request = await drive.submit(people.dev.email, [{ app: 'chatter' }, { app: 'tracker' }]);
    expect(request.code).toMatch(/^PR-TST-\d{8}-\d{3}$/);

    const first = await drive.approvalMail(request.code, people.manager.email);
    expect(first.text).toContain('Justification:');
    expect(first.text).toContain('1 free seat(s) in TST');
    expect(first.html).toContain('Approve');
    const step1 = await drive.follow(drive.link(first, 'approve'), 'Fine by me');
    expect(step1.get.status).toBe(200);
    expect(step1.getText).toContain('Approve as Mia Manager');
    expect(step1.getText).toContain('<form method="post"');
    expect(step1.post.status).toBe(200);
    expect(step1.postText).toMatch(/approved<\/b> by\s+Mia Manager/);

    const second = await drive.approvalMail(request.code, people.cto.email);
    const step2 = await drive.follow(drive.link(second, 'approve'));
    expect(step2.post.status).toBe(200);

    const done = await drive.waitForStatus(request.id, people.dev.email, 'fulfilled');
    expect(done.steps.map((s) => [s.step, s.status, s.decision?.decision, s.decision?.by])).toEqual([
      [1, 'approved', 'approve', 'Mia Manager'],
      [2, 'approved', 'approve', 'Tor Cto'],
    ]);
    expect(done.steps[0]?.decision?.comment).toBe('Fine by me');
    expect(done.assignments).toEqual([
      expect.objectContaining({ email: people.dev.email, appName: 'chatter' }),
    ]);
    expect(done.purchaseOrders).toEqual([expect.objectContaining({ line: 2, seats: 1 })]);
    expect(done.timeline.map((t) => t.action)).toEqual(
      expect.arrayContaining([
        'submitted',
        'approver_asked',
        'decision_recorded',
        'step_approved',
        'fulfilled',
      ]),
    );

    // The requester hears of every step through the Event Grid trigger; Finance gets the order.
    const approved = await host.waitForMail(
      (m) => m.to.includes(people.dev.email) && m.subject === `Approved: ${request.code}`,
    );
    expect(approved.text).toContain('A chatter seat is assigned to Dan Dev');
    expect(approved.text).toContain('1 tracker seat(s) will be bought');
    const toRequester = await host.mailbox({ to: people.dev.email });
    expect(
      toRequester
        .filter((m) => m.subject.includes(request.code))
        .map((m) => m.subject.split(':')[0])
        .sort(),
    ).toEqual(['Approved', 'Step 1 approved', 'Step 2 approved', 'Submitted']);
    await host.waitForMail(
      (m) => m.to.includes(people.finance.email) && m.subject.startsWith(`To buy: ${request.code}`),
    );

    const events = await host.waitForEvent(
      (e) =>
        e.type === 'AssetPulse.PurchaseRequest.Approved' &&
        (e.data as { requestId?: string }).requestId === request.id,
    );
    expect(events.source).toBeTruthy();
    const delivered = await host.events();
    const mine = delivered.filter((e) => (e.data as { requestId?: string }).requestId === request.id);
    expect(mine.map((e) => e.type).sort()).toEqual([
      'AssetPulse.License.Assigned',
      'AssetPulse.PurchaseRequest.Approved',
      'AssetPulse.PurchaseRequest.StepApproved',
      'AssetPulse.PurchaseRequest.StepApproved',
      'AssetPulse.PurchaseRequest.Submitted',
    ]);
    for (const event of mine.filter((e) => e.type.startsWith('AssetPulse.PurchaseRequest.'))) {
      expect(event.deliveries).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ function: 'notifyRequesterOfPurchaseEvents', status: 'delivered' }),
        ]),
      );
    }
  });

  it('records one decision for a double POST, and none for the other link afterwards', async () => {
    const request = await drive.submit(people.dev.email, [{ app: 'tracker' }]);
    const mail = await drive.approvalMail(request.code, people.manager.email);
    const approve = drive.link(mail, 'approve');
    const post = () =>
      fetch(approve, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'comment=yes',
      });
    const [a, b] = await Promise.all([post(), post()]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const reject = await drive.follow(drive.link(mail, 'reject'));
    expect(reject.get.status).toBe(409);
    expect(reject.post.status).toBe(409);
    expect(reject.postText).toContain('Nothing was changed');
    await drive.approvalMail(request.code, people.cto.email);
    const detail = await drive.detail(request.id, people.dev.email);
    expect(detail.steps[0]?.decision).toMatchObject({
      decision: 'approve',
      by: 'Mia Manager',
      comment: 'yes',
    });
    expect(detail.timeline.filter((t) => t.action === 'decision_recorded')).toHaveLength(1);
  });

  it('refuses forged and expired links and the wrong approver, changing nothing', async () => {
    const request = await drive.submit(people.dev.email, [{ app: 'tracker' }]);
    await drive.approvalMail(request.code, people.manager.email);
    const claims = {
      requestId: request.id,
      step: 1,
      approverId: people.manager.id,
      action: 'approve' as const,
    };
    const forged = createLinkToken('not-the-key-not-the-key-not-the-key', {
      ...claims,
      expiresAt: new Date(Date.now() + 3_600_000),
    });
    const expired = createLinkToken(LINK_SECRET, { ...claims, expiresAt: new Date(Date.now() - 1000) });
    for (const [token, status, text] of [
      [forged, 400, 'not valid'],
      [expired, 410, 'expired'],
    ] as const) {
      const page = await drive.follow(`${host.apiBase}/approvals/${token}`);
      expect(page.get.status).toBe(status);
      expect(page.post.status).toBe(status);
      expect(page.postText).toContain(text);
    }
    // The CTO approves step 2, not step 1; a person of another company cannot even see it.
    const wrong = await drive.api('POST', `/approvals/${request.id}/decision`, people.cto.email, {
      decision: 'approve',
    });
    expect(wrong.status).toBe(403);
    const outsider = await drive.api('POST', `/approvals/${request.id}/decision`, people.outsider.email, {
      decision: 'approve',
    });
    expect(outsider.status).toBe(404);
    const detail = await drive.detail(request.id, people.dev.email);
    expect(detail.status).toBe('pending');
    expect(detail.steps.every((s) => s.decision === null)).toBe(true);

    const pending = await drive.api('GET', '/approvals/pending', people.manager.email);
    const waiting = (await pending.json()) as { items: { code: string }[] };
    expect(waiting.items.map((i) => i.code)).toContain(request.code);
    const portal = await drive.api('POST', `/approvals/${request.code}/decision`, people.manager.email, {
      decision: 'reject',
      comment: 'Use chatter instead',
    });
    expect(portal.status).toBe(200);
    const rejected = await drive.waitForStatus(request.id, people.dev.email, 'rejected');
    expect(rejected.outcomeReason).toBe('Use chatter instead');
    const told = await host.waitForMail(
      (m) => m.to.includes(people.dev.email) && m.subject === `Rejected: ${request.code}`,
    );
    expect(told.text).toContain('Use chatter instead');
  });

  it('keeps requests within their scope: other subsidiaries and colleagues get 404', async () => {
    const request = await drive.submit(people.dev.email, [{ app: 'tracker' }]);
    for (const [who, roles] of [
      [people.outsider.email, ['Employee', 'HR', 'Admin', 'CTO']],
      [people.dev2.email, undefined],
    ] as const) {
      const read = await drive.api(
        'GET',
        `/purchase-requests/${request.id}`,
        who,
        undefined,
        roles ? [...roles] : undefined,
      );
      expect(read.status).toBe(404);
      const cancel = await drive.api(
        'POST',
        `/purchase-requests/${request.id}/cancel`,
        who,
        {},
        roles ? [...roles] : undefined,
      );
      expect(cancel.status).toBe(404);
      const list = await drive.api(
        'GET',
        '/purchase-requests?limit=200',
        who,
        undefined,
        roles ? [...roles] : undefined,
      );
      const body = (await list.json()) as { items: { id: string }[] };
      expect(body.items.map((i) => i.id)).not.toContain(request.id);
    }
    expect((await drive.api('GET', `/purchase-requests/${request.id}`, people.manager.email)).status).toBe(
      200,
    );
    expect((await drive.api('GET', `/purchase-requests/${request.id}`, people.admin.email)).status).toBe(200);
    const unsigned = await fetch(`${host.apiBase}/purchase-requests/${request.id}`);
    expect(unsigned.status).toBe(401);
    // The requester withdraws it; the manager's link then says so.
    const mail = await drive.approvalMail(request.code, people.manager.email);
    const notMine = await drive.api(
      'POST',
      `/purchase-requests/${request.id}/cancel`,
      people.manager.email,
      {},
    );
    expect(notMine.status).toBe(403);
    const cancel = await drive.api('POST', `/purchase-requests/${request.id}/cancel`, people.dev.email, {
      reason: 'bought privately',
    });
    expect(cancel.status).toBe(200);
    const page = await drive.follow(drive.link(mail, 'approve'));
    expect(page.post.status).toBe(409);
    expect(page.postText).toContain('is cancelled');
    await host.waitForEvent(
      (e) =>
        e.type === 'AssetPulse.PurchaseRequest.Cancelled' &&
        (e.data as { requestId?: string }).requestId === request.id,
    );
  });

  it('takes a step’s outcome from the database: events forged with the host key change nothing', async () => {
    const request = await drive.submit(people.dev.email, [{ app: 'tracker' }]);
    const mail = await drive.approvalMail(request.code, people.manager.email);
    const raise = (event: string, body: string) =>
      // With the durabletask extension key, which the management webhooks take (as in Azure):
      // whoever holds it can raise any event, so the workflow must not trust one.
      fetch(`${host.url}/runtime/webhooks/durabletask/instances/${request.id}/raiseEvent/${event}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-functions-key': durableSystemKey({ DEVHOST_HOST_KEY: TEST_HOST_KEY }),
        },
        body,
      });
    /** until the workflow has handled the event: it logged `pattern`, or the request moved on */
    const handled = async (pattern: RegExp): Promise<RequestDetail> => {
      const deadline = Date.now() + 60_000;
      for (;;) {
        const detail = await drive.detail(request.id, people.dev.email);
        if (
          pattern.test(host.output()) ||
          detail.status !== 'pending' ||
          detail.steps[0]?.status !== 'waiting'
        )
          return detail;
        if (Date.now() > deadline) throw new Error(`the workflow did not handle the event (${pattern})`);
        await new Promise((r) => setTimeout(r, 200));
      }
    };
    const waitingAsBefore = [
      ['waiting', null],
      ['queued', null],
    ];
    const prefix = `Approval workflow ${request.id}:`;

    // Exactly what the link route raises after recording a decision, but with no decision behind it.
    const forged = JSON.stringify({ step: 1, decision: 'approve' });
    expect((await raise('ApprovalDecision', forged)).status).toBe(202);
    const afterFirst = await handled(
      new RegExp(`${prefix} a ApprovalDecision event found nothing recorded for step 1`),
    );
    expect(afterFirst.status).toBe('pending');
    expect(afterFirst.steps.map((s) => [s.status, s.decision])).toEqual(waitingAsBefore);

    const forgedSecond = JSON.stringify({ step: 2, decision: 'approve' });
    expect((await raise('ApprovalDecision', forgedSecond)).status).toBe(202);
    const afterSecond = await handled(
      new RegExp(`${prefix} ignored a ApprovalDecision event for another step`),
    );
    expect(afterSecond.status).toBe('pending');

    expect((await raise('CancelRequest', '{}')).status).toBe(202);
    expect((await handled(new RegExp(`${prefix} a CancelRequest event found nothing recorded`))).status).toBe(
      'pending',
    );
    const malformed = JSON.stringify({ step: 1, decision: 'approve', by: 1 });
    expect((await raise('ApprovalDecision', malformed)).status).toBe(202);
    await handled(new RegExp(`${prefix} ignored a malformed ApprovalDecision`));

    const untouched = await drive.detail(request.id, people.dev.email);
    expect(untouched.status).toBe('pending');
    expect(untouched.steps.map((s) => [s.status, s.decision])).toEqual(waitingAsBefore);
    expect(untouched.assignments).toEqual([]);
    expect(untouched.purchaseOrders).toEqual([]);
    expect(untouched.timeline.map((t) => t.action)).not.toContain('step_approved');
    const asks = await host.mailbox({ to: people.cto.email });
    expect(asks.filter((m) => m.subject.includes(request.code))).toEqual([]);

    // The approver's own link still decides, and the workflow goes on to the next step and the end.
    const step1 = await drive.follow(drive.link(mail, 'approve'));
    expect(step1.post.status).toBe(200);
    const second = await drive.approvalMail(request.code, people.cto.email);
    expect((await drive.follow(drive.link(second, 'approve'))).post.status).toBe(200);
    const done = await drive.waitForStatus(request.id, people.dev.email, 'fulfilled');
    expect(done.steps.map((s) => s.decision?.decision)).toEqual(['approve', 'approve']);
  });

  it('reminds after a day, escalates to the approver’s manager after two, and expires after a week', async () => {
    const request = await drive.submit(people.dev.email, [{ app: 'tracker' }]);
    const asked = await drive.approvalMail(request.code, people.manager.email);
    await advanceClock(25);
    await drive.approvalMail(request.code, people.manager.email, 'Reminder: approval needed');
    await advanceClock(24);
    const escalated = await drive.approvalMail(request.code, people.cto.email, 'Escalated: approval needed');
    expect(escalated.text).toContain('Mia Manager has not answered');
    // The manager's original link no longer decides: the step waits for the CTO now.
    const stale = await drive.follow(drive.link(asked, 'approve'));
    expect(stale.post.status).toBe(409);
    expect(stale.postText).toContain('escalated to Tor Cto');
    const detail = await drive.detail(request.id, people.dev.email);
    expect(detail.steps[0]).toMatchObject({ status: 'waiting', approver: { email: people.cto.email } });
    expect(detail.steps[0]?.escalatedFrom?.displayName).toBe('Mia Manager');

    await advanceClock(24 * 5);
    const expired = await drive.waitForStatus(request.id, people.dev.email, 'expired');
    expect(expired.steps[0]?.status).toBe('expired');
    await host.waitForMail(
      (m) => m.to.includes(people.dev.email) && m.subject === `Expired: ${request.code}`,
    );
    const late = await drive.follow(drive.link(escalated, 'approve'));
    expect(late.post.status).toBe(409);
  });

  it('answers the 21st request of a requester’s day with 429, Retry-After and nothing created', async () => {
    const mine = async () => {
      const list = await drive.api('GET', '/purchase-requests?mine=true&limit=200', people.dev2.email);
      return ((await list.json()) as { total: number }).total;
    };
    const before = await mine();
    for (let i = 0; i < 20; i++) await drive.submit(people.dev2.email, [{ app: 'tracker' }]);
    const refused = await drive.api('POST', '/purchase-requests', people.dev2.email, {
      items: [{ app: 'tracker' }],
      justification: 'One more than a day allows.',
      neededBy: '2026-12-15',
    });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toBe('application/problem+json');
    const wait = Number(refused.headers.get('retry-after'));
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(86_400);
    expect(await refused.json()).toMatchObject({
      status: 429,
      limit: 20,
      detail: expect.stringMatching(/at most 20 purchase requests a day/) as unknown,
    });
    expect(await mine()).toBe(before + 20);
  });
});

describe(`approval policies through devhost (${lane()})`, () => {
  it('lets the company read its policy and only an Admin change it, validated and audited', async () => {
    const read = await drive.api('GET', '/approval-policies/TST', people.dev.email);
    expect(read.status).toBe(200);
    const { policy } = (await read.json()) as { policy: { steps: unknown[]; reminderAfterHours: number } };
    expect(policy.steps).toHaveLength(4);

    const stricter = { ...policy, reminderAfterHours: 12 };
    expect((await drive.api('PUT', '/approval-policies/TST', people.dev.email, stricter)).status).toBe(403);
    expect((await drive.api('GET', '/approval-policies/TST', people.outsider.email)).status).toBe(404);
    const bad = await drive.api('PUT', '/approval-policies/TST', people.admin.email, {
      ...policy,
      reminderAfterHours: 500,
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: { path: string }[] }).errors[0]?.path).toBe('reminderAfterHours');
    const saved = await drive.api('PUT', '/approval-policies/TST', people.admin.email, stricter);
    expect(saved.status).toBe(200);
    const after = (await (await drive.api('GET', '/approval-policies/TST', people.dev.email)).json()) as {
      policy: { reminderAfterHours: number };
    };
    expect(after.policy.reminderAfterHours).toBe(12);
  });
});
