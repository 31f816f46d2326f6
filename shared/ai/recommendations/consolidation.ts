// F2, consolidation: apps that do the same job (the similarity job's 'same-job' verdicts, joined into
// clusters) held side by side, per company and across the group. For each app of a cluster: its
// spend, seats, the share of seats used in the last 30 days and the users it shares with the others;
// which one to keep (feature coverage, cost per active user, adoption, scored and explained), and the
// saving of moving the rest onto it, net of the seats the kept app must add for the people who move.
import type { Kysely } from 'kysely';
import { conversionFactor, loadExchangeRates, type ExchangeRates } from '../../catalog/listPrices';
import { freeSeatsOfContract } from '../../catalog/freeSeats';
import type { Database } from '../../platform/db/schema';
import {
  addDays,
  fingerprintOf,
  recommendationBase,
  round2,
  round4,
  shortHash,
  type RecommendationContext,
} from './figures';
import { GROUP_PARTITION, recommendationId, type Recommendation } from './recommendation';

/** A user is active on an app when they have a usage rollup for it on one of the last 30 days (today included). */
export const ACTIVE_WINDOW_DAYS = 30;
/** How the keep score weighs its parts (they add up to 1). */
export const KEEP_WEIGHTS = { coverage: 0.4, costPerActiveUser: 0.3, adoption: 0.3 } as const;
const GROUP_CURRENCY = 'EUR';

export interface ConsolidationApp {
  slug: string;
  name: string;
  vendor: string;
  seats: number;
  monthlySpend: number;
  /** seat-weighted unit price per seat and month */
  unitPrice: number;
  activeUsers: number;
  /** activeUsers / seats, at most 1 */
  activeShare: number;
  /** active users of this app also active on another app of the cluster */
  sharedUsers: number;
  costPerActiveUser: number | null;
  /** share of the cluster's features (names, and the features the overlaps found shared) this app has */
  featureCoverage: number;
  score: { coverage: number; costPerActiveUser: number; adoption: number; total: number };
}

export interface ConsolidationMove {
  companyCode: string;
  /** people active on an app that goes, who neither hold nor use the kept app */
  usersToMove: number;
  freeSeatsOnKept: number;
  extraSeats: number;
  extraSeatUnitPrice: number;
  extraSeatsMonthlyCost: number;
  removedMonthlySpend: number;
}

export interface ConsolidationEvidence {
  cluster: { id: string; category: string; slugs: string[] };
  scope: { level: 'company' | 'group'; companyCodes: string[] };
  currency: string;
  activeWindowDays: number;
  apps: ConsolidationApp[];
  /** people active on two or more apps of the cluster */
  sharedUsers: number;
  overlaps: { a: string; b: string; similarity: number; sharedFeatures: string[] }[];
  keep: { slug: string; why: string };
  scoring: { weights: typeof KEEP_WEIGHTS; explanation: string };
  remove: string[];
  moves: ConsolidationMove[];
  removedMonthlySpend: number;
  extraSeats: number;
  extraSeatsMonthlyCost: number;
  monthlySaving: number;
}

interface Cluster {
  id: string;
  category: string;
  appIds: number[];
  slugs: string[];
}

interface AppInfo {
  id: number;
  slug: string;
  name: string;
  vendor: string;
  category: string;
  features: Set<string>;
}

interface ContractInfo {
  companyId: number;
  appId: number;
  seats: number;
  unitPrice: number;
  currency: string;
  free: number;
}

interface CompanyInfo {
  id: number;
  code: string;
  currency: string;
}

interface Facts {
  apps: Map<number, AppInfo>;
  edges: { a: number; b: number; similarity: number; sharedFeatures: string[] }[];
  contracts: ContractInfo[];
  /** `${companyId}:${appId}` → employees active in the window */
  active: Map<string, Set<number>>;
  /** `${companyId}:${appId}` → employees holding an active licence */
  holders: Map<string, Set<number>>;
  companies: Map<number, CompanyInfo>;
  rates: ExchangeRates;
}

const key = (companyId: number, appId: number) => `${companyId}:${appId}`;

export async function computeConsolidations(
  db: Kysely<Database>,
  ctx: RecommendationContext,
): Promise<Recommendation[]> {
  const edges = await db
    .selectFrom('app_overlaps')
    .select(['app_id_a', 'app_id_b', 'similarity', 'shared_features'])
    .where('verdict', '=', 'same-job')
    .orderBy('app_id_a')
    .orderBy('app_id_b')
    .execute();
  if (edges.length === 0) return [];
  const appIds = [...new Set(edges.flatMap((e) => [e.app_id_a, e.app_id_b]))];
  const facts = await loadFacts(db, ctx.now, appIds, edges);
  const clusters = clustersOf(facts);

  const items: Recommendation[] = [];
  for (const cluster of clusters) {
    for (const company of [...facts.companies.values()].sort((a, b) => a.code.localeCompare(b.code))) {
      const item = recommend(facts, cluster, [company], 'company', ctx);
      if (item) items.push(item);
    }
    const holders = [...facts.companies.values()]
      .filter((c) => facts.contracts.some((k) => k.companyId === c.id && cluster.appIds.includes(k.appId)))
      .sort((a, b) => a.code.localeCompare(b.code));
    // Held by one company only, the group view would repeat that company's recommendation.
    if (holders.length >= 2) {
      const item = recommend(facts, cluster, holders, 'group', ctx);
      if (item) items.push(item);
    }
  }
  return items;
}

async function loadFacts(
  db: Kysely<Database>,
  now: Date,
  appIds: number[],
  edges: { app_id_a: number; app_id_b: number; similarity: number; shared_features: string[] }[],
): Promise<Facts> {
  const since = addDays(now.toISOString().slice(0, 10), -(ACTIVE_WINDOW_DAYS - 1));
  const [apps, features, contracts, active, holders, companies, rates] = await Promise.all([
    db
      .selectFrom('apps as a')
      .innerJoin('vendors as v', 'v.id', 'a.vendor_id')
      .select(['a.id', 'a.slug', 'a.name', 'a.category', 'v.name as vendor'])
      .where('a.id', 'in', appIds)
      .execute(),
    db.selectFrom('app_features').select(['app_id', 'name']).where('app_id', 'in', appIds).execute(),
    db
      .selectFrom('contracts as k')
      .innerJoin('pricing_plans as p', 'p.id', 'k.plan_id')
      .select([
        'k.company_id',
        'k.app_id',
        'k.seats',
        'k.unit_price',
        'k.currency',
        freeSeatsOfContract.as('free'),
      ])
      .where('k.status', '=', 'active')
      .where('p.pricing_model', '<>', 'pay_per_use')
      .where('k.app_id', 'in', appIds)
      .orderBy('k.id')
      .execute(),
    db
      .selectFrom('usage_daily')
      .select(['company_id', 'app_id', 'employee_id'])
      .distinct()
      .where('app_id', 'in', appIds)
      .where('day', '>=', since)
      .where('day', '<=', now.toISOString().slice(0, 10))
      .execute(),
    db
      .selectFrom('license_assignments as la')
      .innerJoin('contracts as k', 'k.id', 'la.contract_id')
      .select(['k.company_id', 'k.app_id', 'la.employee_id'])
      .distinct()
      .where('la.status', '=', 'active')
      .where('k.app_id', 'in', appIds)
      .execute(),
    db.selectFrom('companies').select(['id', 'code', 'currency']).execute(),
    loadExchangeRates(db),
  ]);
  const group = (rows: { company_id: number; app_id: number; employee_id: number }[]) => {
    const map = new Map<string, Set<number>>();
    for (const r of rows) {
      const k = key(r.company_id, r.app_id);
      map.set(k, (map.get(k) ?? new Set()).add(r.employee_id));
    }
    return map;
  };
  const normalise = (name: string) => name.trim().toLowerCase();
  return {
    apps: new Map(
      apps.map((a) => [
        a.id,
        {
          id: a.id,
          slug: a.slug,
          name: a.name,
          vendor: a.vendor,
          category: a.category,
          features: new Set(features.filter((f) => f.app_id === a.id).map((f) => normalise(f.name))),
        },
      ]),
    ),
    edges: edges.map((e) => ({
      a: e.app_id_a,
      b: e.app_id_b,
      similarity: round4(Number(e.similarity)),
      sharedFeatures: [...new Set((e.shared_features ?? []).map(normalise))].sort(),
    })),
    contracts: contracts.map((k) => ({
      companyId: k.company_id,
      appId: k.app_id,
      seats: k.seats,
      unitPrice: Number(k.unit_price),
      currency: k.currency.trim(),
      free: Number(k.free),
    })),
    active: group(active),
    holders: group(holders),
    companies: new Map(
      companies.map((c) => [c.id, { id: c.id, code: c.code.trim(), currency: c.currency.trim() }]),
    ),
    rates,
  };
}

/** Connected components of the 'same-job' graph over the whole catalog, with an id stable across runs. */
function clustersOf(facts: Facts): Cluster[] {
  const parent = new Map<number, number>();
  const find = (x: number): number => {
    let root = x;
    while (parent.get(root) !== undefined && parent.get(root) !== root) root = parent.get(root)!;
    parent.set(x, root);
    return root;
  };
  for (const id of facts.apps.keys()) parent.set(id, id);
  for (const e of facts.edges) {
    const [ra, rb] = [find(e.a), find(e.b)];
    if (ra !== rb) parent.set(Math.max(ra, rb), Math.min(ra, rb));
  }
  const members = new Map<number, number[]>();
  for (const id of facts.apps.keys()) members.set(find(id), [...(members.get(find(id)) ?? []), id]);
  return [...members.values()]
    .filter((ids) => ids.length >= 2)
    .map((ids) => {
      const apps = ids.map((id) => facts.apps.get(id)!).sort((a, b) => a.slug.localeCompare(b.slug));
      const slugs = apps.map((a) => a.slug);
      const category = apps[0]!.category;
      const categorySlug =
        category
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, '-')
          .replace(/^-|-$/g, '') || 'apps';
      return {
        id: `${categorySlug.slice(0, 60)}-${shortHash(slugs.join(','))}`,
        category,
        appIds: apps.map((a) => a.id),
        slugs,
      };
    })
    .sort((a, b) => a.id.localeCompare(b.id));
}

function recommend(
  facts: Facts,
  cluster: Cluster,
  companies: CompanyInfo[],
  level: 'company' | 'group',
  ctx: RecommendationContext,
): Recommendation | undefined {
  const currency = level === 'group' ? GROUP_CURRENCY : companies[0]!.currency;
  const companyIds = new Set(companies.map((c) => c.id));
  const factor = (from: string) => conversionFactor(facts.rates, from, currency);
  const inScope = facts.contracts.filter(
    (k) => companyIds.has(k.companyId) && cluster.appIds.includes(k.appId),
  );
  if (inScope.some((k) => !Number.isFinite(factor(k.currency)))) return undefined;
  const held = cluster.appIds.filter((id) => inScope.some((k) => k.appId === id));
  if (held.length < 2) return undefined;

  const usersOf = (map: Map<string, Set<number>>, appId: number, within = companies) => {
    const all = new Set<number>();
    for (const c of within) for (const e of map.get(key(c.id, appId)) ?? []) all.add(e);
    return all;
  };
  const activeByApp = new Map(held.map((id) => [id, usersOf(facts.active, id)]));
  const activeCount = new Map<number, number>();
  for (const users of activeByApp.values())
    for (const e of users) activeCount.set(e, (activeCount.get(e) ?? 0) + 1);
  const sharedUsers = [...activeCount.values()].filter((n) => n >= 2).length;

  // Feature coverage: the cluster's features are every app's feature names plus the features the
  // overlap verdicts found shared (credited to both apps of the pair).
  const edges = facts.edges.filter((e) => held.includes(e.a) && held.includes(e.b));
  const featuresOf = new Map(held.map((id) => [id, new Set(facts.apps.get(id)!.features)]));
  for (const e of edges)
    for (const f of e.sharedFeatures) [e.a, e.b].forEach((id) => featuresOf.get(id)!.add(f));
  const allFeatures = new Set([...featuresOf.values()].flatMap((s) => [...s]));

  const figures = held.map((id) => {
    const app = facts.apps.get(id)!;
    const contracts = inScope.filter((k) => k.appId === id);
    const seats = contracts.reduce((n, k) => n + k.seats, 0);
    const spend = contracts.reduce((s, k) => s + k.seats * k.unitPrice * factor(k.currency), 0);
    const active = activeByApp.get(id)!;
    const shared = [...active].filter((e) => (activeCount.get(e) ?? 0) >= 2).length;
    return {
      id,
      app,
      seats,
      spend,
      active: active.size,
      shared,
      coverage: allFeatures.size ? featuresOf.get(id)!.size / allFeatures.size : 1,
      cpau: active.size > 0 ? spend / active.size : null,
    };
  });
  const cheapest = Math.min(...figures.flatMap((f) => (f.cpau === null ? [] : [f.cpau])));
  const apps: (ConsolidationApp & { id: number })[] = figures
    .map((f) => {
      const adoption = f.seats > 0 ? Math.min(1, f.active / f.seats) : 0;
      const cost = f.cpau === null ? 0 : f.cpau === 0 ? 1 : cheapest / f.cpau;
      const score = {
        coverage: round4(f.coverage),
        costPerActiveUser: round4(cost),
        adoption: round4(adoption),
        total: round4(
          KEEP_WEIGHTS.coverage * f.coverage +
            KEEP_WEIGHTS.costPerActiveUser * cost +
            KEEP_WEIGHTS.adoption * adoption,
        ),
      };
      return {
        id: f.id,
        slug: f.app.slug,
        name: f.app.name,
        vendor: f.app.vendor,
        seats: f.seats,
        monthlySpend: round2(f.spend),
        unitPrice: f.seats > 0 ? round4(f.spend / f.seats) : 0,
        activeUsers: f.active,
        activeShare: round4(adoption),
        sharedUsers: f.shared,
        costPerActiveUser: f.cpau === null ? null : round2(f.cpau),
        featureCoverage: round4(f.coverage),
        score,
      };
    })
    .sort(
      (a, b) =>
        b.score.total - a.score.total || a.monthlySpend - b.monthlySpend || a.slug.localeCompare(b.slug),
    );
  const kept = apps[0]!;
  const removed = apps.slice(1);

  // The people who move: active on an app that goes, neither holding nor using the kept app. Each
  // company fills its kept app's free seats first, then buys the rest at its own price for the kept
  // app (the scope's average price for it when the company has no contract for it yet).
  const keptContracts = inScope.filter((k) => k.appId === kept.id);
  const moves: ConsolidationMove[] = [];
  for (const company of companies) {
    const own = [company];
    const removedSpend = removed.reduce(
      (s, app) =>
        s +
        inScope
          .filter((k) => k.appId === app.id && k.companyId === company.id)
          .reduce((t, k) => t + k.seats * k.unitPrice * factor(k.currency), 0),
      0,
    );
    if (removedSpend === 0) continue;
    const settled = new Set([
      ...usersOf(facts.active, kept.id, own),
      ...usersOf(facts.holders, kept.id, own),
    ]);
    const moving = new Set<number>();
    for (const app of removed)
      for (const e of usersOf(facts.active, app.id, own)) if (!settled.has(e)) moving.add(e);
    const ownKept = keptContracts.filter((k) => k.companyId === company.id);
    const free = ownKept.reduce((n, k) => n + Math.max(0, k.free), 0);
    const ownSeats = ownKept.reduce((n, k) => n + k.seats, 0);
    const unit =
      ownSeats > 0
        ? ownKept.reduce((s, k) => s + k.seats * k.unitPrice * factor(k.currency), 0) / ownSeats
        : kept.unitPrice;
    const extraSeats = Math.max(0, moving.size - free);
    moves.push({
      companyCode: company.code,
      usersToMove: moving.size,
      freeSeatsOnKept: free,
      extraSeats,
      extraSeatUnitPrice: round4(unit),
      extraSeatsMonthlyCost: round2(extraSeats * unit),
      removedMonthlySpend: round2(removedSpend),
    });
  }
  const removedMonthlySpend = round2(moves.reduce((s, m) => s + m.removedMonthlySpend, 0));
  const extraSeats = moves.reduce((n, m) => n + m.extraSeats, 0);
  const extraSeatsMonthlyCost = round2(moves.reduce((s, m) => s + m.extraSeatsMonthlyCost, 0));
  const monthlySaving = round2(removedMonthlySpend - extraSeatsMonthlyCost);
  if (monthlySaving <= 0) return undefined;

  const partition = level === 'group' ? GROUP_PARTITION : companies[0]!.code;
  const slugOf = (id: number) => facts.apps.get(id)!.slug;
  const evidence: ConsolidationEvidence = {
    cluster: { id: cluster.id, category: cluster.category, slugs: cluster.slugs },
    scope: { level, companyCodes: companies.map((c) => c.code) },
    currency,
    activeWindowDays: ACTIVE_WINDOW_DAYS,
    apps: apps.map(({ id: _id, ...app }) => app),
    sharedUsers,
    overlaps: edges.map((e) => ({
      a: slugOf(e.a),
      b: slugOf(e.b),
      similarity: e.similarity,
      sharedFeatures: e.sharedFeatures,
    })),
    keep: {
      slug: kept.slug,
      why:
        `${kept.name} scores ${kept.score.total}: it covers ${Math.round(kept.featureCoverage * 100)} % of the cluster's features, ` +
        `${Math.round(kept.activeShare * 100)} % of its seats were used in the last ${ACTIVE_WINDOW_DAYS} days, and ` +
        (kept.costPerActiveUser === null
          ? 'no one used it in that time.'
          : `it costs ${kept.costPerActiveUser} ${currency} a month per active user.`),
    },
    scoring: {
      weights: KEEP_WEIGHTS,
      explanation:
        'score = 0.4 × feature coverage (share of the cluster’s features the app has) + 0.3 × cost score ' +
        '(the lowest monthly cost per active user in the cluster ÷ this app’s; 0 when no one used it) + ' +
        `0.3 × adoption (active users in ${ACTIVE_WINDOW_DAYS} days ÷ seats, at most 1); the highest score is kept, ` +
        'ties go to the lower spend.',
    },
    remove: removed.map((a) => a.slug),
    moves,
    removedMonthlySpend,
    extraSeats,
    extraSeatsMonthlyCost,
    monthlySaving,
  };
  const names = apps.map((a) => a.name).join(', ');
  return {
    id: recommendationId('consolidation', partition, cluster.id),
    companyCode: partition,
    kind: 'consolidation',
    title: `Consolidate ${names} on ${kept.name}`,
    summary:
      `${level === 'group' ? `Across ${companies.map((c) => c.code).join(', ')}` : companies[0]!.code}, ` +
      `${apps.length} apps do the same job (${cluster.category}); ${sharedUsers} people use two or more of them. ` +
      `Keeping ${kept.name} and moving ${removed.map((a) => a.name).join(', ')} saves ${monthlySaving} ${currency} a month` +
      (extraSeats > 0
        ? ` after ${extraSeats} extra ${kept.name} seat(s) (${extraSeatsMonthlyCost} ${currency} a month).`
        : '.'),
    monthlySaving,
    annualSaving: round2(monthlySaving * 12),
    currency,
    appSlugs: apps.map((a) => a.slug).sort(),
    companyCodes: companies.map((c) => c.code),
    evidence: evidence as unknown as Record<string, unknown>,
    fingerprint: fingerprintOf({ kind: 'consolidation', evidence }),
    ...recommendationBase(ctx),
  };
}

/** The first day of the active window for `now` (for docs and tests). */
export function activeSince(now: Date): string {
  return addDays(now.toISOString().slice(0, 10), -(ACTIVE_WINDOW_DAYS - 1));
}
