// What a template costs per person in a company's currency, priced the way a purchase request is
// (shared/purchasing/pricing.ts: the company's contract price when it has one, else the catalog plan
// converted). A line that cannot be priced (no exchange rate, a plan gone) is shown without a price
// rather than hiding the template.
import type { Kysely } from 'kysely';
import type { Database } from '../platform/db/schema';
import { priceItems, type ItemToPrice } from '../purchasing/pricing';
import type { TemplateCompany } from './templateAccess';

export interface LineToPrice {
  app: string;
  plan?: string | undefined;
  seats: number;
}

export interface LinePrice {
  plan: string;
  planName: string;
  monthlyCost: number;
  priceSource: 'contract' | 'catalog';
  note?: string;
}

const round2 = (v: number) => Math.round(v * 100) / 100;

/** Each line's price (undefined when it cannot be priced), in order. */
export async function priceLines(
  db: Kysely<Database>,
  company: TemplateCompany,
  lines: LineToPrice[],
): Promise<(LinePrice | undefined)[]> {
  if (lines.length === 0) return [];
  const toPrice = (l: LineToPrice): ItemToPrice => ({
    appSlug: l.app,
    ...(l.plan !== undefined && { planCode: l.plan }),
    seats: l.seats,
    forEmployeeId: null,
  });
  const target = { id: company.id, currency: company.currency };
  const all = await priceItems(db, target, lines.map(toPrice));
  const priced = all.ok
    ? all.items
    : await Promise.all(
        lines.map(async (l) => {
          const one = await priceItems(db, target, [toPrice(l)]);
          return one.ok ? one.items[0] : undefined;
        }),
      );
  return priced.map((p) =>
    p === undefined
      ? undefined
      : {
          plan: p.planCode,
          planName: p.planName,
          monthlyCost: p.monthlyCost,
          priceSource: p.priceSource,
          ...(p.note !== undefined && { note: p.note }),
        },
  );
}

export interface CostPerPerson {
  currency: string;
  /** the items everyone gets, per month */
  monthly: number;
  annual: number;
  /** the optional items, if all were picked, per month */
  optionalMonthly: number;
  /** lines that could not be priced (left out of the sums) */
  unpriced: number;
}

export function costPerPerson(
  currency: string,
  lines: { optional: boolean; price: LinePrice | undefined }[],
): CostPerPerson {
  const sum = (optional: boolean) =>
    round2(lines.filter((l) => l.optional === optional).reduce((s, l) => s + (l.price?.monthlyCost ?? 0), 0));
  const monthly = sum(false);
  return {
    currency,
    monthly,
    annual: round2(monthly * 12),
    optionalMonthly: sum(true),
    unpriced: lines.filter((l) => l.price === undefined).length,
  };
}
