// Purchase requests and their approval steps against a real database (PGlite, or PostgreSQL when
// DATABASE_URL is set): pricing, the approval chain, one decision per step, link tokens, scopes,
// fulfilment. The workflow's activities are called directly here; test/integration drives them
// through devhost with the real e-mail sink and Event Grid topic.
import { planApproval } from '../../shared/approvals/planApproval';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLinkToken } from '../../shared/approvals/approvalLinkToken';
import { computeApprovalChain } from '../../shared/approvals/approvalChain';
import { decideApproval, inspectLink } from '../../shared/approvals/decideApproval';
import { askApprover } from '../../shared/approvals/workflow/askApprover';
import { concludeStep, UnrecordedDecisionError } from '../../shared/approvals/workflow/concludeStep';
import { fulfilPurchaseRequest } from '../../shared/purchasing/fulfilPurchaseRequest';
import { readRecordedStep } from '../../shared/approvals/workflow/readRecordedStep';
import { sendApprovalDigests } from '../../shared/approvals/approvalDigest';
import { listPendingApprovals } from '../../shared/approvals/listPendingApprovals';
import type { WorkflowDeps } from '../../shared/approvals/workflow/workflowDeps';
import type { DomainEvent } from '../../shared/platform/clients/eventPublisher';
import type { OutgoingMail } from '../../shared/platform/clients/mailer';
import { migrateToLatest } from '../../shared/platform/db/migrate';
import type { UserPrincipal } from '../../shared/identity/principal';
import type { Role } from '../../shared/identity/roles';
import { cancelPurchaseRequest } from '../../shared/purchasing/cancelPurchaseRequest';
import { createPurchaseRequest } from '../../shared/purchasing/createPurchaseRequest';
import { purchaseRequestInputSchema } from '../../shared/purchasing/purchaseRequestInput';
import { getPurchaseRequest } from '../../shared/purchasing/purchaseRequestDetail';
import { listPurchaseRequests } from '../../shared/purchasing/readPurchaseRequests';
import {
  FIXTURE_POLICY,
  insertApprovalFixture,
  type ApprovalFixture,
} from '../../scripts/fixtures/approvalFixture';
import { insertDirectoryFixture } from '../../scripts/fixtures/directoryFixture';
import { lane, openTestDatabase, type TestDatabase } from '../support/testDatabase';

const SECRET = 'test-approval-link-secret-0123456789abcdef';
let database: TestDatabase;
let fixture: ApprovalFixture;
let companyId: number;
const clock = new Date('2026-11-02T09:00:00Z');
const mails: OutgoingMail[] = [];
const events: DomainEvent[] = [];
const started: string[] = [];
let deps: WorkflowDeps;

function actor(
  key: keyof ApprovalFixture['people'],
  roles: Role[] = ['Employee'],
  company?: number,
): UserPrincipal {
  const person = fixture.people[key];
  return {
    kind: 'user',
    employeeId: person.id,
    companyId: company ?? companyId,
    companyCode: 'TST',
    groupId: 1,
    groupCode: 'TESTG',
    email: person.email,
    displayName: person.email,
    roles: new Set<Role>(roles),
    groupWide: false,
  };
}

async function submit(by: UserPrincipal, body: Record<string, unknown>, at = clock) {
  return createPurchaseRequest(
    {
      db: database.handle.db,
      now: () => at,
      newId: randomUUID,
      requestsPerDay: 20,
      startApproval: (id) => {
        started.push(id);
        return Promise.resolve();
      },
      planApproval,
    },
    by,
    purchaseRequestInputSchema.parse({
      justification: 'Needed for the new billing project.',
      neededBy: '2026-12-01',
      ...body,
    }),
  );
}

/** Every step asked, approved in the portal by its approver, and concluded, as the workflow does. */
async function approveEveryStep(requestId: string): Promise<void> {
  const decideDeps = { db: database.handle.db, now: () => clock, linkSecret: SECRET };
  const steps = await database.handle.db
    .selectFrom('approval_steps')
    .select('step')
    .where('request_id', '=', requestId)
    .orderBy('step')
    .execute();
  for (const { step } of steps) {
    const asked = await askApprover(deps, { requestId, step, reason: 'ask' });
    const decided = await decideApproval(decideDeps, {
      via: 'portal',
      approverId: asked.approverId,
      requestId,
      decision: 'approve',
    });
    expect(decided.kind).toBe('recorded');
    expect(await concludeStep(deps, { requestId, step, outcome: 'approved' })).toEqual({
      outcome: 'approved',
    });
  }
}

function linkFrom(mail: OutgoingMail | undefined, action: 'approve' | 'reject'): string {
  const match = new RegExp(`${action === 'approve' ? 'Approve' : 'Reject'}:\\s+(\\S+)`).exec(
    mail?.text ?? '',
  );
  if (!match?.[1]) throw new Error(`no ${action} link in ${mail?.text ?? '(no mail)'}`);
  return match[1].split('/api/approvals/')[1] ?? '';
}

beforeAll(async () => {
  database = await openTestDatabase();
  await migrateToLatest(database.handle.db);
  const directory = await insertDirectoryFixture(database.handle.db);
  companyId = directory.companyId;
  fixture = await insertApprovalFixture(database.handle.db, directory);
  deps = {
    db: database.handle.db,
    mailer: {
      send: (mail) => {
        mails.push(mail);
        return Promise.resolve({ messageId: `<m${mails.length}@test>` });
      },
    },
    events: {
      publish: (batch) => {
        events.push(...batch);
        return Promise.resolve();
      },
    },
    now: () => clock,
    linkSecret: SECRET,
    publicBaseUrl: 'http://localhost:7071',
    approvalMailsPerHour: 10,
  };
});

afterAll(async () => {
  await database.drop();
});

describe(`purchase approvals (${lane()})`, () => {
  it('prices from the contract and the catalog, codes the request, and records the chain', async () => {
    const result = await submit(actor('dev'), {
      items: [{ app: 'chatter' }, { app: 'tracker', plan: 'pro' }],
    });
    expect(result).toMatchObject({ kind: 'created' });
    if (result.kind !== 'created') return;
    expect(result.code).toBe('PR-TST-20261102-001');
    expect(started).toContain(result.id);
    const detail = await getPurchaseRequest(database.handle.db, actor('dev'), result.id);
    expect(detail?.items.map((i) => [i.appSlug, i.priceSource, i.unitPrice, i.monthlyCost])).toEqual([
      ['chatter', 'contract', 100, 100],
      ['tracker', 'catalog', 560, 560],
    ]);
    expect(detail?.monthlyCost).toBe(660);
    expect(detail?.annualCost).toBe(7920);
    expect(detail?.currency).toBe('SEK');
    expect(detail?.steps.map((s) => [s.kind, s.approver.email, s.status])).toEqual([
      ['manager', fixture.people.manager.email, 'queued'],
      ['department_head', fixture.people.cto.email, 'queued'],
    ]);
  });

  it('moves a step whose approver is the requester to the next person up', async () => {
    const chain = await computeApprovalChain(database.handle.db, fixture.people.manager.id, FIXTURE_POLICY, {
      monthly: 6000,
      annual: 72000,
    });
    // The manager's manager is the CTO, who is also the department head and the CTO: one step.
    expect(chain.steps.map((s) => [s.kind, s.approverId])).toEqual([['manager', fixture.people.cto.id]]);
    expect(chain.skipped.map((s) => s.kind)).toEqual(['department_head', 'cto']);
    const own = await computeApprovalChain(database.handle.db, fixture.people.cto.id, FIXTURE_POLICY, {
      monthly: 600,
      annual: 7200,
    });
    // The CTO heads their own department: that step goes up to the CEO, who is also their manager.
    expect(own.steps.map((s) => s.approverId)).toEqual([fixture.people.ceo.id]);
    // Nobody is above the CEO: Finance approves their requests.
    const top = await computeApprovalChain(database.handle.db, fixture.people.ceo.id, FIXTURE_POLICY, {
      monthly: 600,
      annual: 7200,
    });
    expect(top.steps.map((s) => [s.kind, s.approverId])).toEqual([['finance', fixture.people.finance.id]]);
    expect(top.skipped.map((s) => s.kind)).toEqual(['manager', 'department_head']);
  });

  it('refuses bad items, other people, and people of another company', async () => {
    const held = await submit(actor('dev2'), { items: [{ app: 'tracker' }, { app: 'chatter' }] });
    expect(held).toEqual({
      kind: 'invalid',
      errors: [
        {
          path: 'items.1.app',
          message: 'Dina Dev already has a chatter seat',
        },
      ],
    });
    const unknown = await submit(actor('dev'), { items: [{ app: 'nope' }] });
    expect(unknown).toMatchObject({ kind: 'invalid', errors: [{ path: 'items.0.app' }] });
    const forColleague = await submit(actor('dev'), {
      items: [{ app: 'chatter', forEmployee: fixture.people.dev2.email }],
    });
    expect(forColleague.kind).toBe('forbidden');
    const forReport = await submit(actor('manager', ['Employee', 'Manager']), {
      items: [{ app: 'tracker', forEmployee: fixture.people.dev2.email }],
    });
    expect(forReport.kind).toBe('created');
    const outsider = await submit(actor('manager', ['Employee', 'Manager']), {
      items: [{ app: 'chatter', forEmployee: fixture.people.outsider.email }],
    });
    expect(outsider).toMatchObject({ kind: 'invalid', errors: [{ path: 'items.0.forEmployee' }] });
  });

  it('records exactly one decision per step, from the approver the link names', async () => {
    const created = await submit(actor('dev'), { items: [{ app: 'tracker' }] });
    if (created.kind !== 'created') throw new Error(created.kind);
    mails.length = 0;
    const asked = await askApprover(deps, { requestId: created.id, step: 1, reason: 'ask' });
    expect(asked).toEqual({ decision: null, approverId: fixture.people.manager.id, pending: true });
    expect(mails).toHaveLength(1);
    expect(mails[0]?.to).toBe(fixture.people.manager.email);
    expect(mails[0]?.text).toContain('free seat');
    // Asking again (a retried activity) sends nothing new.
    await askApprover(deps, { requestId: created.id, step: 1, reason: 'ask' });
    expect(mails).toHaveLength(1);

    const approve = linkFrom(mails[0], 'approve');
    const reject = linkFrom(mails[0], 'reject');
    const decideDeps = { db: database.handle.db, now: () => clock, linkSecret: SECRET };
    expect((await inspectLink(decideDeps, approve)).kind).toBe('usable');
    const [first, second] = await Promise.all([
      decideApproval(decideDeps, { via: 'email', token: approve, comment: 'ok' }),
      decideApproval(decideDeps, { via: 'email', token: approve }),
    ]);
    expect([first.kind, second.kind].sort()).toEqual(['recorded', 'used-link']);
    const third = await decideApproval(decideDeps, { via: 'email', token: reject });
    expect(third.kind).toBe('already-decided');
    const decisions = await database.handle.db
      .selectFrom('approval_decisions')
      .selectAll()
      .where('request_id', '=', created.id)
      .execute();
    expect(decisions.map((d) => [d.step, d.decision, d.decided_by])).toEqual([
      [1, 'approve', fixture.people.manager.id],
    ]);
  });

  it('refuses forged, expired and unknown links, and the approver a step was escalated away from', async () => {
    const created = await submit(actor('dev'), { items: [{ app: 'tracker' }] });
    if (created.kind !== 'created') throw new Error(created.kind);
    mails.length = 0;
    await askApprover(deps, { requestId: created.id, step: 1, reason: 'ask' });
    const token = linkFrom(mails[0], 'approve');
    const decideDeps = { db: database.handle.db, now: () => clock, linkSecret: SECRET };
    const forged = createLinkToken('another-secret-another-secret-another', {
      requestId: created.id,
      step: 1,
      approverId: fixture.people.manager.id,
      action: 'approve',
      expiresAt: new Date(clock.getTime() + 3600_000),
    });
    expect((await decideApproval(decideDeps, { via: 'email', token: forged })).kind).toBe('invalid-link');
    const [payload = '', mac = ''] = token.split('.');
    const tampered = `${payload.slice(0, -2)}AA.${mac}`;
    expect((await decideApproval(decideDeps, { via: 'email', token: tampered })).kind).toBe('invalid-link');
    const later = { ...decideDeps, now: () => new Date(clock.getTime() + 73 * 3600_000) };
    expect((await decideApproval(later, { via: 'email', token })).kind).toBe('expired-link');
    const unissued = createLinkToken(SECRET, {
      requestId: created.id,
      step: 1,
      approverId: fixture.people.manager.id,
      action: 'approve',
      expiresAt: new Date(clock.getTime() + 3600_000),
    });
    expect((await decideApproval(decideDeps, { via: 'email', token: unissued })).kind).toBe('invalid-link');

    await askApprover(deps, { requestId: created.id, step: 1, reason: 'escalate' });
    const escalated = mails.at(-1);
    expect(escalated?.to).toBe(fixture.people.cto.email);
    expect(escalated?.subject).toMatch(/^Escalated/);
    const stale = await decideApproval(decideDeps, { via: 'email', token });
    expect(stale).toMatchObject({ kind: 'not-your-step' });
    const portalByOld = await decideApproval(decideDeps, {
      via: 'portal',
      approverId: fixture.people.manager.id,
      requestId: created.id,
      decision: 'approve',
    });
    expect(portalByOld.kind).toBe('not-your-step');
    const byNew = await decideApproval(decideDeps, { via: 'email', token: linkFrom(escalated, 'approve') });
    expect(byNew.kind).toBe('recorded');
  });

  it('fulfils from a free seat, orders what is missing, tells Finance, and does it once', async () => {
    const created = await submit(actor('dev'), { items: [{ app: 'chatter' }, { app: 'tracker' }] });
    if (created.kind !== 'created') throw new Error(created.kind);
    await approveEveryStep(created.id);
    mails.length = 0;
    events.length = 0;
    const first = await fulfilPurchaseRequest(deps, created.id);
    const again = await fulfilPurchaseRequest(deps, created.id);
    expect(first.assignments.map((a) => [a.line, a.employeeId, a.contractId])).toEqual([
      [1, fixture.people.dev.id, fixture.contractId],
    ]);
    expect(first.purchaseOrders).toEqual([{ line: 2, seats: 1, monthlyCost: 560, annualCost: 6720 }]);
    expect(again.assignments).toEqual(first.assignments);
    const assignments = await database.handle.db
      .selectFrom('license_assignments')
      .selectAll()
      .where('purchase_request_id', '=', created.id)
      .execute();
    expect(assignments).toHaveLength(1);
    const orders = await database.handle.db
      .selectFrom('purchase_orders')
      .selectAll()
      .where('request_id', '=', created.id)
      .execute();
    expect(orders).toHaveLength(1);
    expect(mails.filter((m) => m.subject.startsWith('To buy'))).toHaveLength(1);
    expect(mails.find((m) => m.subject.startsWith('To buy'))?.to).toEqual([fixture.people.finance.email]);
    expect(new Set(events.map((e) => e.id)).size).toBe(2);
    expect(events.map((e) => e.type)).toContain('AssetPulse.License.Assigned');
    const detail = await getPurchaseRequest(database.handle.db, actor('dev'), created.id);
    expect(detail?.status).toBe('fulfilled');
    expect(detail?.timeline.filter((t) => t.action === 'fulfilled')).toHaveLength(1);
  });

  it('ends on a rejection with the comment as the reason', async () => {
    const created = await submit(actor('dev'), { items: [{ app: 'tracker' }] });
    if (created.kind !== 'created') throw new Error(created.kind);
    await askApprover(deps, { requestId: created.id, step: 1, reason: 'ask' });
    const decided = await decideApproval(
      { db: database.handle.db, now: () => clock, linkSecret: SECRET },
      {
        via: 'portal',
        approverId: fixture.people.manager.id,
        requestId: created.id,
        decision: 'reject',
        comment: 'Use chatter',
      },
    );
    expect(decided.kind).toBe('recorded');
    await concludeStep(deps, { requestId: created.id, step: 1, outcome: 'rejected' });
    await concludeStep(deps, { requestId: created.id, step: 1, outcome: 'rejected' });
    const detail = await getPurchaseRequest(database.handle.db, actor('dev'), created.id);
    expect(detail?.status).toBe('rejected');
    expect(detail?.outcomeReason).toBe('Use chatter');
    expect(detail?.steps.map((s) => s.status)).toEqual(['rejected', 'cancelled']);
    expect(detail?.timeline.filter((t) => t.action === 'rejected')).toHaveLength(1);
  });

  it('lets only the requester cancel, and only while pending', async () => {
    const created = await submit(actor('dev'), { items: [{ app: 'tracker' }] });
    if (created.kind !== 'created') throw new Error(created.kind);
    const cancelDeps = { db: database.handle.db, now: () => clock };
    expect(
      (
        await cancelPurchaseRequest(
          cancelDeps,
          actor('manager', ['Employee', 'Manager']),
          created.id,
          undefined,
        )
      ).kind,
    ).toBe('not-requester');
    expect((await cancelPurchaseRequest(cancelDeps, actor('dev2'), created.id, undefined)).kind).toBe(
      'not-found',
    );
    expect((await cancelPurchaseRequest(cancelDeps, actor('dev'), created.id, 'not needed')).kind).toBe(
      'cancelled',
    );
    expect((await cancelPurchaseRequest(cancelDeps, actor('dev'), created.id, undefined)).kind).toBe(
      'not-pending',
    );
    const asked = await askApprover(deps, { requestId: created.id, step: 1, reason: 'ask' });
    expect(asked.pending).toBe(false);
  });

  it('shows each person the requests in their scope', async () => {
    const db = database.handle.db;
    const all = { limit: 200, offset: 0 };
    const own = await listPurchaseRequests(db, actor('dev'), all);
    expect(own.items.every((r) => r.requester.email === fixture.people.dev.email)).toBe(true);
    expect(own.total).toBeGreaterThan(0);
    expect(
      (await listPurchaseRequests(db, actor('dev2'), all)).items.every(
        (r) => r.requester.email === fixture.people.dev2.email,
      ),
    ).toBe(true);
    const manager = await listPurchaseRequests(db, actor('manager', ['Employee', 'Manager']), all);
    expect(manager.total).toBeGreaterThanOrEqual(own.total);
    const outsider = actor('outsider', ['Employee', 'HR', 'Admin'], -1);
    expect((await listPurchaseRequests(db, outsider, all)).total).toBe(0);
    const someId = own.items[0]?.id ?? '';
    expect(await getPurchaseRequest(db, outsider, someId)).toBeUndefined();
    expect(await getPurchaseRequest(db, actor('dev2'), someId)).toBeUndefined();
    const hr = await listPurchaseRequests(db, actor('admin', ['Employee', 'Admin']), all);
    expect(hr.total).toBeGreaterThanOrEqual(manager.total);
  });

  describe('the database decides, not the workflow', () => {
    it('refuses to conclude a step as approved or rejected with no recorded decision', async () => {
      const created = await submit(actor('dev'), { items: [{ app: 'tracker' }] });
      if (created.kind !== 'created') throw new Error(created.kind);
      await askApprover(deps, { requestId: created.id, step: 1, reason: 'ask' });
      for (const outcome of ['approved', 'rejected'] as const) {
        await expect(concludeStep(deps, { requestId: created.id, step: 1, outcome })).rejects.toBeInstanceOf(
          UnrecordedDecisionError,
        );
      }
      const detail = await getPurchaseRequest(database.handle.db, actor('dev'), created.id);
      expect(detail?.status).toBe('pending');
      expect(detail?.steps.map((s) => s.status)).toEqual(['waiting', 'queued']);
    });

    it('refuses to fulfil a request whose steps are not all approved in the database', async () => {
      const created = await submit(actor('dev'), { items: [{ app: 'tracker' }] });
      if (created.kind !== 'created') throw new Error(created.kind);
      await expect(fulfilPurchaseRequest(deps, created.id)).rejects.toThrow(
        /no recorded approval for step 1, 2/,
      );
      const db = database.handle.db;
      const orders = await db
        .selectFrom('purchase_orders')
        .select('id')
        .where('request_id', '=', created.id)
        .execute();
      const seats = await db
        .selectFrom('license_assignments')
        .select('id')
        .where('purchase_request_id', '=', created.id)
        .execute();
      expect([orders.length, seats.length]).toEqual([0, 0]);
      expect((await getPurchaseRequest(db, actor('dev'), created.id))?.status).toBe('pending');
    });

    it('concludes an expiry that meets a decision recorded just before as that decision', async () => {
      const created = await submit(actor('dev'), { items: [{ app: 'tracker' }] });
      if (created.kind !== 'created') throw new Error(created.kind);
      await askApprover(deps, { requestId: created.id, step: 1, reason: 'ask' });
      const decided = await decideApproval(
        { db: database.handle.db, now: () => clock, linkSecret: SECRET },
        { via: 'portal', approverId: fixture.people.manager.id, requestId: created.id, decision: 'reject' },
      );
      expect(decided.kind).toBe('recorded');
      expect(await concludeStep(deps, { requestId: created.id, step: 1, outcome: 'expired' })).toEqual({
        outcome: 'rejected',
      });
      expect((await getPurchaseRequest(database.handle.db, actor('dev'), created.id))?.status).toBe(
        'rejected',
      );
    });

    it('reads what is recorded for a step', async () => {
      const created = await submit(actor('dev'), { items: [{ app: 'tracker' }] });
      if (created.kind !== 'created') throw new Error(created.kind);
      await askApprover(deps, { requestId: created.id, step: 1, reason: 'ask' });
      expect(await readRecordedStep(deps, { requestId: created.id, step: 1 })).toEqual({
        decision: null,
        requestStatus: 'pending',
      });
      await decideApproval(
        { db: database.handle.db, now: () => clock, linkSecret: SECRET },
        { via: 'portal', approverId: fixture.people.manager.id, requestId: created.id, decision: 'approve' },
      );
      expect(await readRecordedStep(deps, { requestId: created.id, step: 1 })).toEqual({
        decision: 'approve',
        requestStatus: 'pending',
      });
    });
  });

  describe('business caps in the database', () => {
    const requestsOf = (employeeId: number, day: string) =>
      database.handle.db
        .selectFrom('purchase_requests')
        .select('id')
        .where('requester_id', '=', employeeId)
        .where(sql<boolean>`created_at::date = ${day}::date`)
        .execute();

    it('refuses the 21st request of a requester’s day with the time to wait, even when they race, and creates nothing', async () => {
      const day = new Date('2026-11-03T22:30:00Z');
      const body = { items: [{ app: 'tracker' }] };
      for (let i = 0; i < 15; i++) expect((await submit(actor('dev2'), body, day)).kind).toBe('created');
      // six at once for the last five places: the counter row decides, not a read before the write
      const racing = await Promise.all(Array.from({ length: 6 }, () => submit(actor('dev2'), body, day)));
      expect(racing.map((r) => r.kind).sort()).toEqual([
        'created',
        'created',
        'created',
        'created',
        'created',
        'limited',
      ]);
      const startedBefore = started.length;
      const refused = await submit(actor('dev2'), body, day);
      expect(refused).toEqual({
        kind: 'limited',
        limit: 20,
        retryAfterSeconds: 90 * 60,
        detail: expect.stringMatching(/at most 20 purchase requests a day.*after 00:00 UTC/) as unknown,
      });
      expect(started).toHaveLength(startedBefore);
      expect(await requestsOf(fixture.people.dev2.id, '2026-11-03')).toHaveLength(20);
      // another requester is not affected, and the next day counts afresh
      expect((await submit(actor('dev'), body, day)).kind).toBe('created');
      expect((await submit(actor('dev2'), body, new Date('2026-11-04T00:00:01Z'))).kind).toBe('created');
    });

    it('folds the 11th approval mail of an approver’s hour into a digest that carries it, links and all', async () => {
      const hour = new Date('2026-11-05T10:05:00Z');
      const atHour = { ...deps, now: () => hour };
      const ids: string[] = [];
      const codes: string[] = [];
      for (let i = 0; i < 12; i++) {
        const created = await submit(actor('dev'), { items: [{ app: 'tracker' }] }, hour);
        if (created.kind !== 'created') throw new Error(created.kind);
        ids.push(created.id);
        codes.push(created.code);
      }
      mails.length = 0;
      for (const requestId of ids) await askApprover(atHour, { requestId, step: 1, reason: 'ask' });
      const toManager = () => mails.filter((m) => m.to === fixture.people.manager.email);
      expect(toManager().map((m) => m.subject.split(': ')[1]?.split(',')[0])).toEqual(codes.slice(0, 10));
      // The 11th and 12th are not mailed alone, but wait in the portal like every other step.
      const pending = await listPendingApprovals(database.handle.db, fixture.people.manager.id);
      expect(pending.map((p) => p.code)).toEqual(expect.arrayContaining(codes));
      const timeline = await getPurchaseRequest(database.handle.db, actor('dev'), ids[10]!);
      expect(timeline?.timeline.map((t) => t.action)).toContain('ask_held_for_digest');
      // A retried activity decides the same way and sends nothing.
      await askApprover(atHour, { requestId: ids[10]!, step: 1, reason: 'ask' });
      expect(toManager()).toHaveLength(10);

      // Within the same hour the digest waits too: the approver's mails for the hour are used up.
      expect(await sendApprovalDigests(atHour)).toEqual({ sent: 0, asks: 0 });
      // The 12th is decided in the portal meanwhile: the digest leaves it out.
      const decideDeps = { db: database.handle.db, now: () => hour, linkSecret: SECRET };
      await decideApproval(decideDeps, {
        via: 'portal',
        approverId: fixture.people.manager.id,
        requestId: ids[11]!,
        decision: 'approve',
      });

      const nextHour = { ...deps, now: () => new Date('2026-11-05T11:00:00Z') };
      expect(await sendApprovalDigests(nextHour)).toEqual({ sent: 1, asks: 1 });
      const digest = toManager().at(-1);
      expect(digest?.subject).toBe('Approvals waiting: 1 request');
      expect(digest?.text).toContain(codes[10]);
      expect(digest?.text).not.toContain(codes[11]);
      expect(digest?.text).toContain('More approval requests reached you this hour than the 10 mails');
      expect(await sendApprovalDigests(nextHour)).toEqual({ sent: 0, asks: 0 });
      const decided = await decideApproval(
        { ...decideDeps, now: () => new Date('2026-11-05T11:10:00Z') },
        { via: 'email', token: linkFrom(digest, 'approve') },
      );
      expect(decided).toMatchObject({ kind: 'recorded', decision: { code: codes[10], step: 1 } });
    });
  });
});
