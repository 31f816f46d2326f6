// The one interface the AI features talk to, whoever answers: Azure OpenAI in Azure, the
// deterministic `local` provider everywhere else (the default when AZURE_OPENAI_ENDPOINT is empty).
// Features never build prompts against a provider directly: they run an AiTask (tasks/aiTask.ts),
// which carries both the chat prompt (for a model) and the rule-based answer (for `local`).
import type { AiTask } from './tasks/aiTask';

export type ProviderName = 'local' | 'azure-openai';

/** Says who answered; every AI output the API and the portal show carries one. */
export interface AnsweredBy {
  provider: ProviderName;
  /** deployment or model name, e.g. "text-embedding-3-small" or "local-lexical-v1" */
  model: string;
  /** true for the local provider: the UI labels such answers as deterministic, not a model's */
  deterministic: boolean;
}

export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
}

/** Which feature and which job a call is for: the ledger books tokens and cost against both. */
export interface CallContext {
  /** e.g. "similarity.embed", "similarity.rationale", "app-identity", "jd-match" */
  feature: string;
  jobId?: string;
  signal?: AbortSignal;
}

/** Every embedding of every provider has this many dimensions (the pgvector column is vector(512)). */
export const EMBEDDING_DIMENSION = 512;

export interface EmbeddingResult {
  /** one unit-length vector of EMBEDDING_DIMENSION per input, in input order */
  vectors: number[][];
  answeredBy: AnsweredBy;
  usage: TokenUsage;
}

export interface TaskResult<O> {
  output: O;
  answeredBy: AnsweredBy;
  usage: TokenUsage;
  /** answered from the LLM response cache (no tokens spent) */
  cached: boolean;
}

export interface AiProvider {
  readonly name: ProviderName;
  /** the model that embeds: stored beside each embedding so a model change re-embeds everything */
  readonly embeddingModel: string;
  readonly chatModel: string;
  /** Embeds texts (any number: the provider batches, ≤ 2,048 inputs a call, and truncates long ones). */
  embed(texts: readonly string[], context: CallContext): Promise<EmbeddingResult>;
  /** Runs one task: a structured (JSON-schema) chat for a model, the task's rules for `local`. */
  run<I, O>(task: AiTask<I, O>, input: I, context: CallContext): Promise<TaskResult<O>>;
  /** The Batch API for many runs of one task at half price; absent when no batch deployment is set. */
  readonly batch?: BatchRunner;
}

/** One line of a batch: the caller's id (stable, so a retried submit is recognisable) and the input. */
export interface BatchItem<I> {
  customId: string;
  input: I;
}

export interface BatchHandle {
  batchId: string;
  inputFileId: string;
}

export type BatchState =
  | { status: 'in_progress'; completed: number; total: number }
  | { status: 'completed'; outputFileId: string | null; errorFileId: string | null }
  | { status: 'failed' | 'expired' | 'cancelled'; reason: string };

export interface BatchRunner {
  /** Uploads the JSONL (purpose "batch") and creates the batch (POST /batches, 24h window). */
  submit<I, O>(
    task: AiTask<I, O>,
    items: readonly BatchItem<I>[],
    context: CallContext,
  ): Promise<BatchHandle>;
  /** One poll (GET /batches/{id}); the orchestration calls this at most once a minute. */
  poll(batchId: string): Promise<BatchState>;
  /** Reads the output file: results by customId; ids missing from it are left for direct calls. */
  results<I, O>(
    task: AiTask<I, O>,
    outputFileId: string,
    context: CallContext,
  ): Promise<Map<string, TaskResult<O>>>;
}

/** Who answers a provider's tasks, for outputs computed beside them (recommendations of a job). */
export function answeredByOf(provider: AiProvider): AnsweredBy {
  return { provider: provider.name, model: provider.chatModel, deterministic: provider.name === 'local' };
}
