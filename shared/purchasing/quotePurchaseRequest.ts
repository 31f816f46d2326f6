// The price of a draft purchase request, as the portal shows it before the person submits: the same
// checks and pricing as a submission (preparePurchaseRequest), in the requester's company currency.
// It stores nothing and does not count against the requester's daily limit.
import type { Kysely } from 'kysely';
import type { UserPrincipal } from '../identity/principal';
import type { Database } from '../platform/db/schema';
import { preparePurchaseRequest } from './preparePurchaseRequest';
import type { PurchaseDraftInput } from './purchaseRequestInput';

export interface PurchaseQuote {
  currency: string;
  monthly: number;
  annual: number;
  items: {
    line: number;
    appSlug: string;
    appName: string;
    planCode: string;
    planName: string;
    seats: number;
    /** per seat and month, in `currency` */
    unitPrice: number;
    monthly: number;
    annual: number;
    priceSource: 'contract' | 'catalog';
    note?: string;
  }[];
}

export type QuoteResult =
  | { kind: 'quoted'; quote: PurchaseQuote }
  | { kind: 'invalid'; errors: { path: string; message: string }[] }
  | { kind: 'forbidden'; detail: string };

export async function quotePurchaseRequest(
  db: Kysely<Database>,
  actor: UserPrincipal,
  input: PurchaseDraftInput,
  now: Date,
): Promise<QuoteResult> {
  const prepared = await preparePurchaseRequest(db, actor, input, now);
  if (prepared.kind !== 'ready') return prepared;
  const { requester, priced } = prepared;
  return {
    kind: 'quoted',
    quote: {
      currency: requester.currency,
      monthly: priced.monthly,
      annual: priced.annual,
      items: priced.items.map((item, index) => ({
        line: index + 1,
        appSlug: item.appSlug,
        appName: item.appName,
        planCode: item.planCode,
        planName: item.planName,
        seats: item.seats,
        unitPrice: item.unitPrice,
        monthly: item.monthlyCost,
        annual: item.annualCost,
        priceSource: item.priceSource,
        ...(item.note !== undefined && { note: item.note }),
      })),
    },
  };
}
