// The catalog as a requester sees it: apps found by name, vendor, category or feature words, each with
// its plans priced per seat and month in the requester's company currency (the company's contract
// price where it has one, else the list price converted), the free seats in the company and in
// siblings that allow affiliate use, and the apps of the same category the company already has.
import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import { z } from 'zod';
import type { UserPrincipal } from '../identity/principal';
import type { Database } from '../platform/db/schema';
import { appSlug, boundedText } from '../platform/validation/columnBounds';
import { contractSeats, freeSeatsFor, ownedAppsInCategories, type FreeSeats } from './freeSeats';
import { conversionFactor, convertPrice, listUnitPrice, loadExchangeRates } from './listPrices';

export const catalogQuerySchema = z.strictObject({
  /** words matched against app name, vendor, category and features; every word must match */
  q: boundedText(200, { trim: true }).optional(),
  category: boundedText(100, { min: 1, trim: true }).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).max(10_000).default(0),
});

export type CatalogQuery = z.infer<typeof catalogQuerySchema>;

export const catalogSlugSchema = z.strictObject({ slug: appSlug() });

export interface CatalogPlan {
  id: number;
  code: string;
  name: string;
  model: 'per_seat' | 'tiered' | 'pay_per_use';
  /** per seat and month in `currency`; for pay-per-use, per unit used */
  monthlyPrice: number | null;
  currency: string;
  priceSource: 'contract' | 'catalog';
  unitName: string;
}

export interface CatalogApp {
  slug: string;
  name: string;
  vendor: string;
  category: string;
  description: string;
  plans: CatalogPlan[];
  freeSeats: FreeSeats;
  ownedAlternatives: { slug: string; name: string }[];
}

export interface CatalogPage {
  items: CatalogApp[];
  total: number;
  limit: number;
  offset: number;
  currency: string;
}

/** `%` and `_` in what a person types are letters, not wildcards. */
const likeEscape = (word: string) => `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function matchesWord(word: string): Expression<SqlBool> {
  const pattern = likeEscape(word);
  return sql<SqlBool>`(a.name ilike ${pattern} or v.name ilike ${pattern} or a.category ilike ${pattern}
    or exists (select 1 from app_features f where f.app_id = a.id
      and (f.name ilike ${pattern} or f.description ilike ${pattern})))`;
}

async function companyOf(db: Kysely<Database>, user: UserPrincipal) {
  const company = await db
    .selectFrom('companies')
    .select(['id', 'currency'])
    .where('id', '=', user.companyId)
    .executeTakeFirstOrThrow();
  return { id: company.id, currency: company.currency.trim() };
}

/** Plans, free seats and owned alternatives for these apps, in the company's currency. */
async function describeApps(
  db: Kysely<Database>,
  company: { id: number; currency: string },
  apps: { id: number; slug: string; name: string; vendor: string; category: string; description: string }[],
): Promise<CatalogApp[]> {
  if (apps.length === 0) return [];
  const appIds = apps.map((a) => a.id);
  const [plans, contracts, seats, owned, rates] = await Promise.all([
    db.selectFrom('pricing_plans').selectAll().where('app_id', 'in', appIds).orderBy('id').execute(),
    db
      .selectFrom('contracts')
      .select(['plan_id', 'unit_price'])
      .where('company_id', '=', company.id)
      .where('status', '=', 'active')
      .where('app_id', 'in', appIds)
      .orderBy('seats', 'desc')
      .orderBy('id')
      .execute(),
    contractSeats(db, appIds),
    ownedAppsInCategories(db, company.id, [...new Set(apps.map((a) => a.category))]),
    loadExchangeRates(db),
  ]);
  return apps.map((app) => ({
    slug: app.slug,
    name: app.name,
    vendor: app.vendor,
    category: app.category,
    description: app.description,
    plans: plans
      .filter((p) => p.app_id === app.id)
      .map((p) => {
        const contract = contracts.find((c) => c.plan_id === p.id);
        const factor = conversionFactor(rates, p.currency, company.currency);
        const list = convertPrice(listUnitPrice(p, 1), factor);
        return {
          id: p.id,
          code: p.code,
          name: p.name,
          model: p.pricing_model,
          monthlyPrice: contract ? Number(contract.unit_price) : Number.isFinite(list) ? list : null,
          currency: company.currency,
          priceSource: contract ? ('contract' as const) : ('catalog' as const),
          unitName: p.unit_name,
        };
      }),
    freeSeats: freeSeatsFor(seats, company.id, app.id),
    ownedAlternatives: owned
      .filter((o) => o.category === app.category && o.id !== app.id)
      .map((o) => ({ slug: o.slug, name: o.name })),
  }));
}

function appsQuery(db: Kysely<Database>) {
  return db.selectFrom('apps as a').innerJoin('vendors as v', 'v.id', 'a.vendor_id');
}

export async function searchCatalog(
  db: Kysely<Database>,
  user: UserPrincipal,
  query: CatalogQuery,
): Promise<CatalogPage> {
  const company = await companyOf(db, user);
  let found = appsQuery(db);
  for (const word of (query.q ?? '').split(/\s+/).filter(Boolean).slice(0, 10))
    found = found.where(matchesWord(word));
  if (query.category) found = found.where(sql<SqlBool>`lower(a.category) = lower(${query.category})`);
  const [count, rows] = await Promise.all([
    found.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
    found
      .select(['a.id', 'a.slug', 'a.name', 'v.name as vendor', 'a.category', 'a.description'])
      .orderBy('a.name')
      .orderBy('a.id')
      .limit(query.limit)
      .offset(query.offset)
      .execute(),
  ]);
  return {
    items: await describeApps(db, company, rows),
    total: Number(count.n),
    limit: query.limit,
    offset: query.offset,
    currency: company.currency,
  };
}

/** One app with its feature names; undefined for an unknown slug. */
export async function getCatalogApp(
  db: Kysely<Database>,
  user: UserPrincipal,
  slug: string,
): Promise<(CatalogApp & { features: string[] }) | undefined> {
  const row = await appsQuery(db)
    .select(['a.id', 'a.slug', 'a.name', 'v.name as vendor', 'a.category', 'a.description'])
    .where('a.slug', '=', slug)
    .executeTakeFirst();
  if (!row) return undefined;
  const company = await companyOf(db, user);
  const [described] = await describeApps(db, company, [row]);
  const features = await db
    .selectFrom('app_features')
    .select('name')
    .where('app_id', '=', row.id)
    .orderBy('id')
    .execute();
  return { ...described!, features: features.map((f) => f.name) };
}
