// F1, cross-subsidiary match: an app two or more subsidiaries buy under contracts of their own. Each
// contract's price is put on one footing (per seat and month, in EUR), the spread shows how far apart
// the subsidiaries pay, and the saving is what one group agreement would save: every seat at the best
// price any subsidiary got, or at the vendor's volume tier for all the seats together, whichever is
// lower. One recommendation per app, at group level, with the contracts behind it.
import { sql, type Kysely } from 'kysely';
import { conversionFactor, listUnitPrice, loadExchangeRates } from '../../catalog/listPrices';
import type { Database, PriceTier } from '../../platform/db/schema';
import {
  addDays,
  fingerprintOf,
  recommendationBase,
  round2,
  round4,
  spreadOf,
  type RecommendationContext,
  type Spread,
} from './figures';
import { GROUP_PARTITION, recommendationId, type Recommendation } from './recommendation';

/** The currency of every group-level figure. */
export const GROUP_CURRENCY = 'EUR';

export interface MatchedContract {
  contractId: number;
  company: { code: string; name: string };
  plan: { code: string; name: string; pricingModel: string; billingPeriod: string };
  seats: number;
  /** as negotiated: per seat and month, in the contract's currency */
  unitPrice: number;
  currency: string;
  /** the same price in EUR */
  monthlyUnitPriceEur: number;
  monthlySpendEur: number;
  renewalDate: string;
  /** the last day to give notice before the renewal (renewal date − notice days) */
  noticeDeadline: string;
  autoRenew: boolean;
}

export interface CrossSubsidiaryEvidence {
  app: { slug: string; name: string; vendor: string };
  contracts: MatchedContract[];
  /** of the monthly unit prices in EUR, one value per contract */
  spread: Spread;
  combinedSeats: number;
  currentMonthlySpendEur: number;
  bestPrice: { unitPriceEur: number; companyCode: string; monthlySpendEur: number };
  /** the lowest volume-tier list price for all the seats, over the tiered plans the contracts use */
  volumeTier: { planCode: string; unitPriceEur: number; monthlySpendEur: number } | null;
  chosen: 'best-price' | 'volume-tier';
  groupMonthlySpendEur: number;
  nextRenewal: string;
  nextNoticeDeadline: string;
  /** units of each currency per EUR, as used */
  exchangeRates: Record<string, number>;
}

interface ContractRow {
  contract_id: number;
  seats: number;
  unit_price: string;
  currency: string;
  renewal_date: string;
  notice_days: number;
  auto_renew: boolean;
  company_code: string;
  company_name: string;
  app_id: number;
  app_slug: string;
  app_name: string;
  vendor: string;
  plan_code: string;
  plan_name: string;
  pricing_model: 'per_seat' | 'tiered' | 'pay_per_use';
  plan_currency: string;
  plan_unit_price: string;
  tiers: PriceTier[] | null;
  billing_period: string;
}

export async function computeCrossSubsidiaryMatches(
  db: Kysely<Database>,
  ctx: RecommendationContext,
): Promise<Recommendation[]> {
  // Pay-per-use plans have no seat price to compare; they are left out.
  const rows = (await db
    .selectFrom('contracts as k')
    .innerJoin('companies as c', 'c.id', 'k.company_id')
    .innerJoin('apps as a', 'a.id', 'k.app_id')
    .innerJoin('vendors as v', 'v.id', 'a.vendor_id')
    .innerJoin('pricing_plans as p', 'p.id', 'k.plan_id')
    .select([
      'k.id as contract_id',
      'k.seats',
      'k.unit_price',
      'k.currency',
      sql<string>`to_char(k.renewal_date, 'YYYY-MM-DD')`.as('renewal_date'),
      'k.notice_days',
      'k.auto_renew',
      'c.code as company_code',
      'c.name as company_name',
      'a.id as app_id',
      'a.slug as app_slug',
      'a.name as app_name',
      'v.name as vendor',
      'p.code as plan_code',
      'p.name as plan_name',
      'p.pricing_model',
      'p.currency as plan_currency',
      'p.unit_price as plan_unit_price',
      'p.tiers',
      'p.billing_period',
    ])
    .where('k.status', '=', 'active')
    .where('p.pricing_model', '<>', 'pay_per_use')
    .where('k.seats', '>', 0)
    .orderBy('a.slug')
    .orderBy('c.code')
    .orderBy('k.id')
    .execute()) as unknown as ContractRow[];
  const rates = await loadExchangeRates(db);

  const byApp = new Map<string, ContractRow[]>();
  for (const row of rows) byApp.set(row.app_slug, [...(byApp.get(row.app_slug) ?? []), row]);

  const items: Recommendation[] = [];
  for (const [slug, contracts] of byApp) {
    const buyers = [...new Set(contracts.map((k) => k.company_code.trim()))].sort();
    if (buyers.length < 2) continue;
    const evidence = matchEvidence(contracts, rates);
    if (!evidence) continue;
    const monthlySaving = round2(evidence.currentMonthlySpendEur - evidence.groupMonthlySpendEur);
    if (monthlySaving <= 0) continue;
    const first = contracts[0]!;
    items.push({
      id: recommendationId('cross-subsidiary-match', GROUP_PARTITION, slug),
      companyCode: GROUP_PARTITION,
      kind: 'cross-subsidiary-match',
      title: `${first.app_name}: one group agreement instead of ${contracts.length} contracts`,
      summary:
        `${buyers.length} subsidiaries (${buyers.join(', ')}) buy ${first.app_name} separately, ` +
        `${evidence.combinedSeats} seats at ${evidence.spread.min}–${evidence.spread.max} EUR a seat and month. ` +
        (evidence.chosen === 'best-price'
          ? `Every seat at the best price (${evidence.bestPrice.unitPriceEur} EUR, ${evidence.bestPrice.companyCode})`
          : `The vendor's volume tier for ${evidence.combinedSeats} seats (${evidence.volumeTier!.unitPriceEur} EUR)`) +
        ` saves ${monthlySaving} EUR a month; the next renewal is ${evidence.nextRenewal} (notice by ${evidence.nextNoticeDeadline}).`,
      monthlySaving,
      annualSaving: round2(monthlySaving * 12),
      currency: GROUP_CURRENCY,
      appSlugs: [slug],
      companyCodes: buyers,
      evidence: evidence as unknown as Record<string, unknown>,
      fingerprint: fingerprintOf({ kind: 'cross-subsidiary-match', evidence, monthlySaving }),
      ...recommendationBase(ctx),
    });
  }
  return items;
}

function matchEvidence(
  contracts: ContractRow[],
  rates: ReadonlyMap<string, number>,
): CrossSubsidiaryEvidence | undefined {
  const toEur = (currency: string) => conversionFactor(rates, currency, GROUP_CURRENCY);
  // A contract in a currency without a rate cannot be compared: the app is skipped rather than guessed.
  if (contracts.some((k) => !Number.isFinite(toEur(k.currency)))) return undefined;
  const matched: MatchedContract[] = contracts.map((k) => {
    // unit_price is per seat and month whatever the billing period (annual billing is paid
    // yearly in advance, at twelve times the monthly price), as purchasing prices it.
    const monthlyUnitPriceEur = round4(Number(k.unit_price) * toEur(k.currency));
    return {
      contractId: k.contract_id,
      company: { code: k.company_code.trim(), name: k.company_name },
      plan: {
        code: k.plan_code,
        name: k.plan_name,
        pricingModel: k.pricing_model,
        billingPeriod: k.billing_period,
      },
      seats: k.seats,
      unitPrice: Number(k.unit_price),
      currency: k.currency.trim(),
      monthlyUnitPriceEur,
      monthlySpendEur: round2(monthlyUnitPriceEur * k.seats),
      renewalDate: k.renewal_date,
      noticeDeadline: addDays(k.renewal_date, -k.notice_days),
      autoRenew: k.auto_renew,
    };
  });
  const combinedSeats = matched.reduce((n, k) => n + k.seats, 0);
  const currentMonthlySpendEur = round2(matched.reduce((s, k) => s + k.monthlyUnitPriceEur * k.seats, 0));
  const best = [...matched].sort(
    (a, b) =>
      a.monthlyUnitPriceEur - b.monthlyUnitPriceEur ||
      a.company.code.localeCompare(b.company.code) ||
      a.contractId - b.contractId,
  )[0]!;
  const bestPrice = {
    unitPriceEur: best.monthlyUnitPriceEur,
    companyCode: best.company.code,
    monthlySpendEur: round2(best.monthlyUnitPriceEur * combinedSeats),
  };

  // The vendor's volume tier: each tiered plan in use, priced for all the seats together.
  const tieredPlans = new Map<string, ContractRow>();
  for (const k of contracts) if (k.pricing_model === 'tiered') tieredPlans.set(k.plan_code, k);
  let volumeTier: CrossSubsidiaryEvidence['volumeTier'] = null;
  for (const plan of [...tieredPlans.values()].sort((a, b) => a.plan_code.localeCompare(b.plan_code))) {
    const factor = toEur(plan.plan_currency);
    if (!Number.isFinite(factor)) continue;
    const unitPriceEur = round4(
      listUnitPrice(
        { pricing_model: plan.pricing_model, unit_price: plan.plan_unit_price, tiers: plan.tiers },
        combinedSeats,
      ) * factor,
    );
    if (!volumeTier || unitPriceEur < volumeTier.unitPriceEur) {
      volumeTier = {
        planCode: plan.plan_code,
        unitPriceEur,
        monthlySpendEur: round2(unitPriceEur * combinedSeats),
      };
    }
  }
  const chosen =
    volumeTier && volumeTier.monthlySpendEur < bestPrice.monthlySpendEur ? 'volume-tier' : 'best-price';
  const nextRenewal = matched.map((k) => k.renewalDate).sort()[0]!;
  const nextNoticeDeadline = matched.map((k) => k.noticeDeadline).sort()[0]!;
  const currencies = [...new Set([...matched.map((k) => k.currency), GROUP_CURRENCY])].sort();
  return {
    app: { slug: contracts[0]!.app_slug, name: contracts[0]!.app_name, vendor: contracts[0]!.vendor },
    contracts: matched,
    spread: spreadOf(matched.map((k) => k.monthlyUnitPriceEur)),
    combinedSeats,
    currentMonthlySpendEur,
    bestPrice,
    volumeTier,
    chosen,
    groupMonthlySpendEur: chosen === 'volume-tier' ? volumeTier!.monthlySpendEur : bestPrice.monthlySpendEur,
    nextRenewal,
    nextNoticeDeadline,
    exchangeRates: Object.fromEntries(currencies.map((c) => [c, rates.get(c) ?? NaN])),
  };
}
