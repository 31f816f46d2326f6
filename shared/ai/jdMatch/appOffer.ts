// What proposing an app means for the company: the plan (the company's contract plan, else the
// cheapest priced plan), its cost per person and month in the company's currency (catalog prices
// converted as the catalog and purchasing convert them, or the contract's own price), where a seat
// would come from (a free seat of its own, a sibling's contract that allows affiliates, or a
// purchase — shared/catalog/freeSeats, as fulfilment sees it) and whether the app is a standard of
// the company (an active contract with seats in use).
import type { Kysely } from 'kysely';
import { contractSeats, freeSeatsFor } from '../../catalog/freeSeats';
import { conversionFactor, convertPrice, listUnitPrice, loadExchangeRates } from '../../catalog/listPrices';
import type { Database } from '../../platform/db/schema';
import type { JdCoverage, JdRankedApp } from './jdMatchContract';

export interface AppOffer {
  plan: JdRankedApp['plan'];
  monthlyCost: number;
  coverage: JdCoverage;
  seatsInUse: number;
  companyStandard: boolean;
}

const round2 = (v: number) => Math.round(v * 100) / 100;

export async function appOffers(
  db: Kysely<Database>,
  company: { id: number; code: string; currency: string },
  appIds: number[],
): Promise<Map<number, AppOffer>> {
  if (appIds.length === 0) return new Map();
  const [plans, own, seats, rates] = await Promise.all([
    db.selectFrom('pricing_plans').selectAll().where('app_id', 'in', appIds).orderBy('id').execute(),
    db
      .selectFrom('contracts as k')
      .select(['k.id', 'k.app_id', 'k.plan_id', 'k.unit_price', 'k.currency', 'k.seats'])
      .where('k.company_id', '=', company.id)
      .where('k.status', '=', 'active')
      .where('k.app_id', 'in', appIds)
      .orderBy('k.seats', 'desc')
      .orderBy('k.id')
      .execute(),
    contractSeats(db, appIds),
    loadExchangeRates(db),
  ]);
  const offers = new Map<number, AppOffer>();
  for (const appId of appIds) {
    const appPlans = plans.filter((p) => p.app_id === appId);
    const contracts = own.filter((k) => k.app_id === appId);
    const plan =
      appPlans.find((p) => p.id === contracts[0]?.plan_id) ??
      [...appPlans]
        .filter((p) => p.pricing_model !== 'pay_per_use')
        .sort((a, b) => Number(a.unit_price) - Number(b.unit_price) || a.id - b.id)[0] ??
      appPlans[0];
    if (!plan) continue;
    const contract = contracts.find((k) => k.plan_id === plan.id);
    const monthly =
      plan.pricing_model === 'pay_per_use'
        ? 0
        : contract
          ? convertPrice(
              Number(contract.unit_price),
              conversionFactor(rates, contract.currency, company.currency),
            )
          : convertPrice(listUnitPrice(plan, 1), conversionFactor(rates, plan.currency, company.currency));
    const free = freeSeatsFor(seats, company.id, appId);
    const sibling = free.affiliates[0];
    const coverage: JdCoverage =
      free.own > 0
        ? { kind: 'free-seat', companyCode: company.code, freeSeats: free.own }
        : sibling
          ? { kind: 'affiliate-seat', companyCode: sibling.companyCode, freeSeats: sibling.seats }
          : { kind: 'purchase' };
    // seats held = seats − free, from the same count fulfilment uses (contractSeats)
    const seatsInUse = contracts.reduce(
      (n, k) => n + k.seats - (seats.find((r) => r.contractId === k.id)?.free ?? k.seats),
      0,
    );
    offers.set(appId, {
      plan: { id: plan.id, code: plan.code, name: plan.name, pricingModel: plan.pricing_model },
      monthlyCost: Number.isFinite(monthly) ? round2(monthly) : 0,
      coverage,
      seatsInUse,
      companyStandard: seatsInUse > 0,
    });
  }
  return offers;
}
