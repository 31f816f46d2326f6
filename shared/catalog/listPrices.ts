// Catalog prices in a company's currency: the exchange rates (EUR based), the price of a tiered plan
// for a number of seats, and a list price converted. Purchasing prices requests with these, and the
// catalog shows plans with them, so the portal and the request price a seat the same way.
import type { Kysely } from 'kysely';
import type { Database, PriceTier } from '../platform/db/schema';

export type ExchangeRates = ReadonlyMap<string, number>;

/** Units of each currency per euro, from exchange_rates. */
export async function loadExchangeRates(db: Kysely<Database>): Promise<ExchangeRates> {
  const rates = await db.selectFrom('exchange_rates').select(['currency', 'per_eur']).execute();
  return new Map(rates.map((r) => [r.currency.trim(), Number(r.per_eur)]));
}

/** The factor from `from` to `to`; NaN when a rate is missing. */
export function conversionFactor(rates: ExchangeRates, from: string, to: string): number {
  return (rates.get(to.trim()) ?? NaN) / (rates.get(from.trim()) ?? NaN);
}

/** The unit price of a tiered plan for `seats` seats: the first tier they fit in. */
export function tierPrice(tiers: PriceTier[] | null, seats: number, fallback: number): number {
  const tier = (tiers ?? []).find((t) => t.upTo === null || seats <= t.upTo);
  return tier?.unitPrice ?? fallback;
}

/** A plan's list price per seat and month for `seats` seats, in the plan's own currency. */
export function listUnitPrice(
  plan: { pricing_model: string; unit_price: string | number; tiers: PriceTier[] | null },
  seats: number,
): number {
  return plan.pricing_model === 'tiered'
    ? tierPrice(plan.tiers, seats, Number(plan.unit_price))
    : Number(plan.unit_price);
}

/** A price converted with `factor`, kept to four decimals as request lines store it. */
export function convertPrice(price: number, factor: number): number {
  return Math.round(price * factor * 1e4) / 1e4;
}
