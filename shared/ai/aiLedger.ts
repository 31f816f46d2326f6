// Tokens and cost per call, booked per feature and per job (PostgreSQL table ai_usage_ledger).
import type { ProviderName } from './aiProvider';

export interface LedgerEntry {
  feature: string;
  jobId: string | null;
  provider: ProviderName;
  model: string;
  /** "embedding" | "chat" | "batch-chat" (half price) */
  kind: 'embedding' | 'chat' | 'batch-chat';
  promptTokens: number;
  completionTokens: number;
  /** in the price table's currency (AI_PRICE_TABLE), 0 for local and for cache hits */
  cost: number;
  cached: boolean;
}

export interface AiLedger {
  record(entry: LedgerEntry): Promise<void>;
}
