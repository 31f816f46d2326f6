// The demo seed, checked the way someone exploring the demo would notice problems: missing
// executives, duplicate e-mails, contracts with more users than seats, usage that is flat or lands
// in the wrong partition, and data that changes from one seed to the next.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../shared/platform/db/database';
import { migrateToLatest } from '../../shared/platform/db/migrate';
import type { Database } from '../../shared/platform/db/schema';
import { parseArgs } from '../../scripts/seed/cli';
import { seedDemoData, type SeedSummary } from '../../scripts/seed/seedDemoData';

const NOW = new Date('2026-11-15T12:00:00Z');
const OPTIONS = { size: 0.05, now: NOW };

async function seededDatabase(): Promise<{ handle: DatabaseHandle; summary: SeedSummary }> {
  const handle = await openDatabase({ pgliteDataDir: 'memory://', poolMax: 1 });
  await migrateToLatest(handle.db, NOW);
  const summary = await seedDemoData(handle.db, OPTIONS);
  return { handle, summary };
}

async function rows<T>(db: Kysely<Database>, query: RawBuilder<T>): Promise<T[]> {
  return (await query.execute(db)).rows;
}

async function fingerprint(db: Kysely<Database>) {
  const emails = await rows(db, sql<{ email: string }>`select email from employees order by id`);
  const counts = await rows(
    db,
    sql<{ events: number; daily: number; quantity: number }>`
      select (select count(*) from usage_events)::int as events,
             (select count(*) from usage_daily)::int as daily,
             (select round(sum(quantity)::numeric, 2)::float8 from usage_events) as quantity`,
  );
  return { emails: emails.map((r) => r.email), counts: counts[0] };
}

describe('seedDemoData', () => {
  let handle: DatabaseHandle;
  let db: Kysely<Database>;
  let summary: SeedSummary;

  beforeAll(async () => {
    ({ handle, summary } = await seededDatabase());
    db = handle.db;
  });

  afterAll(async () => {
    await handle?.close();
  });

  it('reports what it wrote', async () => {
    const [counted] = await rows(
      db,
      sql<Record<keyof SeedSummary, number>>`
        select (select count(*) from companies)::int as companies,
               (select count(*) from departments)::int as departments,
               (select count(*) from employees)::int as employees,
               (select count(*) from vendors)::int as vendors,
               (select count(*) from apps)::int as apps,
               (select count(*) from app_features)::int as features,
               (select count(*) from pricing_plans)::int as plans,
               (select count(*) from contracts)::int as contracts,
               (select count(*) from license_assignments)::int as assignments,
               (select count(*) from usage_events)::int as "usageEvents",
               (select count(*) from usage_daily)::int as "usageDailyRows"`,
    );
    expect(counted).toEqual(summary);
    expect(summary.employees).toBeGreaterThan(200);
    expect(summary.usageEvents).toBeGreaterThan(5_000);
  });

  it('refuses to seed a database that already has companies', async () => {
    await expect(seedDemoData(db, OPTIONS)).rejects.toThrow(/already has \d+ companies/);
  });

  it('builds the Norda group with 25+ subsidiaries, SCB first', async () => {
    const groups = await rows(
      db,
      sql<{ code: string; reporting_currency: string }>`
      select code, reporting_currency from company_groups`,
    );
    expect(groups).toEqual([{ code: 'NORDA', reporting_currency: 'EUR' }]);
    const companies = await rows(
      db,
      sql<{ code: string; currency: string }>`
      select code, currency from companies order by id`,
    );
    expect(companies.length).toBeGreaterThanOrEqual(25);
    expect(companies[0]?.code).toBe('SCB');
    const currencies = new Set(companies.map((c) => c.currency));
    for (const currency of ['EUR', 'SEK', 'NOK', 'DKK', 'GBP', 'PLN', 'CHF', 'USD']) {
      expect(currencies).toContain(currency);
    }
  });

  it('gives every company a CEO, CTO, CFO and HR, with department heads and a manager tree', async () => {
    const missing = await rows(
      db,
      sql<{ code: string; title: string }>`
      select c.code, t.title
      from companies c
      cross join (values ('CEO'), ('CTO'), ('CFO')) as t(title)
      where not exists (select 1 from employees e where e.company_id = c.id and e.job_title = t.title)
      union all
      select c.code, 'HR'
      from companies c
      where not exists (
        select 1 from employees e join departments d on d.id = e.department_id
        where e.company_id = c.id and d.code = 'HR')`,
    );
    expect(missing).toEqual([]);

    const headless = await rows(
      db,
      sql<{ id: number }>`
      select id from departments where head_employee_id is null`,
    );
    expect(headless).toEqual([]);

    // Exactly one person without a manager per company (the CEO), and managers in the same company.
    const tops = await rows(
      db,
      sql<{ job_title: string; n: number }>`
      select job_title, count(*)::int as n from employees where manager_id is null group by job_title`,
    );
    const [{ companies }] = (await rows(
      db,
      sql<{ companies: number }>`
      select count(*)::int as companies from companies`,
    )) as [{ companies: number }];
    expect(tops).toEqual([{ job_title: 'CEO', n: companies }]);
    const crossCompany = await rows(
      db,
      sql<{ n: number }>`
      select count(*)::int as n from employees e join employees m on m.id = e.manager_id
      where m.company_id <> e.company_id`,
    );
    expect(crossCompany[0]?.n).toBe(0);
  });

  it('has unique, lowercase company e-mail addresses', async () => {
    const emails = await rows(
      db,
      sql<{ email: string; code: string }>`
      select e.email, lower(c.code) as code from employees e join companies c on c.id = e.company_id`,
    );
    expect(new Set(emails.map((e) => e.email)).size).toBe(emails.length);
    for (const { email, code } of emails) {
      expect(email).toBe(email.toLowerCase());
      expect(email).toMatch(new RegExp(`^[a-z0-9-]+\\.[a-z0-9-]+@${code}\\.example\\.com$`));
    }
  });

  it('has a catalog of 140+ apps with features and plans in all three pricing models', async () => {
    const apps = await rows(
      db,
      sql<{ slug: string; features: number; plans: number }>`
      select a.slug,
             (select count(*) from app_features f where f.app_id = a.id)::int as features,
             (select count(*) from pricing_plans p where p.app_id = a.id)::int as plans
      from apps a`,
    );
    expect(apps.length).toBeGreaterThanOrEqual(140);
    for (const app of apps) {
      expect(app.slug).toMatch(/^[a-z0-9][a-z0-9-]*$/);
      expect(app.features, app.slug).toBeGreaterThanOrEqual(3);
      expect(app.plans, app.slug).toBeGreaterThanOrEqual(1);
    }
    const models = await rows(
      db,
      sql<{ pricing_model: string }>`
      select distinct pricing_model from pricing_plans order by 1`,
    );
    expect(models.map((m) => m.pricing_model)).toEqual(['pay_per_use', 'per_seat', 'tiered']);
    const tiers = await rows(
      db,
      sql<{ tiers: { upTo: number | null; unitPrice: number }[] }>`
      select tiers from pricing_plans where pricing_model = 'tiered' limit 1`,
    );
    expect(tiers[0]?.tiers.at(-1)?.upTo).toBeNull();
  });

  it('never assigns more active licences than a contract has seats', async () => {
    const over = await rows(
      db,
      sql<{ id: number }>`
      select c.id from contracts c
      join license_assignments la on la.contract_id = c.id and la.status = 'active'
      group by c.id, c.seats
      having count(*) > c.seats`,
    );
    expect(over).toEqual([]);
    const future = await rows(
      db,
      sql<{ n: number }>`
      select count(*)::int as n from license_assignments where assigned_at >= ${NOW.toISOString()}::timestamptz`,
    );
    expect(future[0]?.n).toBe(0);
  });

  it('shows the same app bought by several companies at different prices', async () => {
    const spread = await rows(
      db,
      sql<{ slug: string; companies: number; prices: number }>`
      select a.slug, count(distinct c.company_id)::int as companies, count(distinct c.unit_price)::int as prices
      from contracts c join apps a on a.id = c.app_id
      group by a.slug
      having count(distinct c.company_id) >= 3 and count(distinct c.unit_price) >= 3`,
    );
    expect(spread.length).toBeGreaterThan(0);
  });

  it('has idle licences next to recently used ones', async () => {
    const [activity] = await rows(
      db,
      sql<{ total: number; idle30: number; recent7: number }>`
        with last_use as (
          select la.id, max(d.last_at) as last_at
          from license_assignments la
          join contracts c on c.id = la.contract_id
          left join usage_daily d on d.employee_id = la.employee_id and d.app_id = c.app_id
          where la.status = 'active'
          group by la.id)
        select count(*)::int as total,
               count(*) filter (where last_at is null or last_at < ${NOW.toISOString()}::timestamptz - interval '30 days')::int as idle30,
               count(*) filter (where last_at >= ${NOW.toISOString()}::timestamptz - interval '7 days')::int as recent7
        from last_use`,
    );
    expect(activity).toBeDefined();
    const { total, idle30, recent7 } = activity as { total: number; idle30: number; recent7: number };
    expect(idle30 / total).toBeGreaterThan(0.1);
    expect(idle30 / total).toBeLessThan(0.35);
    expect(recent7 / total).toBeGreaterThan(0.3);
  });

  it('puts usage in monthly partitions over 3+ months, with daily rollups that add up', async () => {
    const [span] = await rows(
      db,
      sql<{ months: number; newest: Date; in_default: number }>`
      select count(distinct date_trunc('month', occurred_at at time zone 'UTC'))::int as months,
             max(occurred_at) as newest,
             (select count(*) from usage_events_default)::int as in_default
      from usage_events`,
    );
    expect(span?.months).toBeGreaterThanOrEqual(3);
    expect(span?.in_default).toBe(0);
    expect(span?.newest.getTime()).toBeLessThan(NOW.getTime());

    const [sums] = await rows(
      db,
      sql<{ events: number; daily_events: number; quantity: number; daily_quantity: number }>`
      select (select count(*) from usage_events)::int as events,
             (select sum(events) from usage_daily)::int as daily_events,
             (select sum(quantity) from usage_events) as quantity,
             (select sum(quantity) from usage_daily) as daily_quantity`,
    );
    expect(sums?.daily_events).toBe(sums?.events);
    expect(sums?.daily_quantity).toBeCloseTo(sums?.quantity ?? -1, 3);

    const types = await rows(
      db,
      sql<{ event_type: string }>`
      select distinct event_type from usage_events order by 1`,
    );
    expect(types.map((t) => t.event_type)).toEqual(['active', 'api_call', 'feature_used', 'login']);
    const [api] = await rows(
      db,
      sql<{ min: number }>`
      select min(quantity) as min from usage_events where event_type = 'api_call'`,
    );
    expect(api?.min).toBeGreaterThan(1);
    // Weekdays carry the load.
    const [week] = await rows(
      db,
      sql<{ weekday: number; weekend: number }>`
      select count(*) filter (where extract(isodow from occurred_at at time zone 'UTC') < 6)::int as weekday,
             count(*) filter (where extract(isodow from occurred_at at time zone 'UTC') >= 6)::int as weekend
      from usage_events`,
    );
    expect((week?.weekday ?? 0) / 5).toBeGreaterThan(((week?.weekend ?? 0) / 2) * 5);
  });

  it('produces the same data from the same options', async () => {
    const first = await fingerprint(db);
    const second = await seededDatabase();
    try {
      expect(await fingerprint(second.handle.db)).toEqual(first);
      expect(second.summary).toEqual(summary);
    } finally {
      await second.handle.close();
    }
  });
});

describe('seed cli arguments', () => {
  it('parses --size and --reset', () => {
    expect(parseArgs([])).toEqual({ size: 1, reset: false, ifEmpty: false });
    expect(parseArgs(['--size', '4', '--reset'])).toEqual({ size: 4, reset: true, ifEmpty: false });
    expect(parseArgs(['--size=0.5'])).toEqual({ size: 0.5, reset: false, ifEmpty: false });
  });

  it('rejects unknown arguments and bad sizes', () => {
    expect(() => parseArgs(['--sise', '2'])).toThrow(/Unknown argument: --sise/);
    expect(() => parseArgs(['--size'])).toThrow(/--size needs a number/);
    expect(() => parseArgs(['--size', '-1'])).toThrow(/--size needs a number/);
  });
});
