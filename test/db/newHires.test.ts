// New hires against a real database (PGlite, or PostgreSQL when DATABASE_URL is set): recording a
// hire (the person exists as 'starting', the JD match's best apps become the bundle), scope, bad
// input, stale revisions, the submission as one purchase request approved along the hire's line,
// seats that wait for the start date and are assigned once, a moved date, and a cancellation.
// The approval workflow's activities are called directly, as the workflow would; the JD match is
// the injected port, answering a fixed ranking.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  JdMatchResult,
  JdRankedApp,
  MatchJobDescription,
} from '../../shared/ai/jdMatch/jdMatchContract';
import { decideApproval } from '../../shared/approvals/decideApproval';
import { planApproval } from '../../shared/approvals/planApproval';
import { askApprover } from '../../shared/approvals/workflow/askApprover';
import { concludeStep } from '../../shared/approvals/workflow/concludeStep';
import type { WorkflowDeps } from '../../shared/approvals/workflow/workflowDeps';
import type { UserPrincipal } from '../../shared/identity/principal';
import type { Role } from '../../shared/identity/roles';
import { cancelNewHire } from '../../shared/onboarding/cancelNewHire';
import { getNewHire, listNewHires } from '../../shared/onboarding/newHireDetail';
import { recordNewHireSchema, updateBundleSchema } from '../../shared/onboarding/newHireInput';
import { moveStartDate } from '../../shared/onboarding/moveStartDate';
import type { OnboardingDeps } from '../../shared/onboarding/onboardingDeps';
import { recordNewHire } from '../../shared/onboarding/recordNewHire';
import { startNewHire } from '../../shared/onboarding/startNewHire';
import { submitNewHire } from '../../shared/onboarding/submitNewHire';
import { updateBundle } from '../../shared/onboarding/updateBundle';
import type { DomainEvent } from '../../shared/platform/clients/eventPublisher';
import type { OutgoingMail } from '../../shared/platform/clients/mailer';
import { migrateToLatest } from '../../shared/platform/db/migrate';
import { fieldErrors } from '../../shared/platform/http/problem';
import { fulfilPurchaseRequest } from '../../shared/purchasing/fulfilPurchaseRequest';
import { insertApprovalFixture, type ApprovalFixture } from '../../scripts/fixtures/approvalFixture';
import { insertDirectoryFixture } from '../../scripts/fixtures/directoryFixture';
import { lane, openTestDatabase, type TestDatabase } from '../support/testDatabase';

const SECRET = 'test-approval-link-secret-0123456789abcdef';
let database: TestDatabase;
let fixture: ApprovalFixture;
let companyId: number;
let otherCompanyId: number;
let hr: { id: number; email: string };
let otherHr: { id: number; email: string };
let clock = new Date('2026-11-02T09:00:00Z');
const START = '2026-11-16';
const mails: OutgoingMail[] = [];
const events: DomainEvent[] = [];
const workflowCalls: string[] = [];
const approvalsStarted: string[] = [];
const approvalsCancelled: string[] = [];
let workflow: WorkflowDeps;
let deps: OnboardingDeps;
let ranked: JdRankedApp[];

function actor(person: { id: number; email: string }, roles: Role[], company = companyId): UserPrincipal {
  return {
    kind: 'user',
    employeeId: person.id,
    companyId: company,
    companyCode: company === companyId ? 'TST' : 'OTH',
    groupId: 1,
    groupCode: 'TESTG',
    email: person.email,
    displayName: person.email,
    roles: new Set<Role>(roles),
    groupWide: false,
  };
}
const asHr = () => actor(hr, ['Employee', 'HR']);
const asOtherHr = () => actor(otherHr, ['Employee', 'HR'], otherCompanyId);
const asEmployee = () => actor(fixture.people.dev, ['Employee']);
const asManager = () => actor(fixture.people.manager, ['Employee', 'Manager']);

/** The JD match as the port answers it: chatter and tracker sure, a third app below the floor. */
const matchJobDescription: MatchJobDescription = (_actor, input) => {
  const result: JdMatchResult = {
    companyCode: input.companyCode ?? 'TST',
    currency: 'SEK',
    jobTitle: input.jobTitle,
    department: input.department ?? null,
    extracted: { skills: [], tasks: [] },
    apps: ranked,
    excluded: [],
    answeredBy: { provider: 'local', model: 'fixed-ranking', deterministic: true },
  };
  return Promise.resolve({ kind: 'matched', result });
};

function hireBody(overrides: Record<string, unknown> = {}) {
  return recordNewHireSchema.parse({
    displayName: 'Nora New',
    email: `nora.${randomUUID().slice(0, 8)}@tst.example.com`,
    jobTitle: 'Software Engineer',
    department: 'ENG',
    managerEmail: fixture.people.manager.email,
    companyCode: 'TST',
    startDate: START,
    jobDescription: 'Builds the billing service with the team, chats with product, tracks work.',
    ...overrides,
  });
}

async function record(overrides: Record<string, unknown> = {}) {
  const result = await recordNewHire(deps, asHr(), hireBody(overrides));
  if (result.kind !== 'created') throw new Error(`not recorded: ${JSON.stringify(result)}`);
  return result.hire;
}

async function approveAndFulfil(requestId: string): Promise<void> {
  const decideDeps = { db: database.handle.db, now: () => clock, linkSecret: SECRET };
  const steps = await database.handle.db
    .selectFrom('approval_steps')
    .select('step')
    .where('request_id', '=', requestId)
    .orderBy('step')
    .execute();
  for (const { step } of steps) {
    const asked = await askApprover(workflow, { requestId, step, reason: 'ask' });
    const decided = await decideApproval(decideDeps, {
      via: 'portal',
      approverId: asked.approverId,
      requestId,
      decision: 'approve',
    });
    expect(decided.kind).toBe('recorded');
    await concludeStep(workflow, { requestId, step, outcome: 'approved' });
  }
  await fulfilPurchaseRequest(workflow, requestId);
}

const counts = async () => ({
  employees: Number(
    (
      await database.handle.db
        .selectFrom('employees')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  ),
  hires: Number(
    (
      await database.handle.db
        .selectFrom('new_hires')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  ),
});

beforeAll(async () => {
  database = await openTestDatabase();
  const db = database.handle.db;
  await migrateToLatest(db);
  const directory = await insertDirectoryFixture(db);
  companyId = directory.companyId;
  fixture = await insertApprovalFixture(db, directory);
  otherCompanyId = (
    await db.selectFrom('companies').select('id').where('code', '=', 'OTH').executeTakeFirstOrThrow()
  ).id;
  hr = await db
    .insertInto('employees')
    .values({
      company_id: companyId,
      email: 'hanna.hr@tst.example.com',
      display_name: 'Hanna Hr',
      job_title: 'HR Partner',
      manager_id: fixture.people.ceo.id,
    })
    .returning(['id', 'email'])
    .executeTakeFirstOrThrow();
  otherHr = await db
    .insertInto('employees')
    .values({
      company_id: otherCompanyId,
      email: 'oskar.hr@oth.example.com',
      display_name: 'Oskar Hr',
      job_title: 'HR',
    })
    .returning(['id', 'email'])
    .executeTakeFirstOrThrow();
  await db
    .insertInto('employee_roles')
    .values([
      { employee_id: hr.id, role: 'HR' },
      { employee_id: otherHr.id, role: 'HR' },
    ])
    .execute();
  const plans = await db
    .selectFrom('pricing_plans as p')
    .innerJoin('apps as a', 'a.id', 'p.app_id')
    .select(['p.id', 'p.code', 'p.name', 'a.id as app_id', 'a.slug'])
    .execute();
  const rankedApp = (slug: string, rank: number, confidence: number): JdRankedApp => {
    const plan = plans.find((p) => p.slug === slug)!;
    return {
      rank,
      app: { id: plan.app_id, slug, name: slug, vendor: 'Test Vendor', category: 'Collaboration' },
      plan: { id: plan.id, code: plan.code, name: plan.name, pricingModel: 'per_seat' },
      confidence,
      score: { skills: confidence, tasks: 0, peers: 0, total: confidence },
      reasons: [
        { kind: 'skill', text: `work → ${slug}`, skill: 'work', feature: slug, similarity: confidence },
      ],
      monthlyCost: 0,
      currency: 'SEK',
      coverage: { kind: 'purchase' },
      companyStandard: false,
    };
  };
  ranked = [rankedApp('chatter', 1, 0.9), rankedApp('tracker', 2, 0.6)];
  workflow = {
    db,
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
  deps = {
    db,
    now: () => clock,
    newId: randomUUID,
    matchJobDescription,
    workflow: {
      start: (hireId) => {
        workflowCalls.push(`start:${hireId}`);
        return Promise.resolve();
      },
      signal: (hireId, what) => {
        workflowCalls.push(`${what}:${hireId}`);
        return Promise.resolve();
      },
    },
    purchasing: {
      planApproval,
      requestsPerDay: 20,
      startApproval: (id) => {
        approvalsStarted.push(id);
        return Promise.resolve();
      },
      cancelApproval: (id) => {
        approvalsCancelled.push(id);
        return Promise.resolve();
      },
    },
  };
});

afterAll(async () => {
  await database.drop();
});

describe(`new hires (${lane()})`, () => {
  it('records a hire: the person is starting, the confident matches are the bundle, the workflow starts', async () => {
    ranked.push({
      ...ranked[1]!,
      rank: 3,
      confidence: 0.1,
      app: { ...ranked[1]!.app, id: -1, slug: 'unsure' },
    });
    const hire = await record({ displayName: 'Ada Start' });
    ranked.pop();
    expect(hire.status).toBe('draft');
    expect(hire.revision).toBe(1);
    expect(hire.person).toMatchObject({ displayName: 'Ada Start', status: 'starting', department: 'ENG' });
    expect(hire.manager).toEqual({ displayName: 'Mia Manager', email: fixture.people.manager.email });
    expect(hire.bundle.map((b) => [b.app.slug, b.source, b.monthlyCost])).toEqual([
      ['chatter', 'jd-match', 100],
      ['tracker', 'jd-match', 560],
    ]);
    expect(hire.bundle[0]?.coverage).toEqual({ kind: 'free-seat', companyCode: 'TST', freeSeats: 1 });
    expect(hire.bundle[0]?.reasons[0]?.text).toBe('work → chatter');
    expect(hire.bundleMonthlyCost).toBe(660);
    expect(hire.timeline.map((t) => t.what)).toEqual(['recorded']);
    expect(workflowCalls).toContain(`start:${hire.id}`);
    // The person cannot be mistaken for staff: not active, no seat.
    expect(hire.seats).toEqual([]);
  });

  it('keeps other subsidiaries and other roles out', async () => {
    const hire = await record();
    const before = await counts();
    expect((await recordNewHire(deps, asOtherHr(), hireBody())).kind).toBe('forbidden');
    expect((await recordNewHire(deps, asEmployee(), hireBody())).kind).toBe('forbidden');
    expect(await getNewHire(database.handle.db, asOtherHr(), hire.id)).toBeUndefined();
    expect(await getNewHire(database.handle.db, asEmployee(), hire.id)).toBeUndefined();
    expect(
      (await updateBundle(deps, asOtherHr(), hire.id, { revision: 1, items: [{ app: 'chatter' }] })).kind,
    ).toBe('not-found');
    expect((await submitNewHire(deps, asOtherHr(), hire.id, {})).kind).toBe('not-found');
    expect((await cancelNewHire(deps, asOtherHr(), hire.id, 'not mine')).kind).toBe('not-found');
    expect((await submitNewHire(deps, asEmployee(), hire.id, {})).kind).toBe('forbidden');
    expect((await listNewHires(database.handle.db, asEmployee(), {})).kind).toBe('forbidden');
    const others = await listNewHires(database.handle.db, asOtherHr(), {});
    expect(others).toEqual({ kind: 'ok', items: [] });
    // The hire's manager reads the hire, and may not change it.
    expect((await getNewHire(database.handle.db, asManager(), hire.id))?.id).toBe(hire.id);
    const managed = await listNewHires(database.handle.db, asManager(), {});
    expect(managed.kind === 'ok' && managed.items.map((h) => h.id)).toContain(hire.id);
    expect((await moveStartDate(deps, asManager(), hire.id, '2026-11-20')).kind).toBe('forbidden');
    expect(await counts()).toEqual(before);
  });

  it('lists hires newest start date first, filtered, and group-wide HR sees every subsidiary', async () => {
    const later = await record({ displayName: 'Lea Later', startDate: '2026-12-20' });
    const list = await listNewHires(database.handle.db, asHr(), { status: 'draft', companyCode: 'TST' });
    if (list.kind !== 'ok') throw new Error(JSON.stringify(list));
    expect(list.items[0]?.id).toBe(later.id);
    expect(list.items.every((h) => h.status === 'draft' && h.companyCode === 'TST')).toBe(true);
    expect((await listNewHires(database.handle.db, asOtherHr(), { companyCode: 'TST' })).kind).toBe(
      'forbidden',
    );
    const groupWide = { ...asOtherHr(), groupWide: true };
    const all = await listNewHires(database.handle.db, groupWide, {});
    expect(all.kind === 'ok' && all.items.map((h) => h.id)).toContain(later.id);
    expect((await getNewHire(database.handle.db, groupWide, later.id))?.id).toBe(later.id);
  });

  it('refuses bad bodies naming the field, and writes nothing', async () => {
    const before = await counts();
    const bad = recordNewHireSchema.safeParse({ ...hireBody(), email: 'not-an-email', extra: 1 });
    expect(bad.success).toBe(false);
    if (!bad.success)
      expect(
        fieldErrors(bad.error)
          .map((e) => e.path)
          .sort(),
      ).toEqual(['email', 'extra']);
    const noItems = updateBundleSchema.safeParse({ revision: 1 });
    expect(!noItems.success && fieldErrors(noItems.error).map((e) => e.path)).toEqual(['items']);
    expect(await recordNewHire(deps, asHr(), hireBody({ department: 'NOPE' }))).toMatchObject({
      kind: 'invalid',
      errors: [{ path: 'department' }],
    });
    expect(await recordNewHire(deps, asHr(), hireBody({ startDate: '2026-10-01' }))).toMatchObject({
      kind: 'invalid',
      errors: [{ path: 'startDate' }],
    });
    expect(
      await recordNewHire(deps, asHr(), hireBody({ managerEmail: fixture.people.outsider.email })),
    ).toMatchObject({ kind: 'invalid', errors: [{ path: 'managerEmail' }] });
    expect(await recordNewHire(deps, asHr(), hireBody({ email: fixture.people.dev.email }))).toMatchObject({
      kind: 'conflict',
    });
    expect(await counts()).toEqual(before);
  });

  it('changes the bundle against the revision it read: a stale one is 409, a template loads its items', async () => {
    const hire = await record();
    const changed = await updateBundle(deps, asHr(), hire.id, {
      revision: 1,
      items: [{ app: 'tracker', plan: 'pro' }],
    });
    expect(changed.kind).toBe('updated');
    if (changed.kind !== 'updated') return;
    expect(changed.hire.revision).toBe(2);
    expect(changed.hire.bundle.map((b) => [b.app.slug, b.source])).toEqual([['tracker', 'jd-match']]);
    expect(changed.hire.timeline.map((t) => t.what)).toEqual(['recorded', 'bundle-changed']);
    const stale = await updateBundle(deps, asHr(), hire.id, { revision: 1, items: [{ app: 'chatter' }] });
    expect(stale).toMatchObject({ kind: 'stale', revision: 2 });
    const unknown = await updateBundle(deps, asHr(), hire.id, { revision: 2, items: [{ app: 'nope' }] });
    expect(unknown).toMatchObject({ kind: 'invalid', errors: [{ path: 'items.0.app' }] });

    const db = database.handle.db;
    const template = await db
      .insertInto('purchase_templates')
      .values({ company_id: companyId, code: 'ENG-BASE', name: 'Engineering basics', department_code: 'ENG' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const apps = await db.selectFrom('apps').select(['id', 'slug']).execute();
    await db
      .insertInto('purchase_template_items')
      .values([
        { template_id: template.id, app_id: apps.find((a) => a.slug === 'chatter')!.id, plan_id: null },
        {
          template_id: template.id,
          app_id: apps.find((a) => a.slug === 'tracker')!.id,
          plan_id: null,
          optional: true,
        },
      ])
      .execute();
    const fromTemplate = await updateBundle(deps, asHr(), hire.id, { revision: 2, templateId: template.id });
    expect(fromTemplate.kind).toBe('updated');
    if (fromTemplate.kind !== 'updated') return;
    expect(fromTemplate.hire.bundle.map((b) => [b.app.slug, b.source])).toEqual([['chatter', 'template']]);
    expect(fromTemplate.hire.template).toEqual({ id: template.id, version: 1, name: 'Engineering basics' });
    const withOptional = await updateBundle(deps, asHr(), hire.id, {
      revision: 3,
      templateId: template.id,
      optionalItems: ['tracker'],
    });
    expect(withOptional.kind === 'updated' && withOptional.hire.bundle.map((b) => b.app.slug)).toEqual([
      'chatter',
      'tracker',
    ]);
  });

  it('says which plan is priced by use, so the page does not show it as free', async () => {
    const hire = await record();
    const db = database.handle.db;
    const tracker = await db
      .selectFrom('apps')
      .select('id')
      .where('slug', '=', 'tracker')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('pricing_plans')
      .values({
        app_id: tracker.id,
        code: 'metered',
        name: 'Metered',
        pricing_model: 'pay_per_use',
        currency: 'EUR',
        unit_price: '0.05',
        billing_period: 'monthly',
      })
      .execute();
    const changed = await updateBundle(deps, asHr(), hire.id, {
      revision: 1,
      items: [{ app: 'chatter' }, { app: 'tracker', plan: 'metered' }],
    });
    expect(changed.kind).toBe('updated');
    if (changed.kind !== 'updated') return;
    expect(
      changed.hire.bundle.map((b) => [b.app.slug, b.plan.code, b.plan.pricingModel, b.monthlyCost]),
    ).toEqual([
      ['chatter', expect.any(String), 'per_seat', 100],
      ['tracker', 'metered', 'pay_per_use', 0],
    ]);
  });

  it('submits one request for the hire, approved by the manager HR named; seats wait for the start date and are assigned once', async () => {
    const hire = await record({ displayName: 'Sam Seat' });
    const submitted = await submitNewHire(deps, asHr(), hire.id, {});
    expect(submitted.kind).toBe('submitted');
    if (submitted.kind !== 'submitted') return;
    expect(submitted.hire.status).toBe('requested');
    const request = submitted.hire.request!;
    expect(approvalsStarted).toContain(request.id);
    // The manager step is the hire's manager, not HR's own (the CEO).
    expect(request.steps.map((s) => [s.step, s.kind, s.approver])).toEqual([
      [1, 'manager', 'Mia Manager'],
      [2, 'department_head', 'Tor Cto'],
    ]);
    const db = database.handle.db;
    const row = await db
      .selectFrom('purchase_requests')
      .select(['needed_by', 'requester_id', 'company_id'])
      .where('id', '=', request.id)
      .executeTakeFirstOrThrow();
    expect(row.requester_id).toBe(hr.id);
    const items = await db
      .selectFrom('purchase_request_items')
      .select(['for_employee_id'])
      .where('request_id', '=', request.id)
      .execute();
    expect(items.map((i) => i.for_employee_id)).toEqual([hire.person.employeeId, hire.person.employeeId]);
    // A second submit makes nothing.
    expect((await submitNewHire(deps, asHr(), hire.id, {})).kind).toBe('conflict');
    expect(
      await db.selectFrom('purchase_requests').select('id').where('requester_id', '=', hr.id).execute(),
    ).toHaveLength(1);

    await approveAndFulfil(request.id);
    const approved = await getNewHire(db, asHr(), hire.id);
    expect(approved?.request?.status).toBe('fulfilled');
    expect(approved?.seats).toEqual([]);
    expect(approved?.timeline.map((t) => t.what)).toEqual(['recorded', 'submitted', 'approved']);
    expect(events.filter((e) => e.type === 'AssetPulse.License.Assigned')).toEqual([]);

    // Before the date nothing happens.
    expect(await startNewHire(workflow, hire.id)).toEqual({ outcome: 'not-due', startDate: START });
    clock = new Date(`${START}T00:00:05Z`);
    const first = await startNewHire(workflow, hire.id);
    const again = await startNewHire(workflow, hire.id);
    expect(first).toEqual({ outcome: 'started', seats: 1, awaiting: 1 });
    expect(again).toEqual(first);
    const started = await getNewHire(db, asHr(), hire.id);
    expect(started?.status).toBe('started');
    expect(started?.person.status).toBe('active');
    expect(started?.seats.map((s) => [s.app.slug, s.contractCompanyCode])).toEqual([['chatter', 'TST']]);
    expect(started?.timeline.map((t) => t.what)).toEqual(['recorded', 'submitted', 'approved', 'started']);
    const assigned = events.filter(
      (e) =>
        e.type === 'AssetPulse.License.Assigned' && (e.data as { newHireId?: string }).newHireId === hire.id,
    );
    expect(new Set(assigned.map((e) => e.id)).size).toBe(1);
    const welcome = mails.filter((m) => m.subject.startsWith('Welcome, Sam Seat'));
    expect(welcome).toHaveLength(1);
    expect(welcome[0]?.to).toEqual([hire.person.email, fixture.people.manager.email]);
    expect(welcome[0]?.text).toContain('chatter (Test Vendor)');
    expect(welcome[0]?.text).toContain('Still being bought, you will hear when it is ready: tracker');
    expect((await cancelNewHire(deps, asHr(), hire.id, 'too late')).kind).toBe('conflict');
    clock = new Date('2026-11-02T09:00:00Z');
  });

  it('starts a hire whose day came before the bundle was submitted, and still routes the request to their manager', async () => {
    const hire = await record({ displayName: 'Tia Today', startDate: '2026-11-02' });
    expect(await startNewHire(workflow, hire.id)).toEqual({ outcome: 'waiting-approval' });
    expect((await getNewHire(database.handle.db, asHr(), hire.id))?.person.status).toBe('active');
    const submitted = await submitNewHire(deps, asHr(), hire.id, {});
    expect(submitted.kind).toBe('submitted');
    if (submitted.kind !== 'submitted') return;
    expect(submitted.hire.request?.steps[0]).toMatchObject({ kind: 'manager', approver: 'Mia Manager' });
  });

  it('finishes a submission that was interrupted: the request it made counts, else one is made', async () => {
    const db = database.handle.db;
    const interrupt = (id: string) =>
      db
        .updateTable('new_hires')
        .set({
          status: 'requested',
          purchase_request_id: null,
          updated_at: new Date(clock.getTime() - 600_000),
        })
        .where('id', '=', id)
        .execute();
    const before = await record({ displayName: 'Ivo Interrupted' });
    await interrupt(before.id);
    const made = await submitNewHire(deps, asHr(), before.id, {});
    expect(made.kind).toBe('submitted');
    // Interrupted after its request was made: the same request is linked, no second one.
    const after = await record({ displayName: 'Ines Interrupted' });
    const first = await submitNewHire(deps, asHr(), after.id, {});
    if (first.kind !== 'submitted') throw new Error(JSON.stringify(first));
    await interrupt(after.id);
    const again = await submitNewHire(deps, asHr(), after.id, {});
    expect(again.kind === 'submitted' && again.hire.request?.id).toBe(first.hire.request?.id);
    // A submission in flight (just claimed) is not taken over.
    await db
      .updateTable('new_hires')
      .set({ status: 'requested', purchase_request_id: null, updated_at: clock })
      .where('id', '=', after.id)
      .execute();
    expect((await submitNewHire(deps, asHr(), after.id, {})).kind).toBe('conflict');
  });

  it('moves the start date before the start, and wakes the workflow', async () => {
    const hire = await record();
    const moved = await moveStartDate(deps, asHr(), hire.id, '2026-11-30');
    expect(moved.kind).toBe('moved');
    if (moved.kind !== 'moved') return;
    expect(moved.hire.startDate).toBe('2026-11-30');
    expect(moved.hire.timeline.at(-1)).toMatchObject({
      what: 'start-date-moved',
      detail: `from ${START} to 2026-11-30`,
    });
    expect(workflowCalls).toContain(`date-moved:${hire.id}`);
    expect(await moveStartDate(deps, asHr(), hire.id, '2026-10-30')).toMatchObject({
      kind: 'invalid',
      errors: [{ path: 'startDate' }],
    });
    clock = new Date(`${START}T08:00:00Z`);
    expect(await startNewHire(workflow, hire.id)).toEqual({ outcome: 'not-due', startDate: '2026-11-30' });
    clock = new Date('2026-11-02T09:00:00Z');
  });

  it('cancels a hire: the pending request is withdrawn, orders and seats released, the person a leaver, the workflow ends', async () => {
    const db = database.handle.db;
    const hire = await record({ displayName: 'Cal Cancel' });
    const submitted = await submitNewHire(deps, asHr(), hire.id, {});
    if (submitted.kind !== 'submitted') throw new Error(JSON.stringify(submitted));
    const requestId = submitted.hire.request!.id;
    const cancelled = await cancelNewHire(deps, asHr(), hire.id, 'declined the offer');
    expect(cancelled.kind).toBe('cancelled');
    if (cancelled.kind !== 'cancelled') return;
    expect(cancelled.hire.status).toBe('cancelled');
    expect(cancelled.hire.person.status).toBe('leaver');
    expect(cancelled.hire.request?.status).toBe('cancelled');
    expect(approvalsCancelled).toContain(requestId);
    expect(workflowCalls).toContain(`cancelled:${hire.id}`);
    expect(await startNewHire(workflow, hire.id)).toEqual({ outcome: 'cancelled' });

    // Approved before the start, then cancelled: what was ordered for them is not bought (the
    // one free chatter seat went to an earlier hire, so both apps were ordered).
    const second = await record({ displayName: 'Olli Order' });
    const sub2 = await submitNewHire(deps, asHr(), second.id, {});
    if (sub2.kind !== 'submitted') throw new Error(JSON.stringify(sub2));
    await approveAndFulfil(sub2.hire.request!.id);
    const orders = () =>
      db
        .selectFrom('purchase_orders')
        .select('status')
        .where('request_id', '=', sub2.hire.request!.id)
        .execute();
    expect((await orders()).map((o) => o.status)).toEqual(['to_order', 'to_order']);
    expect((await cancelNewHire(deps, asHr(), second.id, 'start postponed indefinitely')).kind).toBe(
      'cancelled',
    );
    expect((await orders()).map((o) => o.status)).toEqual(['cancelled', 'cancelled']);
    const seats = await db
      .selectFrom('license_assignments')
      .select('status')
      .where('employee_id', '=', second.person.employeeId)
      .where('status', '=', 'active')
      .execute();
    expect(seats).toEqual([]);
  });
});
