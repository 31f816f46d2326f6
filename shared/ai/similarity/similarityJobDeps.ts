// What the similarity job is built from. Everything AI-specific is injected by the composition root
// (functions/index.ts): the provider (local or Azure OpenAI, with its batch runner), the overlap task,
// the recommendation store (Cosmos DB), the F1/F2 computations, app-identity matching and the ledger's
// per-job cost. Tests pass deterministic doubles.
import type { Kysely } from 'kysely';
import type { AiProvider, CallContext, TaskResult } from '../aiProvider';
import type { AiTask } from '../tasks/aiTask';
import type { Recommendation, RecommendationStore } from '../recommendations/recommendation';
import type { EmbeddingTexts } from '../embeddings/catalogTexts';
import type { EventPublisher } from '../../platform/clients/eventPublisher';
import type { Database } from '../../platform/db/schema';

/** The app as the AI tasks see it (shared/ai/tasks/judgeOverlap.ts AppText). */
export interface AppText {
  slug: string;
  name: string;
  vendor: string;
  category: string;
  description: string;
  features: { name: string; description: string }[];
}

export interface JudgeOverlapInput {
  a: AppText;
  b: AppText;
  similarity: number;
}

export interface JudgeOverlapOutput {
  verdict: 'same-job' | 'partial' | 'different';
  sharedFeatures: string[];
  rationale: string;
}

export interface JobContext {
  jobId: string;
  /** null: the whole catalog */
  scopeAppIds: number[] | null;
}

export interface JobCost {
  tokens: number;
  cost: number;
  /** the price table's currency (AI_PRICE_CURRENCY) */
  currency: string;
  cacheHitRate: number;
  /** chat answers served from the LLM cache, and those a model gave */
  cacheHits: number;
  cacheMisses: number;
}

/**
 * The LLM response cache on the Batch API path (shared/ai/withLlmCache.ts taskCache, with hits booked
 * in the ledger): the output file does not carry the inputs, so the job itself reads each pair's
 * answer before submitting and stores each batch answer after reading it. Absent: no cache (the
 * local provider, which has no batch path, or no Cosmos DB).
 */
export interface BatchAnswerCache {
  lookup<I, O>(task: AiTask<I, O>, input: I, context: CallContext): Promise<TaskResult<O> | undefined>;
  store<I, O>(task: AiTask<I, O>, input: I, result: TaskResult<O>): Promise<void>;
}

export interface SimilarityJobDeps {
  db: Kysely<Database>;
  events: EventPublisher;
  now: () => Date;
  provider: AiProvider;
  /** judgeOverlapTask */
  judgeOverlap: AiTask<JudgeOverlapInput, JudgeOverlapOutput>;
  /** the LLM cache on the Batch API path; the synchronous path reads it inside the provider */
  batchAnswers?: BatchAnswerCache;
  /** appEmbeddingText, featureEmbeddingText, contentHash */
  texts: EmbeddingTexts;
  store: RecommendationStore;
  /** F1 + F2: computeCrossSubsidiaryMatches and computeConsolidations, concatenated */
  computeRecommendations: (db: Kysely<Database>, ctx: JobContext) => Promise<Recommendation[]>;
  /** app identity: candidates for names seen in ingest that match no app; how many it wrote */
  matchUnknownApps: (db: Kysely<Database>, ctx: JobContext) => Promise<{ candidates: number }>;
  /** tokens, cost and cache hit rate the ledger booked against the job (aiLedger jobCost) */
  jobCost: (db: Kysely<Database>, jobId: string) => Promise<JobCost>;
  /** neighbours per app and the similarity floor (DEFAULT_SIMILARITY_TUNING); the Batch API threshold
   * (AI_BATCH_MIN_ITEMS) travels in the orchestration's input, given by the starters */
  tuning: SimilarityTuning;
}

export interface SimilarityTuning {
  /** neighbours per app */
  k: number;
  /** cosine similarity a pair needs to be a candidate */
  floor: number;
}

export const DEFAULT_SIMILARITY_TUNING: SimilarityTuning = { k: 8, floor: 0.2 };
