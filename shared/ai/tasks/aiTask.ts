// A unit of AI work with one structured answer, written once for both providers: the messages and
// JSON schema a model gets, the zod schema its answer must pass, and the local provider's rules.
import type { z } from 'zod';

export interface ChatMessage {
  role: 'system' | 'user';
  content: string;
}

export interface AiTask<I, O> {
  /** stable name, part of the cache key and the ledger's feature, e.g. "judge-overlap" */
  name: string;
  /** bump when the prompt or schema changes: old cache entries then stop matching */
  version: number;
  /** what the model's JSON answer must satisfy; a reply that fails it is an error, never guessed at */
  output: z.ZodType<O>;
  /** the JSON schema sent as response_format (strict) */
  jsonSchema: Record<string, unknown>;
  messages(input: I): ChatMessage[];
  /** the deterministic answer of the local provider (its lexicon and rules) */
  local(input: I): O;
  /** optional per-task limits for the model call */
  maxOutputTokens?: number;
}
