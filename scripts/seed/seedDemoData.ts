// Deterministic demo data for Asset Pulse: the Norda Group with ~30 subsidiaries, ~5,000 employees
// (at size 1), a catalog of ~160 real SaaS apps, the contracts and licence assignments of each
// subsidiary and three months of usage. The plan is built in memory first (pure, seeded), then
// written: organisation, catalog and licences in one transaction, usage in a second one.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../shared/platform/db/schema';
import { APPS, vendorOf, VENDORS } from './catalog';
import { isoDate } from './dates';
import { planLicensing, type PlannedContract } from './licensing';
import { GROUP, planOrganisation, type PlannedEmployee } from './organisation';
import { seedUnknownAppSightings } from './unknownApps';
import { seedUsage, type UsageSubject } from './usage';
import { seedWorkflow } from './workflow';

export interface SeedOptions {
  /** Scale factor: 1 is the standard demo; employees and usage grow linearly with it. */
  size: number;
  /** The seed's "today": usage ends here and every date is relative to it. */
  now: Date;
  /** Days of usage events up to `now` (default 90). */
  usageDays?: number;
  log?: (line: string) => void;
}

export interface SeedSummary {
  companies: number;
  departments: number;
  employees: number;
  vendors: number;
  apps: number;
  features: number;
  plans: number;
  contracts: number;
  assignments: number;
  usageEvents: number;
  usageDailyRows: number;
}

/** Rows per INSERT: far below PostgreSQL's 65,535 bind parameters for every table here. */
const CHUNK = 1_000;

function chunks<T>(rows: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

function required<K, V>(map: ReadonlyMap<K, V>, key: K, what: string): V {
  const value = map.get(key);
  if (value === undefined) throw new Error(`Seed: no id for ${what} ${String(key)}`);
  return value;
}

export async function seedDemoData(db: Kysely<Database>, options: SeedOptions): Promise<SeedSummary> {
  const { size, now } = options;
  const usageDays = options.usageDays ?? 90;
  const log = options.log ?? (() => undefined);
  if (!Number.isFinite(size) || size <= 0)
    throw new Error(`Seed size must be a positive number, got ${size}`);
  if (!Number.isInteger(usageDays) || usageDays < 1) {
    throw new Error(`usageDays must be a positive whole number, got ${usageDays}`);
  }
  if (Number.isNaN(now.getTime())) throw new Error('Seed "now" is not a valid date');

  const existing = await db
    .selectFrom('companies')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  if (Number(existing.count) > 0) {
    throw new Error(
      `The database already has ${existing.count} companies; the demo seed only fills an empty database ` +
        '(use `npm run seed -- --reset` to replace the data).',
    );
  }

  const organisation = planOrganisation(size, now);
  const contracts = planLicensing(organisation, now);
  const employeeByKey = organisation.employees;
  log(
    `Planned ${organisation.companies.length} companies, ${organisation.employees.length} employees, ` +
      `${contracts.length} contracts.`,
  );

  const written = await db.transaction().execute(async (trx) => {
    const group = await trx
      .insertInto('company_groups')
      .values({ code: GROUP.code, name: GROUP.name, reporting_currency: GROUP.reportingCurrency })
      .returning('id')
      .executeTakeFirstOrThrow();

    const companyRows = await trx
      .insertInto('companies')
      .values(
        organisation.companies.map((c) => ({
          group_id: group.id,
          code: c.spec.code,
          name: c.spec.name,
          country: c.spec.country,
          currency: c.spec.currency,
          // Row timestamps from the seed's clock too, so two seeds are identical row for row.
          created_at: now,
        })),
      )
      .returning(['id', 'code'])
      .execute();
    const companyIdByCode = new Map(companyRows.map((r) => [r.code, r.id]));
    const companyIds = organisation.companies.map((c) => required(companyIdByCode, c.spec.code, 'company'));

    const departmentRows = await trx
      .insertInto('departments')
      .values(
        organisation.companies.flatMap((c) =>
          c.departments.map((d) => ({
            company_id: companyIds[c.index] as number,
            code: d.code,
            name: d.name,
          })),
        ),
      )
      .returning(['id', 'company_id', 'code'])
      .execute();
    const departmentId = new Map(departmentRows.map((r) => [`${r.company_id}/${r.code}`, r.id]));

    // Level by level, so every manager exists before the people reporting to them.
    const employeeIds = new Map<number, number>();
    const maxDepth = Math.max(...organisation.employees.map((e) => e.depth));
    for (let depth = 0; depth <= maxDepth; depth++) {
      const level = organisation.employees.filter((e) => e.depth === depth);
      for (const chunk of chunks(level)) {
        const rows = await trx
          .insertInto('employees')
          .values(
            chunk.map((e) => {
              const companyId = companyIds[e.companyIndex] as number;
              return {
                company_id: companyId,
                department_id: required(departmentId, `${companyId}/${e.department}`, 'department'),
                email: e.email,
                display_name: e.displayName,
                job_title: e.jobTitle,
                manager_id: e.managerKey === null ? null : required(employeeIds, e.managerKey, 'manager'),
                cost_center: e.costCentre,
                hired_on: isoDate(e.hiredOn),
                status: e.leftOn ? ('leaver' as const) : ('active' as const),
                created_at: now,
              };
            }),
          )
          .returning(['id', 'email'])
          .execute();
        const idByEmail = new Map(rows.map((r) => [r.email, r.id]));
        for (const e of chunk) employeeIds.set(e.key, required(idByEmail, e.email, 'employee'));
      }
    }

    const heads = organisation.companies.flatMap((c) =>
      c.departments.map((d) => ({
        departmentId: required(departmentId, `${companyIds[c.index]}/${d.code}`, 'department'),
        headId: required(employeeIds, d.headKey, 'department head'),
      })),
    );
    await sql`
      update departments as d set head_employee_id = v.head_id
      from unnest(${heads.map((h) => h.departmentId)}::int4[], ${heads.map((h) => h.headId)}::int4[])
        as v(department_id, head_id)
      where d.id = v.department_id`.execute(trx);

    const vendorRows = await trx
      .insertInto('vendors')
      .values(VENDORS.map((v) => ({ name: v.name, website: v.website })))
      .returning(['id', 'name'])
      .execute();
    const vendorId = new Map(vendorRows.map((r) => [r.name, r.id]));

    const appRows = await trx
      .insertInto('apps')
      .values(
        APPS.map((a) => ({
          vendor_id: required(vendorId, vendorOf(a).name, 'vendor'),
          slug: a.slug,
          name: a.name,
          category: a.category,
          description: a.description,
          created_at: now,
        })),
      )
      .returning(['id', 'slug'])
      .execute();
    const appId = new Map(appRows.map((r) => [r.slug, r.id]));

    const featureRows = APPS.flatMap((a) =>
      a.features.map(([name, description]) => ({
        app_id: required(appId, a.slug, 'app'),
        name,
        description,
      })),
    );
    for (const chunk of chunks(featureRows)) await trx.insertInto('app_features').values(chunk).execute();

    const planRows = APPS.flatMap((a) =>
      a.plans.map((p) => ({
        app_id: required(appId, a.slug, 'app'),
        code: p.code,
        name: p.name,
        pricing_model: p.model,
        currency: 'EUR',
        unit_price: p.unitPrice,
        unit_name: p.unitName,
        tiers: p.tiers ? JSON.stringify(p.tiers) : null,
        billing_period: p.billing,
      })),
    );
    const planId = new Map<string, number>();
    for (const chunk of chunks(planRows)) {
      const rows = await trx
        .insertInto('pricing_plans')
        .values(chunk)
        .returning(['id', 'app_id', 'code'])
        .execute();
      for (const r of rows) planId.set(`${r.app_id}/${r.code}`, r.id);
    }

    const workflow = await seedWorkflow(
      trx,
      organisation,
      {
        employee: (key) => required(employeeIds, key, 'employee'),
        company: (index) => companyIds[index] as number,
        app: (slug) => appId.get(slug),
        plan: (slug, code) => {
          const app = appId.get(slug);
          return app === undefined ? undefined : planId.get(`${app}/${code}`);
        },
      },
      now,
    );
    log(`Granted ${workflow.roleGrants} roles; wrote approval policies and ${workflow.templates} templates.`);

    const contractId = new Map<PlannedContract, number>();
    for (const chunk of chunks(contracts)) {
      const rows = await trx
        .insertInto('contracts')
        .values(
          chunk.map((c) => {
            const app = required(appId, c.app.slug, 'app');
            return {
              company_id: companyIds[c.companyIndex] as number,
              app_id: app,
              plan_id: required(planId, `${app}/${c.plan.code}`, 'plan'),
              seats: c.seats,
              unit_price: c.unitPrice,
              currency: c.currency,
              start_date: c.startDate,
              end_date: c.endDate,
              renewal_date: c.renewalDate,
              notice_days: c.noticeDays,
              auto_renew: c.autoRenew,
              affiliate_sharing_allowed: c.affiliateSharing,
              status: 'active' as const,
            };
          }),
        )
        .returning(['id', 'company_id', 'app_id'])
        .execute();
      // One contract per company and app, so that pair identifies the row.
      const byPair = new Map(rows.map((r) => [`${r.company_id}/${r.app_id}`, r.id]));
      for (const c of chunk) {
        const pair = `${companyIds[c.companyIndex]}/${required(appId, c.app.slug, 'app')}`;
        contractId.set(c, required(byPair, pair, 'contract'));
      }
    }

    const planned = contracts.flatMap((contract) =>
      contract.assignments.map((assignment) => ({ contract, assignment })),
    );
    const subjects: UsageSubject[] = [];
    for (const chunk of chunks(planned)) {
      const rows = await trx
        .insertInto('license_assignments')
        .values(
          chunk.map(({ contract, assignment }) => ({
            contract_id: required(contractId, contract, 'contract'),
            employee_id: required(employeeIds, assignment.employeeKey, 'employee'),
            assigned_at: assignment.assignedAt,
            status: 'active' as const,
          })),
        )
        .returning(['id', 'contract_id', 'employee_id'])
        .execute();
      const byPair = new Map(rows.map((r) => [`${r.contract_id}/${r.employee_id}`, r.id]));
      for (const { contract, assignment } of chunk) {
        const contractRowId = required(contractId, contract, 'contract');
        const employeeId = required(employeeIds, assignment.employeeKey, 'employee');
        const employee = employeeByKey[assignment.employeeKey] as PlannedEmployee;
        const company = organisation.companies[contract.companyIndex];
        subjects.push({
          assignmentId: required(byPair, `${contractRowId}/${employeeId}`, 'assignment'),
          employeeId,
          appId: required(appId, contract.app.slug, 'app'),
          companyId: companyIds[contract.companyIndex] as number,
          department: employee.department,
          utcOffset: company?.spec.utcOffset ?? 0,
          assignedAt: assignment.assignedAt,
          leftOn: employee.leftOn,
          app: contract.app,
          plan: contract.plan,
        });
      }
    }

    return {
      companies: companyRows.length,
      departments: departmentRows.length,
      employees: employeeIds.size,
      vendors: vendorRows.length,
      apps: appRows.length,
      features: featureRows.length,
      plans: planRows.length,
      contracts: contracts.length,
      assignments: subjects.length,
      subjects,
    };
  });
  log(
    `Wrote ${written.companies} companies, ${written.employees} employees, ${written.apps} apps, ` +
      `${written.contracts} contracts, ${written.assignments} assignments.`,
  );

  // Assignment ids are identity values, hence deterministic in a fresh (or reset) database; the
  // event ids derive from them.
  written.subjects.sort((a, b) => a.assignmentId - b.assignmentId);
  const usage = await seedUsage(db, written.subjects, now, usageDays, log);
  log(
    `Wrote ${usage.events} usage events over ${usage.months} monthly partitions, ${usage.dailyRows} daily rows.`,
  );

  const sightingEmployees = await db
    .selectFrom('employees')
    .select(['id', 'email'])
    .where('status', '=', 'active')
    .orderBy('id')
    .limit(200)
    .execute();
  const sightings = await seedUnknownAppSightings(db, sightingEmployees, now);
  log(`Quarantined ${sightings} events that name apps the catalog does not know (awaiting an alias).`);

  const { subjects: _subjects, ...counts } = written;
  return { ...counts, usageEvents: usage.events, usageDailyRows: usage.dailyRows };
}
