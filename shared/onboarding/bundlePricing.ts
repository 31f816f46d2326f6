// A hire's bundle as HR sees it: each app with its plan, monthly cost in the company's currency
// (the purchasing price rules: the company's contract, else the catalog), where the seat would come
// from and the JD match's reasons. Priced when read, so a bundle always shows today's prices.
import type { Kysely } from 'kysely';
import type { JdCoverage, JdMatchResult, JdReason } from '../ai/jdMatch/jdMatchContract';
import { contractSeats, freeSeatsFor } from '../catalog/freeSeats';
import type { Database, NewHireBundleItem } from '../platform/db/schema';
import { priceItems } from '../purchasing/pricing';

type PricingModel = 'per_seat' | 'tiered' | 'pay_per_use';

export interface BundleLine {
  app: { slug: string; name: string };
  /** pricingModel: a pay-per-use plan has no monthly price (its monthlyCost is 0), it is priced by use */
  plan: { code: string; name: string; pricingModel: PricingModel };
  source: NewHireBundleItem['source'];
  monthlyCost: number;
  coverage: JdCoverage;
  reasons: JdReason[];
}

/** The apps and plans of stored bundle items, by id. */
async function names(db: Kysely<Database>, items: NewHireBundleItem[]) {
  if (items.length === 0)
    return {
      apps: new Map<number, { slug: string; name: string }>(),
      plans: new Map<number, { code: string; name: string; pricing_model: PricingModel }>(),
    };
  const apps = await db
    .selectFrom('apps')
    .select(['id', 'slug', 'name'])
    .where(
      'id',
      'in',
      items.map((i) => i.appId),
    )
    .execute();
  const plans = await db
    .selectFrom('pricing_plans')
    .select(['id', 'code', 'name', 'pricing_model'])
    .where(
      'id',
      'in',
      items.map((i) => i.planId),
    )
    .execute();
  return { apps: new Map(apps.map((a) => [a.id, a])), plans: new Map(plans.map((p) => [p.id, p])) };
}

export async function priceBundle(
  db: Kysely<Database>,
  company: { id: number; code: string; currency: string },
  items: NewHireBundleItem[],
  match: JdMatchResult | null,
): Promise<{ lines: BundleLine[]; monthly: number }> {
  if (items.length === 0) return { lines: [], monthly: 0 };
  const { apps, plans } = await names(db, items);
  const known = items.filter((i) => apps.has(i.appId) && plans.has(i.planId));
  const priced = await priceItems(
    db,
    company,
    known.map((i) => ({
      appSlug: apps.get(i.appId)!.slug,
      planCode: plans.get(i.planId)!.code,
      seats: 1,
      forEmployeeId: null,
    })),
  );
  const seats = await contractSeats(
    db,
    known.map((i) => i.appId),
  );
  const lines = known.map((item, index): BundleLine => {
    const app = apps.get(item.appId)!;
    const plan = plans.get(item.planId)!;
    const free = freeSeatsFor(seats, company.id, item.appId);
    const sibling = free.affiliates[0];
    const coverage: JdCoverage =
      free.own > 0
        ? { kind: 'free-seat', companyCode: company.code, freeSeats: free.own }
        : sibling
          ? { kind: 'affiliate-seat', companyCode: sibling.companyCode, freeSeats: sibling.seats }
          : { kind: 'purchase' };
    return {
      app: { slug: app.slug, name: app.name },
      plan: { code: plan.code, name: plan.name, pricingModel: plan.pricing_model },
      source: item.source,
      monthlyCost: priced.ok ? (priced.items[index]?.monthlyCost ?? 0) : 0,
      coverage,
      reasons: match?.apps.find((a) => a.app.id === item.appId)?.reasons ?? [],
    };
  });
  return {
    lines,
    monthly: Math.round(lines.reduce((sum, l) => sum + l.monthlyCost, 0) * 100) / 100,
  };
}

/** Resolves `{ app, plan? }` lines to stored bundle items; errors name the line. */
export async function resolveBundleItems(
  db: Kysely<Database>,
  company: { id: number; currency: string },
  items: { app: string; plan?: string }[],
  source: (slug: string) => NewHireBundleItem['source'],
  path = 'items',
): Promise<
  { ok: true; items: NewHireBundleItem[] } | { ok: false; errors: { path: string; message: string }[] }
> {
  const seen = new Map<string, number>();
  const errors: { path: string; message: string }[] = [];
  items.forEach((item, index) => {
    const earlier = seen.get(item.app);
    if (earlier !== undefined)
      errors.push({ path: `${path}.${index}.app`, message: `${item.app} is already line ${earlier + 1}` });
    else seen.set(item.app, index);
  });
  if (errors.length) return { ok: false, errors };
  if (items.length === 0) return { ok: true, items: [] };
  const priced = await priceItems(
    db,
    company,
    items.map((i) => ({
      appSlug: i.app,
      ...(i.plan !== undefined && { planCode: i.plan }),
      seats: 1,
      forEmployeeId: null,
    })),
  );
  if (!priced.ok) {
    return { ok: false, errors: priced.errors.map((e) => ({ ...e, path: e.path.replace(/^items/, path) })) };
  }
  return {
    ok: true,
    items: priced.items.map((p) => ({ appId: p.appId, planId: p.planId, source: source(p.appSlug) })),
  };
}
