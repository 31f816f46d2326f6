// Reading purchase templates: a company's list (its own and the group-wide ones, current version,
// items and cost per person in its currency), one template with its versions, one version as it was.
import type { Kysely } from 'kysely';
import type { UserPrincipal } from '../identity/principal';
import type { Database } from '../platform/db/schema';
import {
  companyFor,
  seesCompany,
  visibleTemplate,
  writeProblem,
  type CompanyLookup,
  type TemplateCompany,
  type TemplateRow,
} from './templateAccess';
import { costPerPerson, priceLines, type CostPerPerson, type LinePrice } from './templatePricing';

export interface TemplateItemView {
  app: string;
  appName: string;
  /** the plan the template names; null: the company's contract plan, else the cheapest */
  plan: string | null;
  planName: string | null;
  seats: number;
  optional: boolean;
  /** per person and month in the company's currency (the plan priced when none is named) */
  price: LinePrice | null;
}

export interface TemplateView {
  id: number;
  code: string;
  name: string;
  description: string;
  /** null: offered group-wide */
  companyCode: string | null;
  roleTitle: string | null;
  department: string | null;
  currentVersion: number;
  archived: boolean;
  updatedAt: string;
  /** whether the caller may edit it */
  editable: boolean;
  items: TemplateItemView[];
  costPerPerson: CostPerPerson;
}

async function companyCodes(db: Kysely<Database>, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('companies').select(['id', 'code']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.code]));
}

/** The current items of templates, by template id, in app order. */
async function currentItems(db: Kysely<Database>, ids: number[]) {
  if (ids.length === 0) return new Map<number, Omit<TemplateItemView, 'price'>[]>();
  const rows = await db
    .selectFrom('purchase_template_items as i')
    .innerJoin('apps as a', 'a.id', 'i.app_id')
    .leftJoin('pricing_plans as p', 'p.id', 'i.plan_id')
    .select([
      'i.template_id',
      'a.slug',
      'a.name as app_name',
      'p.code as plan',
      'p.name as plan_name',
      'i.seats',
      'i.optional',
    ])
    .where('i.template_id', 'in', ids)
    .orderBy('i.optional')
    .orderBy('a.name')
    .execute();
  const byTemplate = new Map<number, Omit<TemplateItemView, 'price'>[]>();
  for (const r of rows) {
    const list = byTemplate.get(r.template_id) ?? [];
    list.push({
      app: r.slug,
      appName: r.app_name,
      plan: r.plan,
      planName: r.plan_name,
      seats: r.seats,
      optional: r.optional,
    });
    byTemplate.set(r.template_id, list);
  }
  return byTemplate;
}

async function views(
  db: Kysely<Database>,
  actor: UserPrincipal,
  rows: TemplateRow[],
  company: TemplateCompany,
): Promise<TemplateView[]> {
  const items = await currentItems(
    db,
    rows.map((r) => r.id),
  );
  const codes = await companyCodes(db, [
    ...new Set(rows.flatMap((r) => (r.company_id === null ? [] : [r.company_id]))),
  ]);
  const result: TemplateView[] = [];
  for (const row of rows) {
    const lines = items.get(row.id) ?? [];
    const prices = await priceLines(
      db,
      company,
      lines.map((l) => ({ app: l.app, plan: l.plan ?? undefined, seats: l.seats })),
    );
    const priced = lines.map((l, i) => ({ ...l, price: prices[i] ?? null }));
    result.push({
      id: row.id,
      code: row.code,
      name: row.name,
      description: row.description,
      companyCode: row.company_id === null ? null : (codes.get(row.company_id) ?? null),
      roleTitle: row.role_title,
      department: row.department_code,
      currentVersion: row.current_version,
      archived: row.archived_at !== null,
      updatedAt: new Date(row.updated_at).toISOString(),
      editable: writeProblem(actor, row.company_id) === undefined,
      items: priced,
      costPerPerson: costPerPerson(
        company.currency,
        priced.map((l) => ({ optional: l.optional, price: l.price ?? undefined })),
      ),
    });
  }
  return result;
}

const TEMPLATE_COLUMNS = [
  'id',
  'company_id',
  'code',
  'name',
  'description',
  'role_title',
  'department_code',
  'current_version',
  'archived_at',
  'updated_at',
] as const;

export type ListTemplatesResult =
  | {
      kind: 'ok';
      company: string;
      currency: string;
      /** the companies whose templates the caller may list (a picker's choices) */
      companies: { code: string; name: string }[];
      templates: TemplateView[];
    }
  | Exclude<CompanyLookup, { kind: 'ok' }>;

/** A company's templates and the group-wide ones that are not archived, priced in its currency. */
export async function listTemplates(
  db: Kysely<Database>,
  actor: UserPrincipal,
  query: { companyCode?: string | undefined },
): Promise<ListTemplatesResult> {
  const found = await companyFor(db, actor, query.companyCode);
  if (found.kind !== 'ok') return found;
  const { company } = found;
  const rows = await db
    .selectFrom('purchase_templates')
    .select(TEMPLATE_COLUMNS)
    .where((eb) => eb.or([eb('company_id', 'is', null), eb('company_id', '=', company.id)]))
    .where('archived_at', 'is', null)
    .orderBy('name')
    .orderBy('id')
    .execute();
  const companies = await db
    .selectFrom('companies')
    .select(['id', 'code', 'name'])
    .where('group_id', '=', actor.groupId)
    .orderBy('code')
    .execute();
  return {
    kind: 'ok',
    company: company.code,
    currency: company.currency,
    companies: companies.filter((c) => seesCompany(actor, c.id)).map((c) => ({ code: c.code, name: c.name })),
    templates: await views(db, actor, rows, company),
  };
}

/** The company a template is priced for: its own, or the caller's for a group-wide one. */
async function pricingCompany(
  db: Kysely<Database>,
  actor: UserPrincipal,
  template: TemplateRow,
): Promise<TemplateCompany> {
  const row = await db
    .selectFrom('companies')
    .select(['id', 'code', 'currency'])
    .where('id', '=', template.company_id ?? actor.companyId)
    .executeTakeFirstOrThrow();
  return { ...row, currency: row.currency.trim() };
}

export interface TemplateVersionSummary {
  version: number;
  name: string;
  createdAt: string;
  createdBy: string | null;
  items: number;
}

export interface TemplateDetail extends TemplateView {
  versions: TemplateVersionSummary[];
}

/** One template with its versions, newest first; undefined when the caller may not see it. */
export async function getTemplate(
  db: Kysely<Database>,
  actor: UserPrincipal,
  id: number,
): Promise<TemplateDetail | undefined> {
  const template = await visibleTemplate(db, actor, id);
  if (!template) return undefined;
  const [view] = await views(db, actor, [template], await pricingCompany(db, actor, template));
  if (!view) return undefined;
  const versions = await db
    .selectFrom('purchase_template_versions as v')
    .leftJoin('employees as e', 'e.id', 'v.created_by')
    .select(['v.version', 'v.name', 'v.created_at', 'e.display_name', 'v.items'])
    .where('v.template_id', '=', id)
    .orderBy('v.version', 'desc')
    .execute();
  return {
    ...view,
    versions: versions.map((v) => ({
      version: v.version,
      name: v.name,
      createdAt: new Date(v.created_at).toISOString(),
      createdBy: v.display_name,
      items: v.items.length,
    })),
  };
}

export interface TemplateVersionView {
  templateId: number;
  code: string;
  version: number;
  current: boolean;
  name: string;
  description: string;
  roleTitle: string | null;
  department: string | null;
  createdAt: string;
  createdBy: string | null;
  items: { app: string; appName: string; plan: string | null; seats: number; optional: boolean }[];
}

/** One version as it was; undefined when the template is not visible or has no such version. */
export async function getTemplateVersion(
  db: Kysely<Database>,
  actor: UserPrincipal,
  id: number,
  version: number,
): Promise<TemplateVersionView | undefined> {
  const template = await visibleTemplate(db, actor, id);
  if (!template) return undefined;
  const row = await db
    .selectFrom('purchase_template_versions as v')
    .leftJoin('employees as e', 'e.id', 'v.created_by')
    .select([
      'v.version',
      'v.name',
      'v.description',
      'v.role_title',
      'v.department_code',
      'v.items',
      'v.created_at',
      'e.display_name',
    ])
    .where('v.template_id', '=', id)
    .where('v.version', '=', version)
    .executeTakeFirst();
  if (!row) return undefined;
  const items = row.items;
  const appIds = [...new Set(items.map((i) => i.appId))];
  const planIds = [...new Set(items.flatMap((i) => (i.planId === null ? [] : [i.planId])))];
  const apps = appIds.length
    ? await db.selectFrom('apps').select(['id', 'slug', 'name']).where('id', 'in', appIds).execute()
    : [];
  const plans = planIds.length
    ? await db.selectFrom('pricing_plans').select(['id', 'code']).where('id', 'in', planIds).execute()
    : [];
  return {
    templateId: id,
    code: template.code,
    version: row.version,
    current: row.version === template.current_version && template.archived_at === null,
    name: row.name,
    description: row.description,
    roleTitle: row.role_title,
    department: row.department_code,
    createdAt: new Date(row.created_at).toISOString(),
    createdBy: row.display_name,
    items: items.map((i) => {
      const app = apps.find((a) => a.id === i.appId);
      return {
        app: app?.slug ?? String(i.appId),
        appName: app?.name ?? String(i.appId),
        plan: plans.find((p) => p.id === i.planId)?.code ?? null,
        seats: i.seats,
        optional: i.optional,
      };
    }),
  };
}
