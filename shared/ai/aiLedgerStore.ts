// The ledger in PostgreSQL (ai_usage_ledger): one row per call, and what a job cost in total with
// its LLM cache hit rate, computed from the rows (so it survives restarts and replays).
import { sql, type Kysely } from 'kysely';
import type { Database } from '../platform/db/schema';
import type { AiLedger, LedgerEntry } from './aiLedger';

export function createAiLedger(db: Kysely<Database>): AiLedger {
  return {
    async record(entry: LedgerEntry) {
      await db
        .insertInto('ai_usage_ledger')
        .values({
          feature: entry.feature,
          job_id: entry.jobId,
          provider: entry.provider,
          model: entry.model,
          kind: entry.kind,
          prompt_tokens: entry.promptTokens,
          completion_tokens: entry.completionTokens,
          cost: entry.cost.toFixed(6),
          cached: entry.cached,
        })
        .execute();
    },
  };
}

export interface JobCost {
  promptTokens: number;
  completionTokens: number;
  cost: number;
  currency: string;
  /** chat answers served from the LLM cache */
  cacheHits: number;
  /** chat answers a model gave (synchronous or batch); the local provider's answers are neither */
  cacheMisses: number;
  /** hits / (hits + misses); null when the job asked no model anything */
  cacheHitRate: number | null;
}

/** Totals of one job's calls; `currency` is the price table's (AI_PRICE_CURRENCY). */
export async function jobCost(db: Kysely<Database>, jobId: string, currency: string): Promise<JobCost> {
  const row = await db
    .selectFrom('ai_usage_ledger')
    .where('job_id', '=', jobId)
    .select([
      sql<string>`coalesce(sum(prompt_tokens), 0)`.as('prompt_tokens'),
      sql<string>`coalesce(sum(completion_tokens), 0)`.as('completion_tokens'),
      sql<string>`coalesce(sum(cost), 0)`.as('cost'),
      sql<string>`count(*) filter (where kind <> 'embedding' and provider <> 'local' and cached)`.as('hits'),
      sql<string>`count(*) filter (where kind <> 'embedding' and provider <> 'local' and not cached)`.as(
        'misses',
      ),
    ])
    .executeTakeFirstOrThrow();
  const hits = Number(row.hits);
  const misses = Number(row.misses);
  return {
    promptTokens: Number(row.prompt_tokens),
    completionTokens: Number(row.completion_tokens),
    cost: Math.round(Number(row.cost) * 1e6) / 1e6,
    currency,
    cacheHits: hits,
    cacheMisses: misses,
    cacheHitRate: hits + misses === 0 ? null : hits / (hits + misses),
  };
}
