// Prices requested items in the company's currency: from the company's own active contract for the
// app when there is one (its negotiated unit price), otherwise from the catalog plan converted with
// the exchange rates. Monthly and annual cost per line; per-seat and tiered plans price per seat and
// month, pay-per-use plans cannot be priced ahead and count as zero with a note.
import type { Kysely } from 'kysely';
import { conversionFactor, convertPrice, listUnitPrice, loadExchangeRates } from '../catalog/listPrices';
import type { Database } from '../platform/db/schema';

export interface ItemToPrice {
  appSlug: string;
  planCode?: string;
  seats: number;
  forEmployeeId: number | null;
}

export interface PricedItem extends ItemToPrice {
  appId: number;
  appName: string;
  planId: number;
  planCode: string;
  planName: string;
  contractId: number | null;
  unitPrice: number;
  monthlyCost: number;
  annualCost: number;
  priceSource: 'contract' | 'catalog';
  note?: string;
}

export type PricingResult =
  | { ok: true; items: PricedItem[]; monthly: number; annual: number }
  | { ok: false; errors: { path: string; message: string }[] };

const round2 = (v: number) => Math.round(v * 100) / 100;

export async function priceItems(
  db: Kysely<Database>,
  company: { id: number; currency: string },
  items: ItemToPrice[],
): Promise<PricingResult> {
  const slugs = [...new Set(items.map((i) => i.appSlug))];
  const apps = await db
    .selectFrom('apps')
    .select(['id', 'slug', 'name'])
    .where('slug', 'in', slugs)
    .execute();
  const appBySlug = new Map(apps.map((a) => [a.slug, a]));
  const appIds = apps.map((a) => a.id);
  const plans = appIds.length
    ? await db.selectFrom('pricing_plans').selectAll().where('app_id', 'in', appIds).orderBy('id').execute()
    : [];
  const contracts = appIds.length
    ? await db
        .selectFrom('contracts')
        .select(['id', 'app_id', 'plan_id', 'unit_price', 'seats'])
        .where('company_id', '=', company.id)
        .where('status', '=', 'active')
        .where('app_id', 'in', appIds)
        .orderBy('seats', 'desc')
        .orderBy('id')
        .execute()
    : [];
  const rates = await loadExchangeRates(db);

  const errors: { path: string; message: string }[] = [];
  const priced: PricedItem[] = [];
  items.forEach((item, index) => {
    const app = appBySlug.get(item.appSlug);
    if (!app) {
      errors.push({ path: `items.${index}.app`, message: `no app "${item.appSlug}" in the catalog` });
      return;
    }
    const appPlans = plans.filter((p) => p.app_id === app.id);
    const appContracts = contracts.filter((c) => c.app_id === app.id);
    const plan = item.planCode
      ? appPlans.find((p) => p.code === item.planCode)
      : (appPlans.find((p) => p.id === appContracts[0]?.plan_id) ??
        [...appPlans]
          .filter((p) => p.pricing_model !== 'pay_per_use')
          .sort((a, b) => Number(a.unit_price) - Number(b.unit_price))[0] ??
        appPlans[0]);
    if (!plan) {
      errors.push({
        path: `items.${index}.plan`,
        message: `"${app.name}" has no plan "${item.planCode ?? ''}"; plans: ${appPlans.map((p) => p.code).join(', ')}`,
      });
      return;
    }
    const contract = appContracts.find((c) => c.plan_id === plan.id);
    const planCurrency = plan.currency.trim();
    const toCompany = conversionFactor(rates, planCurrency, company.currency);
    if (!contract && !Number.isFinite(toCompany)) {
      errors.push({
        path: `items.${index}.plan`,
        message: `no exchange rate between ${planCurrency} and ${company.currency}`,
      });
      return;
    }
    const listPrice = listUnitPrice(plan, item.seats);
    const unitPrice = contract ? Number(contract.unit_price) : convertPrice(listPrice, toCompany);
    const payPerUse = plan.pricing_model === 'pay_per_use';
    const monthly = payPerUse ? 0 : round2(unitPrice * item.seats);
    priced.push({
      ...item,
      appId: app.id,
      appName: app.name,
      planId: plan.id,
      planCode: plan.code,
      planName: plan.name,
      contractId: contract?.id ?? null,
      unitPrice,
      monthlyCost: monthly,
      annualCost: round2(monthly * 12),
      priceSource: contract ? 'contract' : 'catalog',
      ...(payPerUse && { note: `billed per ${plan.unit_name} used; not priced ahead` }),
    });
  });
  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    items: priced,
    monthly: round2(priced.reduce((s, i) => s + i.monthlyCost, 0)),
    annual: round2(priced.reduce((s, i) => s + i.annualCost, 0)),
  };
}
