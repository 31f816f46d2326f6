// What a call costs: tokens times the deployment's price per 1,000 (AI_PRICE_TABLE, in
// AI_PRICE_CURRENCY); the Batch API at half price; the local provider and cache hits at nothing.
import type { AiPriceTable } from '../platform/config';
import type { LedgerEntry } from './aiLedger';

export const BATCH_PRICE_FACTOR = 0.5;

export class UnpricedModelError extends Error {
  constructor(readonly model: string) {
    super(`AI_PRICE_TABLE has no price for the deployment "${model}"`);
    this.name = 'UnpricedModelError';
  }
}

type Costed = Pick<
  LedgerEntry,
  'provider' | 'model' | 'kind' | 'promptTokens' | 'completionTokens' | 'cached'
>;

/** The cost of one call, rounded to the ledger's 6 decimals. A model call without a price is an error. */
export function costOf(prices: AiPriceTable, call: Costed): number {
  if (call.provider === 'local' || call.cached) return 0;
  const price = prices.byModel[call.model];
  if (!price) throw new UnpricedModelError(call.model);
  const full =
    (call.promptTokens / 1000) * price.inputPer1k + (call.completionTokens / 1000) * price.outputPer1k;
  const cost = call.kind === 'batch-chat' ? full * BATCH_PRICE_FACTOR : full;
  return Math.round(cost * 1e6) / 1e6;
}
