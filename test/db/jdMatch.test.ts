// F3, job description → licences, against the demo seed (PGlite, or PostgreSQL with DATABASE_URL)
// with a small company of our own on top (JDT, in pounds): four Data Analysts of whom three use
// Tableau and one only holds licences, contracts that give each coverage kind, and a data analyst's
// job description. The feature index embeds the catalog itself where the server has no pgvector
// (app_feature_embeddings absent), so both lanes run every test.
import type { Insertable, Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../scripts/seed/seedDemoData';
import { createFeatureIndex } from '../../shared/ai/jdMatch/featureIndex';
import type { JdMatchInput, JdMatchResult } from '../../shared/ai/jdMatch/jdMatchContract';
import { createMatchJobDescription } from '../../shared/ai/jdMatch/matchJobDescription';
import { createLocalAiProvider } from '../../shared/ai/local/localAiProvider';
import { extractJobProfileTask } from '../../shared/ai/tasks/extractJobProfile';
import type { UserPrincipal } from '../../shared/identity/principal';
import type { Role } from '../../shared/identity/roles';
import { migrateToLatest } from '../../shared/platform/db/migrate';
import type { Database } from '../../shared/platform/db/schema';
import { lane, openTestDatabase, type TestDatabase } from '../support/testDatabase';

const NOW = new Date('2026-11-30T12:00:00Z');
const DAY = 86_400_000;
const isoDay = (daysAgo: number) => new Date(NOW.getTime() - daysAgo * DAY).toISOString().slice(0, 10);

const JOB_DESCRIPTION = `We are looking for a Data Analyst to join our Data & Analytics team.

What you'll do
- Build and maintain dashboards in our BI tool for the sales and finance teams
- Write SQL queries against the data warehouse to answer business questions
- Present data visualizations and insights to managers
- Work with data engineers on data models and data pipelines

What you bring
- Strong SQL and spreadsheet skills
- Experience with Tableau, Power BI or Looker
- Some Python for data analysis is a plus`;

const BI_TOOLS = ['tableau', 'power-bi-pro', 'looker'];

interface Fixture {
  companyId: number;
  groupId: number;
  siblingCode: string;
  appIds: Map<string, number>;
  /** the free seats of JDT's own contract for each BI tool */
  ownFreeSeats: number;
  gbpPerEur: number;
}

let database: TestDatabase;
let db: Kysely<Database>;
let fixture: Fixture;
let match: ReturnType<typeof createMatchJobDescription>;
let result: JdMatchResult;

function principal(roles: Role[], companyId: number, companyCode: string): UserPrincipal {
  return {
    kind: 'user',
    employeeId: 0,
    companyId,
    companyCode,
    groupId: fixture.groupId,
    groupCode: 'NORDA',
    email: 'hanna.hr@jdt.example.com',
    displayName: 'Hanna HR',
    roles: new Set(roles),
    groupWide: false,
  };
}

const hr = () => principal(['Employee', 'HR'], fixture.companyId, 'JDT');
const analystInput = (overrides: Partial<JdMatchInput> = {}): JdMatchInput => ({
  jobTitle: 'Data Analyst',
  jobDescription: JOB_DESCRIPTION,
  department: 'DATA',
  limit: 8,
  ...overrides,
});

async function run(input: JdMatchInput = analystInput()): Promise<JdMatchResult> {
  const outcome = await match(hr(), input);
  if (outcome.kind !== 'matched') throw new Error(JSON.stringify(outcome));
  return outcome.result;
}

async function insertJdFixture(): Promise<Fixture> {
  const sibling = await db
    .selectFrom('companies')
    .select(['id', 'code', 'group_id'])
    .orderBy('id')
    .executeTakeFirstOrThrow();
  const company = await db
    .insertInto('companies')
    .values({ group_id: sibling.group_id, code: 'JDT', name: 'JD Test Ltd', country: 'GB', currency: 'GBP' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const [data, sales] = await db
    .insertInto('departments')
    .values([
      { company_id: company.id, code: 'DATA', name: 'Data & Analytics' },
      { company_id: company.id, code: 'SAL', name: 'Sales' },
    ])
    .returning('id')
    .execute();
  const people = await db
    .insertInto('employees')
    .values([
      ...[1, 2, 3, 4].map((n) => ({
        company_id: company.id,
        department_id: data!.id,
        email: `analyst${n}@jdt.example.com`,
        display_name: `Analyst ${n}`,
        job_title: n === 1 ? 'Senior Data Analyst' : 'Data Analyst',
      })),
      ...Array.from({ length: 20 }, (_, i) => i + 1).map((n) => ({
        company_id: company.id,
        department_id: sales!.id,
        email: `seller${n}@jdt.example.com`,
        display_name: `Seller ${n}`,
        job_title: 'Account Executive',
      })),
    ])
    .returning(['id', 'email'])
    .execute();
  const id = (email: string) => people.find((p) => p.email === email)!.id;
  const apps = await db.selectFrom('apps').select(['id', 'slug']).execute();
  const appIds = new Map(apps.map((a) => [a.slug, a.id]));
  const app = (slug: string) => appIds.get(slug)!;
  const plans = await db.selectFrom('pricing_plans').select(['id', 'app_id']).orderBy('id').execute();
  const planOf = (slug: string) => plans.find((p) => p.app_id === app(slug))!.id;
  const contract = {
    start_date: isoDay(200),
    end_date: isoDay(-165),
    renewal_date: isoDay(-165),
  };

  // JDT's own BI contracts: 5 seats at £50, one held by analyst4, who never opens them
  const own = await db
    .insertInto('contracts')
    .values(
      BI_TOOLS.map((slug) => ({
        company_id: company.id,
        app_id: app(slug),
        plan_id: planOf(slug),
        seats: 5,
        unit_price: 50,
        currency: 'GBP',
        ...contract,
      })),
    )
    .returning('id')
    .execute();
  await db
    .insertInto('license_assignments')
    .values(
      own.map((k) => ({
        contract_id: k.id,
        employee_id: id('analyst4@jdt.example.com'),
        assigned_at: new Date(NOW.getTime() - 100 * DAY),
      })),
    )
    .execute();

  // Snowflake: only the sibling's new contract may be shared; Databricks: no contract may be shared
  await db
    .updateTable('contracts')
    .set({ affiliate_sharing_allowed: false })
    .where('app_id', 'in', [app('snowflake'), app('databricks')])
    .execute();
  await db
    .insertInto('contracts')
    .values({
      company_id: sibling.id,
      app_id: app('snowflake'),
      plan_id: planOf('snowflake'),
      seats: 10,
      unit_price: 40,
      currency: 'EUR',
      affiliate_sharing_allowed: true,
      ...contract,
    })
    .execute();

  // usage: analysts 1–3 on Tableau in the last days; analyst4 on Tableau only 80 days ago (outside the
  // 60-day window) and on Slack like everybody
  const usage: Insertable<Database['usage_daily']>[] = [];
  const used = (email: string, slug: string, daysAgo: number) => {
    const at = new Date(NOW.getTime() - daysAgo * DAY);
    usage.push({
      employee_id: id(email),
      app_id: app(slug),
      company_id: company.id,
      day: isoDay(daysAgo),
      events: 5,
      quantity: 5,
      first_at: at,
      last_at: at,
    });
  };
  for (const n of [1, 2, 3]) for (const d of [1, 2, 5]) used(`analyst${n}@jdt.example.com`, 'tableau', d);
  used('analyst4@jdt.example.com', 'tableau', 80);
  for (const p of people) used(p.email, 'slack', 1);
  await db.insertInto('usage_daily').values(usage).execute();

  const gbp = await db
    .selectFrom('exchange_rates')
    .select('per_eur')
    .where('currency', '=', 'GBP')
    .executeTakeFirstOrThrow();
  return {
    companyId: company.id,
    groupId: sibling.group_id,
    siblingCode: sibling.code,
    appIds,
    ownFreeSeats: 4,
    gbpPerEur: Number(gbp.per_eur),
  };
}

beforeAll(async () => {
  database = await openTestDatabase();
  db = database.handle.db;
  await migrateToLatest(db, NOW);
  await seedDemoData(db, { size: 0.05, now: NOW, usageDays: 2 });
  fixture = await insertJdFixture();
  match = createMatchJobDescription({
    db,
    provider: createLocalAiProvider(),
    extractJobProfile: extractJobProfileTask,
    features: createFeatureIndex(),
    now: () => NOW,
  });
  result = await run();
}, 240_000);

afterAll(async () => {
  await database?.drop();
});

const appOf = (slug: string) => result.apps.find((a) => a.app.slug === slug);

describe(`F3 JD match on ${lane()}`, () => {
  it("ranks analytics tools at the top of a data analyst's bundle, each with its reasons", () => {
    const top5 = result.apps.slice(0, 5);
    expect(top5).toHaveLength(5);
    expect(BI_TOOLS).toContain(top5[0]!.app.slug);
    const dataTools = top5.filter((a) => ['Analytics', 'Data Platform'].includes(a.app.category));
    expect(dataTools.length).toBeGreaterThanOrEqual(3);
    expect(top5.map((a) => a.app.slug)).toEqual(expect.arrayContaining(['snowflake']));
    for (const a of result.apps) {
      expect(a.reasons.length).toBeGreaterThan(0);
      expect(a.reasons.every((r) => r.text.length > 0)).toBe(true);
      expect(a.confidence).toBeGreaterThan(0);
      expect(a.confidence).toBeLessThanOrEqual(1);
    }
    expect(top5[0]!.reasons.some((r) => r.kind === 'skill')).toBe(true);
    expect(result.apps.map((a) => a.rank)).toEqual(result.apps.map((_, i) => i + 1));
  });

  it('quotes the description word for word for every skill and task it extracted', () => {
    const { skills, tasks } = result.extracted;
    expect(skills.map((s) => s.label)).toEqual(expect.arrayContaining(['SQL']));
    expect(tasks.length).toBeGreaterThan(0);
    for (const item of [...skills, ...tasks]) {
      expect(item.end).toBeGreaterThan(item.start);
      expect(JOB_DESCRIPTION.slice(item.start, item.end)).toBe(item.quote);
    }
  });

  it('counts as peers the analysts who used an app in the last 60 days, not those holding a seat', async () => {
    // tableau's peer usage: analysts 1–3 (analyst 1 is a "Senior Data Analyst"); analyst4's licences
    // and their Tableau use 80 days ago do not count
    const wide = await run(analystInput({ limit: 20 }));
    const peerReasons = wide.apps.flatMap((a) =>
      a.reasons.filter((r) => r.kind === 'peers').map((r) => ({ slug: a.app.slug, ...r })),
    );
    for (const r of peerReasons) {
      expect(r).toMatchObject({ basis: 'title', peers: 4 });
      if (r.slug === 'tableau') {
        expect(r).toMatchObject({ activePeers: 3, text: '3 of 4 Data Analysts used it in the last 60 days' });
      } else {
        expect(r.slug).toBe('slack');
      }
    }
    for (const slug of ['power-bi-pro', 'looker']) {
      const held = wide.apps.find((a) => a.app.slug === slug);
      expect(held?.reasons.some((r) => r.kind === 'peers') ?? false).toBe(false);
    }
    // the BI tools the description names alike: what the analysts use puts Tableau first
    const bi = wide.apps.find((a) => BI_TOOLS.includes(a.app.slug))!;
    expect(bi.app.slug).toBe('tableau');
    expect(bi.score.peers).toBeGreaterThan(0);
  });

  it("prices every app in the company's currency and says where the seat comes from", () => {
    expect(result.currency).toBe('GBP');
    expect(result.companyCode).toBe('JDT');
    for (const a of result.apps) expect(a.currency).toBe('GBP');

    const bi = result.apps.find((a) => BI_TOOLS.includes(a.app.slug))!;
    expect(bi.coverage).toEqual({ kind: 'free-seat', companyCode: 'JDT', freeSeats: fixture.ownFreeSeats });
    expect(bi.monthlyCost).toBe(50); // the contract's own price, in pounds
    expect(bi.companyStandard).toBe(true);
    expect(bi.reasons.find((r) => r.kind === 'standard')?.text).toBe("JDT's standard: 1 seat in use");

    expect(appOf('snowflake')?.coverage).toEqual({
      kind: 'affiliate-seat',
      companyCode: fixture.siblingCode,
      freeSeats: 10,
    });
    const databricks = appOf('databricks');
    expect(databricks?.coverage).toEqual({ kind: 'purchase' });
    expect(databricks?.companyStandard).toBe(false);
  });

  it('converts catalog list prices from euros to pounds for a purchase', async () => {
    const databricks = appOf('databricks')!;
    const plan = await db
      .selectFrom('pricing_plans')
      .select(['unit_price', 'currency', 'pricing_model'])
      .where('id', '=', databricks.plan.id)
      .executeTakeFirstOrThrow();
    expect(plan.currency.trim()).toBe('EUR');
    if (plan.pricing_model === 'pay_per_use') {
      expect(databricks.monthlyCost).toBe(0);
    } else {
      expect(databricks.monthlyCost).toBeCloseTo(Number(plan.unit_price) * fixture.gbpPerEur, 2);
    }
  });

  it('proposes one BI tool of the three on a fresh catalog, and says which it left out and why', async () => {
    expect(await db.selectFrom('app_overlaps').select('app_id_a').execute()).toEqual([]);
    const all = await run(analystInput({ limit: 20 }));
    for (const r of [result, all]) {
      expect(r.apps.filter((a) => BI_TOOLS.includes(a.app.slug)).map((a) => a.app.slug)).toEqual(['tableau']);
      expect(r.excluded.filter((e) => BI_TOOLS.includes(e.slug))).toEqual([
        expect.objectContaining({ slug: 'power-bi-pro', name: 'Power BI Pro', overlapsWith: 'tableau' }),
        expect.objectContaining({ slug: 'looker', overlapsWith: 'tableau' }),
      ]);
      for (const e of r.excluded) {
        expect(e.reason).toMatch(/^same job as .+, already proposed: both \S.*, with features \d+ % alike$/);
      }
    }
    // complementary tools of one category stay together: a warehouse, a lakehouse, an ELT tool
    expect(all.apps.map((a) => a.app.slug)).toEqual(
      expect.arrayContaining(['snowflake', 'databricks', 'fivetran']),
    );
  });

  it("follows the similarity job's verdict for a pair it has judged", async () => {
    const id = (slug: string) => fixture.appIds.get(slug)!;
    const pair = (a: string, b: string, verdict: 'same-job' | 'different') => {
      const [x, y] = [id(a), id(b)].sort((p, q) => p - q);
      return {
        app_id_a: x!,
        app_id_b: y!,
        similarity: 0.5,
        shared_features: JSON.stringify([]),
        verdict,
        rationale: 'test',
        provider: 'local',
        model: 'local-rules-v1',
        deterministic: true,
        pair_hash: `test-${a}-${b}`,
        job_id: 'job-test',
      };
    };
    await db
      .insertInto('app_overlaps')
      .values([pair('tableau', 'looker', 'different'), pair('snowflake', 'databricks', 'same-job')])
      .execute();
    try {
      const judged = await run(analystInput({ limit: 20 }));
      const slugs = judged.apps.map((a) => a.app.slug);
      expect(slugs).toEqual(expect.arrayContaining(['tableau', 'looker', 'snowflake']));
      expect(slugs).not.toContain('databricks');
      const databricks = judged.excluded.find((e) => e.slug === 'databricks');
      expect(databricks).toMatchObject({
        overlapsWith: 'snowflake',
        reason: 'same job as Snowflake, already proposed',
      });
    } finally {
      await db.deleteFrom('app_overlaps').where('job_id', '=', 'job-test').execute();
    }
  });

  it('names the provider and model that answered', () => {
    expect(result.answeredBy).toMatchObject({ provider: 'local', deterministic: true });
    expect(result.answeredBy.model).toMatch(/\S/);
  });

  it('refuses a plain employee, HR asking for another subsidiary and group HR asking outside the group', async () => {
    expect((await match(principal(['Employee'], fixture.companyId, 'JDT'), analystInput())).kind).toBe(
      'forbidden',
    );
    expect((await match(hr(), analystInput({ companyCode: fixture.siblingCode }))).kind).toBe('forbidden');
    // a group-wide HR person reaches the group's companies, not another group's
    const groupHr = { ...hr(), groupWide: true };
    expect(
      (await match(groupHr, analystInput({ companyCode: fixture.siblingCode, department: undefined }))).kind,
    ).toBe('matched');
    const otherGroup = await db
      .insertInto('company_groups')
      .values({ code: 'OTHERG', name: 'Other Group', reporting_currency: 'EUR' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('companies')
      .values({ group_id: otherGroup.id, code: 'OTHX', name: 'Other Ltd', country: 'SE', currency: 'SEK' })
      .execute();
    expect((await match(groupHr, analystInput({ companyCode: 'OTHX', department: undefined }))).kind).toBe(
      'forbidden',
    );
    const unknownDepartment = await match(hr(), analystInput({ department: 'NOPE' }));
    expect(unknownDepartment).toMatchObject({ kind: 'invalid', errors: [{ path: 'department' }] });
  });
});
