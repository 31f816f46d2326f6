// The portal's queries against the demo organisation (small seed), on both database lanes: the catalog
// found by a feature word and priced in the asking company's currency with free seats at home and at
// siblings that allow affiliates; my licences with the last use from the rollups; the people I may
// request for; a quote that is what a submission then records, and stores nothing; and the ingest
// health cut to a company Admin's company.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planApproval } from '../../shared/approvals/planApproval';
import { getCatalogApp, searchCatalog, catalogQuerySchema } from '../../shared/catalog/searchCatalog';
import { listMyLicenses } from '../../shared/catalog/myLicenses';
import { canActOnEmployee } from '../../shared/identity/employeeScope';
import type { UserPrincipal } from '../../shared/identity/principal';
import { listRequestablePeople } from '../../shared/identity/requestablePeople';
import type { Role } from '../../shared/identity/roles';
import { migrateToLatest } from '../../shared/platform/db/migrate';
import type { Database } from '../../shared/platform/db/schema';
import { createPurchaseRequest } from '../../shared/purchasing/createPurchaseRequest';
import { getPurchaseRequest } from '../../shared/purchasing/purchaseRequestDetail';
import {
  purchaseDraftInputSchema,
  purchaseRequestInputSchema,
} from '../../shared/purchasing/purchaseRequestInput';
import { quotePurchaseRequest } from '../../shared/purchasing/quotePurchaseRequest';
import { listIngestFailures } from '../../shared/usage/listIngestFailures';
import { listQuarantine } from '../../shared/usage/listQuarantine';
import { getUsageStats } from '../../shared/usage/usageStats';
import { seedDemoData } from '../../scripts/seed/seedDemoData';
import { lane, openTestDatabase, type TestDatabase } from '../support/testDatabase';

const NOW = new Date('2026-11-15T12:00:00Z');
let database: TestDatabase;
let db: Kysely<Database>;

/** The principal an employee signs in as: company, roles and reach from the directory. */
async function principalOf(employeeId: number): Promise<UserPrincipal> {
  const e = await db
    .selectFrom('employees as e')
    .innerJoin('companies as c', 'c.id', 'e.company_id')
    .innerJoin('company_groups as g', 'g.id', 'c.group_id')
    .select([
      'e.id',
      'e.email',
      'e.display_name',
      'e.company_id',
      'c.code',
      'g.id as group_id',
      'g.code as group_code',
    ])
    .where('e.id', '=', employeeId)
    .executeTakeFirstOrThrow();
  const grants = await db
    .selectFrom('employee_roles')
    .selectAll()
    .where('employee_id', '=', employeeId)
    .execute();
  return {
    kind: 'user',
    employeeId: e.id,
    companyId: e.company_id,
    companyCode: e.code,
    groupId: e.group_id,
    groupCode: e.group_code,
    email: e.email,
    displayName: e.display_name,
    roles: new Set<Role>(['Employee', ...grants.map((g) => g.role)]),
    groupWide: grants.some((g) => g.scope === 'group'),
  };
}

/** An active employee of a company holding no role but Employee (nobody to request for but themselves). */
async function plainEmployeeOf(companyId: number): Promise<number> {
  const row = await db
    .selectFrom('employees as e')
    .select('e.id')
    .where('e.company_id', '=', companyId)
    .where('e.status', '=', 'active')
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('employee_roles as r')
            .select('r.employee_id')
            .whereRef('r.employee_id', '=', 'e.id')
            .where('r.role', '<>', 'Employee'),
        ),
      ),
    )
    .where((eb) =>
      eb.not(eb.exists(eb.selectFrom('employees as m').select('m.id').whereRef('m.manager_id', '=', 'e.id'))),
    )
    .orderBy('e.id')
    .executeTakeFirstOrThrow();
  return row.id;
}

let home: { id: number; code: string; name: string; currency: string };
let sibling: { id: number; code: string; name: string; currency: string };
let miro: { id: number };
let rates: Map<string, number>;

describe(`portal queries on ${lane()}`, () => {
  beforeAll(async () => {
    database = await openTestDatabase();
    db = database.handle.db;
    await migrateToLatest(db, NOW);
    await seedDemoData(db, { size: 0.05, now: NOW, usageDays: 3 });
    const companies = await db
      .selectFrom('companies')
      .select(['id', 'code', 'name', 'currency'])
      .orderBy('id')
      .execute();
    home = companies.find((c) => c.currency.trim() !== 'EUR')!;
    sibling = companies.find((c) => c.currency.trim() !== home.currency.trim() && c.id !== home.id)!;
    home = { ...home, currency: home.currency.trim() };
    sibling = { ...sibling, currency: sibling.currency.trim() };
    miro = await db.selectFrom('apps').select('id').where('slug', '=', 'miro').executeTakeFirstOrThrow();
    rates = new Map(
      (await db.selectFrom('exchange_rates').selectAll().execute()).map((r) => [
        r.currency.trim(),
        Number(r.per_eur),
      ]),
    );
    // The situation the portal shows: Miro at the sibling with 3 free seats shared with affiliates,
    // and none at home (a contract of home's is ended, so the price comes from the catalog).
    await db.updateTable('contracts').set({ status: 'expired' }).where('app_id', '=', miro.id).execute();
    const business = await db
      .selectFrom('pricing_plans')
      .select(['id'])
      .where('app_id', '=', miro.id)
      .where('code', '=', 'business')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('contracts')
      .values({
        company_id: sibling.id,
        app_id: miro.id,
        plan_id: business.id,
        seats: 3,
        unit_price: 99,
        currency: sibling.currency,
        start_date: '2026-01-01',
        end_date: '2027-12-31',
        renewal_date: '2027-12-31',
        affiliate_sharing_allowed: true,
      })
      .execute();
  });
  afterAll(async () => {
    await database?.drop();
  });

  describe('the catalog', () => {
    it('finds apps by a feature word, priced in the company currency, with affiliate free seats', async () => {
      const me = await principalOf(await plainEmployeeOf(home.id));
      const page = await searchCatalog(db, me, catalogQuerySchema.parse({ q: 'WHITEBOARD', limit: '50' }));
      expect(page.currency).toBe(home.currency);
      const slugs = page.items.map((a) => a.slug);
      expect(slugs).toEqual(expect.arrayContaining(['miro', 'mural']));
      expect(page.total).toBe(page.items.length);
      const found = page.items.find((a) => a.slug === 'miro')!;
      const factor = rates.get(home.currency)! / rates.get('EUR')!;
      expect(found.plans).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            code: 'business',
            model: 'per_seat',
            currency: home.currency,
            priceSource: 'catalog',
          }),
        ]),
      );
      expect(found.plans.find((p) => p.code === 'business')?.monthlyPrice).toBeCloseTo(16 * factor, 3);
      expect(found.plans.find((p) => p.code === 'enterprise')?.model).toBe('tiered');
      expect(found.freeSeats).toEqual({
        own: 0,
        affiliates: [{ companyCode: sibling.code, companyName: sibling.name, seats: 3 }],
      });
      // Owned alternatives: the company's active contracts in Miro's category, never Miro itself.
      const owned = await db
        .selectFrom('contracts as k')
        .innerJoin('apps as a', 'a.id', 'k.app_id')
        .select('a.slug')
        .distinct()
        .where('k.company_id', '=', home.id)
        .where('k.status', '=', 'active')
        .where('a.category', '=', 'Collaboration')
        .execute();
      expect(found.ownedAlternatives.map((o) => o.slug).sort()).toEqual(owned.map((o) => o.slug).sort());
    });

    it('shows the sibling its own currency, contract price and seats', async () => {
      const them = await principalOf(await plainEmployeeOf(sibling.id));
      const app = await getCatalogApp(db, them, 'miro');
      expect(app?.freeSeats).toEqual({ own: 3, affiliates: [] });
      expect(app?.plans.find((p) => p.code === 'business')).toMatchObject({
        currency: sibling.currency,
        monthlyPrice: 99,
        priceSource: 'contract',
      });
      expect(app?.features).toEqual(expect.arrayContaining([expect.stringMatching(/whiteboard/i)]));
      expect(await getCatalogApp(db, them, 'no-such-app')).toBeUndefined();
    });

    it('pages, and treats % and _ as letters', async () => {
      const me = await principalOf(await plainEmployeeOf(home.id));
      const all = await searchCatalog(db, me, catalogQuerySchema.parse({ limit: '100' }));
      const second = await searchCatalog(db, me, catalogQuerySchema.parse({ limit: '5', offset: '5' }));
      expect(second.total).toBe(all.total);
      expect(second.items.map((a) => a.slug)).toEqual(all.items.slice(5, 10).map((a) => a.slug));
      expect((await searchCatalog(db, me, catalogQuerySchema.parse({ q: '%' }))).total).toBe(0);
      expect(catalogQuerySchema.safeParse({ limit: '1000' }).success).toBe(false);
    });
  });

  it('lists my licences with the last use from the usage rollups', async () => {
    const used = await db
      .selectFrom('usage_daily as u')
      .innerJoin('contracts as k', 'k.app_id', 'u.app_id')
      .innerJoin('license_assignments as l', (j) =>
        j.onRef('l.contract_id', '=', 'k.id').onRef('l.employee_id', '=', 'u.employee_id'),
      )
      .select(['u.employee_id', 'u.app_id'])
      .where('l.status', '=', 'active')
      .orderBy('u.employee_id')
      .executeTakeFirstOrThrow();
    const me = await principalOf(used.employee_id);
    const { items } = await listMyLicenses(db, me);
    const held = await db
      .selectFrom('license_assignments')
      .select('id')
      .where('employee_id', '=', me.employeeId)
      .execute();
    expect(items.map((i) => i.assignmentId).sort()).toEqual(held.map((h) => h.id).sort());
    const last = await db
      .selectFrom('usage_daily')
      .select((eb) => eb.fn.max('last_at').as('last'))
      .where('employee_id', '=', me.employeeId)
      .where('app_id', '=', used.app_id)
      .executeTakeFirstOrThrow();
    const slug = (
      await db.selectFrom('apps').select('slug').where('id', '=', used.app_id).executeTakeFirstOrThrow()
    ).slug;
    const line = items.find((i) => i.app.slug === slug && i.status === 'active');
    expect(line?.lastUsed).toBe(new Date(last.last).toISOString());
    expect(line?.since).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  describe('people I may request for', () => {
    it('is only myself for an employee, my reports for a manager, the company for HR', async () => {
      const plain = await principalOf(await plainEmployeeOf(home.id));
      expect((await listRequestablePeople(db, plain, { limit: 100 })).items.map((p) => p.id)).toEqual([
        plain.employeeId,
      ]);

      const managerId = (
        await db
          .selectFrom('employees as e')
          .innerJoin('employees as r', 'r.manager_id', 'e.id')
          .select('e.id')
          .where('e.company_id', '=', home.id)
          .where('r.status', '=', 'active')
          .orderBy('e.id')
          .executeTakeFirstOrThrow()
      ).id;
      const manager = await principalOf(managerId);
      const listed = (await listRequestablePeople(db, manager, { limit: 100 })).items;
      expect(listed[0]?.id).toBe(manager.employeeId);
      expect(listed.length).toBeGreaterThan(1);
      for (const person of listed) expect(await canActOnEmployee(db, manager, person.id)).toBe(true);

      const hrGrant = await db
        .selectFrom('employee_roles as r')
        .innerJoin('employees as e', 'e.id', 'r.employee_id')
        .select('e.id')
        .where('r.role', '=', 'HR')
        .where('r.scope', '=', 'company')
        .where('e.company_id', '=', home.id)
        .executeTakeFirst();
      expect(hrGrant, 'the seed gives the company an HR person').toBeDefined();
      {
        const hr = await principalOf(hrGrant!.id);
        const active = await db
          .selectFrom('employees')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('company_id', '=', home.id)
          .where('status', '=', 'active')
          .executeTakeFirstOrThrow();
        const everyone = await listRequestablePeople(db, hr, { limit: 100 });
        expect(everyone.items.length).toBe(Math.min(100, Number(active.n)));
      }
      const named = listed[1]!;
      const search = await listRequestablePeople(db, manager, { q: named.email.toUpperCase(), limit: 5 });
      expect(search.items.map((p) => p.id)).toEqual([named.id]);
    });
  });

  it('quotes what a submission then records, and stores nothing for the quote', async () => {
    const me = await principalOf(await plainEmployeeOf(home.id));
    const body = { items: [{ app: 'miro', plan: 'enterprise', seats: 4 }, { app: 'mural' }] };
    const count = async () => ({
      requests: Number(
        (
          await db
            .selectFrom('purchase_requests')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
      quota: Number(
        (
          await db
            .selectFrom('purchase_request_quota')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    });
    const before = await count();
    const quoted = await quotePurchaseRequest(db, me, purchaseDraftInputSchema.parse(body), NOW);
    expect(await count()).toEqual(before);
    if (quoted.kind !== 'quoted') throw new Error(JSON.stringify(quoted));
    expect(quoted.quote.currency).toBe(home.currency);
    expect(quoted.quote.items.map((i) => [i.appSlug, i.planName, i.seats])).toEqual([
      ['miro', 'Enterprise', 4],
      ['mural', 'Business', 1],
    ]);

    const created = await createPurchaseRequest(
      {
        db,
        now: () => NOW,
        newId: randomUUID,
        requestsPerDay: 20,
        startApproval: () => Promise.resolve(),
        planApproval,
      },
      me,
      purchaseRequestInputSchema.parse({
        ...body,
        justification: 'Workshops with customers.',
        neededBy: '2026-12-01',
      }),
    );
    if (created.kind !== 'created') throw new Error(JSON.stringify(created));
    const detail = await getPurchaseRequest(db, me, created.id);
    expect({ currency: detail?.currency, monthly: detail?.monthlyCost, annual: detail?.annualCost }).toEqual({
      currency: quoted.quote.currency,
      monthly: quoted.quote.monthly,
      annual: quoted.quote.annual,
    });
    expect(detail?.items.map((i) => [i.line, i.unitPrice, i.monthlyCost, i.priceSource])).toEqual(
      quoted.quote.items.map((i) => [i.line, i.unitPrice, i.monthly, i.priceSource]),
    );

    // The same refusals as a submission: a person outside my scope, an unknown plan.
    const stranger = await db
      .selectFrom('employees')
      .select('email')
      .where('company_id', '=', sibling.id)
      .executeTakeFirstOrThrow();
    const refused = await quotePurchaseRequest(
      db,
      me,
      purchaseDraftInputSchema.parse({
        items: [
          { app: 'miro', plan: 'gold' },
          { app: 'mural', forEmployee: stranger.email },
        ],
      }),
      NOW,
    );
    expect(refused).toMatchObject({
      kind: 'invalid',
      errors: [expect.objectContaining({ path: 'items.1.forEmployee' })],
    });
    const unknownPlan = await quotePurchaseRequest(
      db,
      me,
      purchaseDraftInputSchema.parse({ items: [{ app: 'miro', plan: 'gold' }] }),
      NOW,
    );
    expect(unknownPlan).toMatchObject({
      kind: 'invalid',
      errors: [expect.objectContaining({ path: 'items.0.plan' })],
    });
    expect(
      purchaseDraftInputSchema.safeParse({ items: [{ app: 'miro' }], neededBy: 'soon' }).error?.issues[0]
        ?.path,
    ).toEqual(['neededBy']);
  });

  it('cuts the ingest health to a company for a company Admin', async () => {
    const [homePerson, siblingPerson] = await Promise.all([
      db
        .selectFrom('employees')
        .select(['id', 'email'])
        .where('company_id', '=', home.id)
        .executeTakeFirstOrThrow(),
      db
        .selectFrom('employees')
        .select(['id', 'email'])
        .where('company_id', '=', sibling.id)
        .executeTakeFirstOrThrow(),
    ]);
    const event = (id: string, who: Record<string, unknown>) => ({
      event_id: id,
      occurred_at: NOW,
      reason: 'no such app',
      event: JSON.stringify({ eventId: id, app: 'nope', eventType: 'login', ...who }),
      batch_id: 'b1',
    });
    // The demo seed quarantines unknown-app sightings of its own; this test counts only its four.
    await db.deleteFrom('usage_quarantine').execute();
    await db
      .insertInto('usage_quarantine')
      .values([
        event('q-home', { employeeId: homePerson.id }),
        event('q-home-mail', { userEmail: homePerson.email.toUpperCase() }),
        event('q-sibling', { userEmail: siblingPerson.email }),
        event('q-nobody', { userEmail: 'nobody@example.com' }),
      ])
      .execute();
    await db
      .insertInto('ingest_failures')
      .values({
        message_id: 'm1',
        queue_name: 'usage-events',
        reason: 'not JSON',
        dequeue_count: 5,
        message: 'x',
      })
      .execute();
    const scope = { companyId: home.id };
    const quarantine = await listQuarantine(db, { limit: 100 }, scope);
    expect(quarantine.items.map((i) => i.eventId).sort()).toEqual(['q-home', 'q-home-mail']);
    expect((await listQuarantine(db, { limit: 100 })).items).toHaveLength(4);
    expect((await listIngestFailures(db, { limit: 10 }, scope)).items).toEqual([]);
    expect((await listIngestFailures(db, { limit: 10 })).items).toHaveLength(1);

    const stats = await getUsageStats(db, { from: '2026-11-01', to: '2026-11-15' }, NOW, scope);
    expect(stats.byCompany.map((c) => c.company)).toEqual([home.code]);
    expect(stats.ingest).toMatchObject({ quarantined: 2, failedMessages: 0 });
    const group = await getUsageStats(db, { from: '2026-11-01', to: '2026-11-15' }, NOW);
    expect(group.byCompany.length).toBeGreaterThan(1);
    expect(group.ingest).toMatchObject({ quarantined: 4, failedMessages: 1 });
    // Asking for another company in a company view finds nothing of it.
    const other = await getUsageStats(
      db,
      { from: '2026-11-01', to: '2026-11-15', company: sibling.code },
      NOW,
      scope,
    );
    expect(other.totals.events).toBe(0);
  });
});
