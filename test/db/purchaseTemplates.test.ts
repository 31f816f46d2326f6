// Purchase templates (F4) against a real database (PGlite, or PostgreSQL when DATABASE_URL is set):
// versions kept on every edit and a stale edit refused, who may read and write across subsidiaries,
// suggestions mined from usage rollups with minShare, accepting one, and requesting a template as one
// purchase request that records the template id and version and skips apps the person already has.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planApproval } from '../../shared/approvals/planApproval';
import type { UserPrincipal } from '../../shared/identity/principal';
import type { Role } from '../../shared/identity/roles';
import { migrateToLatest } from '../../shared/platform/db/migrate';
import { getTemplate, getTemplateVersion, listTemplates } from '../../shared/templates/readTemplates';
import { requestTemplate } from '../../shared/templates/requestTemplate';
import { suggestTemplates } from '../../shared/templates/suggestTemplates';
import {
  acceptSuggestionSchema,
  createTemplateSchema,
  requestTemplateSchema,
  updateTemplateSchema,
} from '../../shared/templates/templateInput';
import {
  acceptSuggestion,
  archiveTemplate,
  createTemplate,
  updateTemplate,
} from '../../shared/templates/writeTemplates';
import { insertApprovalFixture, type ApprovalFixture } from '../../scripts/fixtures/approvalFixture';
import { insertDirectoryFixture, type DirectoryFixture } from '../../scripts/fixtures/directoryFixture';
import { lane, openTestDatabase, type TestDatabase } from '../support/testDatabase';

let database: TestDatabase;
let directory: DirectoryFixture;
let fixture: ApprovalFixture;
let otherCompanyId: number;
let hr: { id: number; email: string };
let otherHr: { id: number; email: string };
let groupTemplateId: number;
const clock = new Date('2026-11-02T09:00:00Z');
const deps = () => ({ db: database.handle.db, now: () => clock });
const started: string[] = [];
const requestDeps = () => ({
  db: database.handle.db,
  now: () => clock,
  newId: randomUUID,
  requestsPerDay: 50,
  startApproval: (id: string) => {
    started.push(id);
    return Promise.resolve();
  },
  planApproval,
});

function principal(
  person: { id: number; email: string },
  roles: Role[],
  options: { companyId?: number; companyCode?: string; groupWide?: boolean } = {},
): UserPrincipal {
  return {
    kind: 'user',
    employeeId: person.id,
    companyId: options.companyId ?? directory.companyId,
    companyCode: options.companyCode ?? 'TST',
    groupId: 1,
    groupCode: 'TESTG',
    email: person.email,
    displayName: person.email,
    roles: new Set<Role>(['Employee', ...roles]),
    groupWide: options.groupWide ?? false,
  };
}
const asHr = () => principal(hr, ['HR']);
const asDev = () => principal(fixture.people.dev, []);
const asDev2 = () => principal(fixture.people.dev2, []);
const asManager = () => principal(fixture.people.manager, ['Manager']);
const asOtherHr = () => principal(otherHr, ['HR'], { companyId: otherCompanyId, companyCode: 'OTH' });
const asGroupAdmin = () => principal(fixture.people.admin, ['Admin'], { groupWide: true });

const person = (email: string) =>
  [...directory.employees, ...Object.values(fixture.people)].find((p) => p.email === email) ?? {
    id: 0,
    email,
  };

const day = (daysAgo: number) => new Date(clock.getTime() - daysAgo * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  database = await openTestDatabase();
  const { db } = database.handle;
  await migrateToLatest(db);
  directory = await insertDirectoryFixture(db, { employees: 3, apps: 4 });
  fixture = await insertApprovalFixture(db, directory);
  otherCompanyId = (
    await db.selectFrom('companies').select('id').where('code', '=', 'OTH').executeTakeFirstOrThrow()
  ).id;
  // The three fixture "Engineer"s work in no department; the ENG department holds four people.
  hr = await db
    .insertInto('employees')
    .values({
      company_id: directory.companyId,
      email: 'hanna.hr@tst.example.com',
      display_name: 'Hanna HR',
      job_title: 'HR Partner',
    })
    .returning(['id', 'email'])
    .executeTakeFirstOrThrow();
  otherHr = await db
    .insertInto('employees')
    .values({
      company_id: otherCompanyId,
      email: 'oskar.hr@oth.example.com',
      display_name: 'Oskar HR',
      job_title: 'HR Partner',
    })
    .returning(['id', 'email'])
    .executeTakeFirstOrThrow();
  await db
    .insertInto('employee_roles')
    .values([
      { employee_id: hr.id, role: 'Employee' },
      { employee_id: hr.id, role: 'HR' },
      { employee_id: otherHr.id, role: 'HR' },
    ])
    .execute();
  // app-2 is priced from the catalog (EUR); app-3 has no plan at all.
  const app = (slug: string) => directory.apps.find((a) => a.slug === slug)?.id ?? 0;
  await db
    .insertInto('pricing_plans')
    .values({
      app_id: app('app-2'),
      code: 'team',
      name: 'Team',
      pricing_model: 'per_seat',
      currency: 'EUR',
      unit_price: 20,
      billing_period: 'monthly',
    })
    .execute();

  // Usage in the last 60 days (and some older, which does not count):
  // Engineers (ada, bo, cia): chatter all three, app-2 ada and bo, tracker ada (bo only 90 days ago).
  // ENG (cto, mia, dan, dina): tracker dan and dina.
  const [ada, bo, cia] = directory.employees.map((e) => e.id);
  const used: [number | undefined, string, number][] = [
    [ada, 'chatter', 3],
    [bo, 'chatter', 10],
    [cia, 'chatter', 59],
    [ada, 'app-2', 5],
    [bo, 'app-2', 20],
    [ada, 'tracker', 2],
    [bo, 'tracker', 90],
    [fixture.people.dev.id, 'tracker', 1],
    [fixture.people.dev2.id, 'tracker', 4],
  ];
  await db
    .insertInto('usage_daily')
    .values(
      used.map(([employee, slug, daysAgo]) => ({
        employee_id: employee ?? 0,
        app_id: app(slug),
        day: day(daysAgo),
        company_id: directory.companyId,
        events: 3,
        quantity: 3,
        first_at: new Date(`${day(daysAgo)}T09:00:00Z`),
        last_at: new Date(`${day(daysAgo)}T10:00:00Z`),
      })),
    )
    .execute();

  // A group-wide template as the seed writes them: the row, its items and version 1.
  const group = await db
    .insertInto('purchase_templates')
    .values({ company_id: null, code: 'ENG-STARTER', name: 'Engineer starter', department_code: 'ENG' })
    .returning('id')
    .executeTakeFirstOrThrow();
  groupTemplateId = group.id;
  await db
    .insertInto('purchase_template_items')
    .values({ template_id: group.id, app_id: app('tracker'), plan_id: null, seats: 1 })
    .execute();
  await db
    .insertInto('purchase_template_versions')
    .values({
      template_id: group.id,
      version: 1,
      name: 'Engineer starter',
      department_code: 'ENG',
      items: JSON.stringify([{ appId: app('tracker'), planId: null, seats: 1, optional: false }]),
    })
    .execute();
});

afterAll(async () => {
  await database.drop();
});

const kitBody = {
  code: 'ENG-KIT',
  name: 'Engineering kit',
  roleTitle: 'Software Engineer',
  items: [
    { app: 'chatter', seats: 1 },
    { app: 'tracker', plan: 'pro', seats: 1 },
    { app: 'app-2', seats: 1, optional: true },
  ],
};

describe(`purchase templates (${lane()})`, () => {
  let kitId = 0;

  it('refuses a template without a role or department, with an app twice, or with 101 seats', () => {
    const noRole = createTemplateSchema.safeParse({ ...kitBody, roleTitle: undefined });
    expect(noRole.success).toBe(false);
    expect(noRole.error?.issues.map((i) => i.path.join('.'))).toContain('roleTitle');
    const twice = createTemplateSchema.safeParse({
      ...kitBody,
      items: [{ app: 'chatter' }, { app: 'chatter' }],
    });
    expect(twice.error?.issues.map((i) => i.path.join('.'))).toEqual(['items.1.app']);
    const many = createTemplateSchema.safeParse({ ...kitBody, items: [{ app: 'chatter', seats: 101 }] });
    expect(many.error?.issues.map((i) => i.path.join('.'))).toEqual(['items.0.seats']);
    const unknown = createTemplateSchema.safeParse({ ...kitBody, colour: 'blue' });
    expect(unknown.success).toBe(false);
  });

  it('lets HR create a template, version 1, priced per person in the company currency', async () => {
    const created = await createTemplate(deps(), asHr(), createTemplateSchema.parse(kitBody));
    expect(created).toMatchObject({ kind: 'saved', version: 1 });
    kitId = created.kind === 'saved' ? created.id : 0;

    const list = await listTemplates(database.handle.db, asDev(), {});
    expect(list.kind).toBe('ok');
    if (list.kind !== 'ok') return;
    expect(list.currency).toBe('SEK');
    expect(list.templates.map((t) => t.code).sort()).toEqual(['ENG-KIT', 'ENG-STARTER']);
    const kit = list.templates.find((t) => t.code === 'ENG-KIT');
    expect(kit).toMatchObject({ currentVersion: 1, roleTitle: 'Software Engineer', editable: false });
    // chatter at the contract's 100 SEK, tracker pro 50 EUR × 11.2; app-2 optional 20 EUR × 11.2
    expect(kit?.costPerPerson).toMatchObject({ currency: 'SEK', monthly: 660, optionalMonthly: 224 });

    const audit = await database.handle.db
      .selectFrom('audit_log')
      .select(['action'])
      .where('entity_type', '=', 'purchase_template')
      .where('entity_id', '=', String(kitId))
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['created']);
  });

  it('refuses writes by an employee, a template code twice, and an unknown app naming the item', async () => {
    expect(
      await createTemplate(deps(), asDev(), createTemplateSchema.parse({ ...kitBody, code: 'X1' })),
    ).toMatchObject({ kind: 'forbidden' });
    expect(await createTemplate(deps(), asHr(), createTemplateSchema.parse(kitBody))).toMatchObject({
      kind: 'conflict',
    });
    const unknown = await createTemplate(
      deps(),
      asHr(),
      createTemplateSchema.parse({
        ...kitBody,
        code: 'X2',
        items: [{ app: 'nope' }, { app: 'chatter', plan: 'gold' }],
      }),
    );
    expect(unknown).toMatchObject({
      kind: 'invalid',
      errors: [{ path: 'items.0.app' }, { path: 'items.1.plan' }],
    });
  });

  it('keeps every version and refuses an edit of a stale version with 409', async () => {
    const v2 = await updateTemplate(
      deps(),
      asHr(),
      kitId,
      updateTemplateSchema.parse({
        ...kitBody,
        name: 'Engineering kit (2027)',
        items: [
          { app: 'chatter', seats: 1 },
          { app: 'tracker', plan: 'pro', seats: 1 },
          { app: 'app-2', seats: 1, optional: true },
          { app: 'app-3', seats: 2, optional: true },
        ],
        expectedVersion: 1,
      }),
    );
    expect(v2).toEqual({ kind: 'saved', id: kitId, version: 2 });
    const stale = await updateTemplate(
      deps(),
      asHr(),
      kitId,
      updateTemplateSchema.parse({ ...kitBody, expectedVersion: 1 }),
    );
    expect(stale).toMatchObject({ kind: 'conflict', currentVersion: 2 });

    const detail = await getTemplate(database.handle.db, asDev(), kitId);
    expect(detail?.name).toBe('Engineering kit (2027)');
    expect(detail?.versions.map((v) => [v.version, v.items])).toEqual([
      [2, 4],
      [1, 3],
    ]);
    const first = await getTemplateVersion(database.handle.db, asDev(), kitId, 1);
    expect(first).toMatchObject({ version: 1, current: false, name: 'Engineering kit' });
    expect(first?.items.map((i) => i.app).sort()).toEqual(['app-2', 'chatter', 'tracker']);
    expect(await getTemplateVersion(database.handle.db, asDev(), kitId, 3)).toBeUndefined();
  });

  it('lets one of two simultaneous edits of the same version win, the other 409', async () => {
    const created = await createTemplate(
      deps(),
      asHr(),
      createTemplateSchema.parse({
        code: 'RACE',
        name: 'Race',
        department: 'ENG',
        items: [{ app: 'chatter' }],
      }),
    );
    const id = created.kind === 'saved' ? created.id : 0;
    const edit = (name: string) =>
      updateTemplate(
        deps(),
        asHr(),
        id,
        updateTemplateSchema.parse({
          code: 'RACE',
          name,
          department: 'ENG',
          items: [{ app: 'tracker' }],
          expectedVersion: 1,
        }),
      );
    const results = await Promise.all([edit('Race A'), edit('Race B')]);
    expect(results.map((r) => r.kind).sort()).toEqual(['conflict', 'saved']);
    const detail = await getTemplate(database.handle.db, asHr(), id);
    expect(detail?.versions.map((v) => v.version)).toEqual([2, 1]);
    expect(await archiveTemplate(deps(), asHr(), id)).toMatchObject({ kind: 'archived' });
  });

  it('keeps templates inside their subsidiary: 404 to read, 403 to list or write', async () => {
    expect(await getTemplate(database.handle.db, asOtherHr(), kitId)).toBeUndefined();
    expect(await listTemplates(database.handle.db, asDev(), { companyCode: 'OTH' })).toMatchObject({
      kind: 'forbidden',
    });
    expect(
      await createTemplate(
        deps(),
        asHr(),
        createTemplateSchema.parse({ ...kitBody, code: 'OTH-KIT', companyCode: 'OTH' }),
      ),
    ).toMatchObject({ kind: 'forbidden' });
    expect(
      await updateTemplate(
        deps(),
        asOtherHr(),
        kitId,
        updateTemplateSchema.parse({ ...kitBody, expectedVersion: 2 }),
      ),
    ).toMatchObject({ kind: 'not-found' });
    // the group-wide template: visible to everyone, edited by a group Admin only
    const other = await listTemplates(database.handle.db, asOtherHr(), {});
    expect(other.kind === 'ok' && other.templates.map((t) => t.code)).toEqual(['ENG-STARTER']);
    const groupEdit = updateTemplateSchema.parse({
      code: 'ENG-STARTER',
      name: 'Engineer starter',
      department: 'ENG',
      items: [{ app: 'tracker' }, { app: 'chatter', optional: true }],
      expectedVersion: 1,
    });
    expect(await updateTemplate(deps(), asHr(), groupTemplateId, groupEdit)).toMatchObject({
      kind: 'forbidden',
    });
    expect(await updateTemplate(deps(), asGroupAdmin(), groupTemplateId, groupEdit)).toEqual({
      kind: 'saved',
      id: groupTemplateId,
      version: 2,
    });
  });

  it('suggests per title and department the apps used by at least minShare of the role, from usage', async () => {
    const suggested = await suggestTemplates(deps(), asHr(), { minShare: 0.5 });
    expect(suggested.kind).toBe('ok');
    if (suggested.kind !== 'ok') return;
    const engineers = suggested.suggestions.find((s) => s.basis === 'title' && s.roleTitle === 'Engineer');
    expect(engineers?.people).toBe(3);
    // tracker: one engineer in the window (bo's use is 90 days old)
    expect(engineers?.items.map((i) => [i.app, i.activePeople])).toEqual([
      ['chatter', 3],
      ['app-2', 2],
    ]);
    expect(engineers?.costPerPerson).toMatchObject({ currency: 'SEK', monthly: 324 });
    const eng = suggested.suggestions.find((s) => s.basis === 'department' && s.department === 'ENG');
    expect(eng).toMatchObject({ people: 4, existingTemplate: { id: groupTemplateId, editable: false } });
    expect(eng?.items.map((i) => [i.app, i.share])).toEqual([['tracker', 0.5]]);
    // two Software Engineers are too few to speak for a role
    expect(suggested.suggestions.some((s) => s.roleTitle === 'Software Engineer')).toBe(false);

    const strict = await suggestTemplates(deps(), asHr(), { minShare: 0.9 });
    const strictEngineers =
      strict.kind === 'ok' ? strict.suggestions.find((s) => s.roleTitle === 'Engineer') : undefined;
    expect(strictEngineers?.items.map((i) => i.app)).toEqual(['chatter']);

    expect(await suggestTemplates(deps(), asDev(), { minShare: 0.5 })).toMatchObject({ kind: 'forbidden' });
    expect(await suggestTemplates(deps(), asHr(), { minShare: 0.5, companyCode: 'OTH' })).toMatchObject({
      kind: 'forbidden',
    });
  });

  it('accepts a suggestion into a new template and as the next version of an existing one', async () => {
    const created = await acceptSuggestion(
      deps(),
      asHr(),
      acceptSuggestionSchema.parse({
        companyCode: 'TST',
        basis: 'title',
        roleTitle: 'Engineer',
        items: [{ app: 'chatter' }, { app: 'app-2' }],
        code: 'ENGINEER',
        name: 'Engineer',
      }),
    );
    expect(created).toMatchObject({ kind: 'saved', version: 1 });
    const id = created.kind === 'saved' ? created.id : 0;
    const next = await acceptSuggestion(
      deps(),
      asHr(),
      acceptSuggestionSchema.parse({
        companyCode: 'TST',
        basis: 'title',
        roleTitle: 'Engineer',
        items: [{ app: 'chatter' }],
        templateId: id,
        expectedVersion: 1,
      }),
    );
    expect(next).toEqual({ kind: 'saved', id, version: 2 });
    const detail = await getTemplate(database.handle.db, asHr(), id);
    expect(detail).toMatchObject({ code: 'ENGINEER', roleTitle: 'Engineer', currentVersion: 2 });
    expect(detail?.items.map((i) => i.app)).toEqual(['chatter']);
    const suggestedNow = await suggestTemplates(deps(), asHr(), { minShare: 0.5 });
    const engineers =
      suggestedNow.kind === 'ok'
        ? suggestedNow.suggestions.find((s) => s.roleTitle === 'Engineer')
        : undefined;
    expect(engineers?.existingTemplate).toMatchObject({ id, currentVersion: 2, editable: true });
  });

  it('requests a template as one purchase request recording the template id and version', async () => {
    const before = started.length;
    const result = await requestTemplate(
      requestDeps(),
      asDev(),
      kitId,
      requestTemplateSchema.parse({
        justification: 'Starting on the billing team next week.',
        neededBy: '2026-11-20',
        optionalItems: ['app-2'],
      }),
    );
    expect(result).toMatchObject({ kind: 'created', templateId: kitId, templateVersion: 2, skipped: [] });
    expect(started.length).toBe(before + 1);
    const id = result.kind === 'created' ? result.id : '';
    const row = await database.handle.db
      .selectFrom('purchase_requests')
      .select(['template_id', 'template_version', 'requester_id', 'status'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      template_id: kitId,
      template_version: 2,
      requester_id: fixture.people.dev.id,
      status: 'pending',
    });
    const items = await database.handle.db
      .selectFrom('purchase_request_items as i')
      .innerJoin('apps as a', 'a.id', 'i.app_id')
      .select(['a.slug', 'i.seats'])
      .where('i.request_id', '=', id)
      .orderBy('a.slug')
      .execute();
    // app-3 (optional, not picked) is left out
    expect(items).toEqual([
      { slug: 'app-2', seats: 1 },
      { slug: 'chatter', seats: 1 },
      { slug: 'tracker', seats: 1 },
    ]);
  });

  it('skips the apps the person already holds, and says so when nothing is left', async () => {
    // dina (dev2) holds a chatter seat; her manager requests the kit for her
    const forDina = await requestTemplate(
      requestDeps(),
      asManager(),
      kitId,
      requestTemplateSchema.parse({
        forEmployee: fixture.people.dev2.email,
        justification: 'Dina moves to the billing team.',
        neededBy: '2026-11-20',
      }),
    );
    expect(forDina).toMatchObject({ kind: 'created', skipped: [{ app: 'chatter' }] });
    const id = forDina.kind === 'created' ? forDina.id : '';
    const items = await database.handle.db
      .selectFrom('purchase_request_items as i')
      .innerJoin('apps as a', 'a.id', 'i.app_id')
      .select(['a.slug', 'i.for_employee_id'])
      .where('i.request_id', '=', id)
      .execute();
    expect(items).toEqual([{ slug: 'tracker', for_employee_id: fixture.people.dev2.id }]);

    const onlyChatter = await createTemplate(
      deps(),
      asHr(),
      createTemplateSchema.parse({
        code: 'CHAT',
        name: 'Chat',
        department: 'ENG',
        items: [{ app: 'chatter' }],
      }),
    );
    const chatId = onlyChatter.kind === 'saved' ? onlyChatter.id : 0;
    const nothing = await requestTemplate(
      requestDeps(),
      asDev2(),
      chatId,
      requestTemplateSchema.parse({ justification: 'I would like the chat app.', neededBy: '2026-11-20' }),
    );
    expect(nothing).toMatchObject({ kind: 'invalid', errors: [{ path: 'templateId' }] });
    expect(
      await database.handle.db
        .selectFrom('purchase_requests')
        .select('id')
        .where('template_id', '=', chatId)
        .execute(),
    ).toEqual([]);
  });

  it('lets HR and managers request for others, not employees, and not across subsidiaries', async () => {
    const body = requestTemplateSchema.parse({
      forEmployee: fixture.people.dev2.email,
      justification: 'For a colleague, please.',
      neededBy: '2026-11-20',
    });
    expect(await requestTemplate(requestDeps(), asDev(), kitId, body)).toMatchObject({ kind: 'forbidden' });
    const outsider = principal(fixture.people.outsider, [], {
      companyId: otherCompanyId,
      companyCode: 'OTH',
    });
    expect(
      await requestTemplate(requestDeps(), outsider, kitId, { ...body, forEmployee: undefined }),
    ).toMatchObject({ kind: 'not-found' });
    expect(
      await requestTemplate(requestDeps(), asDev(), kitId, {
        ...body,
        forEmployee: undefined,
        optionalItems: ['chatter'],
      }),
    ).toMatchObject({ kind: 'invalid', errors: [{ path: 'optionalItems.0' }] });
    const byHr = await requestTemplate(requestDeps(), asHr(), kitId, {
      ...body,
      forEmployee: person('bo.nyberg@tst.example.com').email,
    });
    expect(byHr).toMatchObject({ kind: 'created', templateVersion: 2 });
  });

  it('lets HR request a template for a new hire who has not started, every seat the hire own', async () => {
    const hire = await database.handle.db
      .insertInto('employees')
      .values({
        company_id: directory.companyId,
        email: 'nina.new@tst.example.com',
        display_name: 'Nina New',
        job_title: 'Software Engineer',
        manager_id: fixture.people.manager.id,
        status: 'starting',
      })
      .returning(['id', 'email'])
      .executeTakeFirstOrThrow();
    const body = requestTemplateSchema.parse({
      forEmployee: hire.email,
      justification: 'Nina starts on the billing team.',
      neededBy: '2026-11-20',
    });
    // a manager cannot request for someone who has not started; HR can
    expect(await requestTemplate(requestDeps(), asManager(), kitId, body)).toMatchObject({ kind: 'invalid' });
    const forHire = await requestTemplate(requestDeps(), asHr(), kitId, body);
    expect(forHire).toMatchObject({ kind: 'created', templateId: kitId, templateVersion: 2 });
    const id = forHire.kind === 'created' ? forHire.id : '';
    const items = await database.handle.db
      .selectFrom('purchase_request_items as i')
      .innerJoin('apps as a', 'a.id', 'i.app_id')
      .select(['a.slug', 'i.seats', 'i.for_employee_id'])
      .where('i.request_id', '=', id)
      .orderBy('a.slug')
      .execute();
    expect(items).toEqual([
      { slug: 'chatter', seats: 1, for_employee_id: hire.id },
      { slug: 'tracker', seats: 1, for_employee_id: hire.id },
    ]);
  });

  it('archives a template: no longer listed or requestable, its versions still readable', async () => {
    expect(await archiveTemplate(deps(), asDev(), kitId)).toMatchObject({ kind: 'forbidden' });
    expect(await archiveTemplate(deps(), asHr(), kitId)).toMatchObject({ kind: 'archived' });
    const list = await listTemplates(database.handle.db, asHr(), {});
    expect(list.kind === 'ok' && list.templates.some((t) => t.id === kitId)).toBe(false);
    expect(await getTemplateVersion(database.handle.db, asDev(), kitId, 2)).toMatchObject({ version: 2 });
    const again = await requestTemplate(
      requestDeps(),
      asDev(),
      kitId,
      requestTemplateSchema.parse({ justification: 'Once more, please.', neededBy: '2026-11-20' }),
    );
    expect(again).toMatchObject({ kind: 'not-found' });
  });
});
