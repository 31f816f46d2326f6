// The LLM response cache (Cosmos DB container `llmCache`, TTL on the container). Read before every
// chat call; key = SHA-256 of deployment + normalised messages + parameters (cacheKey.ts).
export interface CachedAnswer {
  /** the model's JSON answer, already validated by the task's schema when it was stored */
  output: unknown;
  model: string;
  promptTokens: number;
  completionTokens: number;
}

export interface LlmCache {
  get(key: string): Promise<CachedAnswer | undefined>;
  put(key: string, answer: CachedAnswer): Promise<void>;
}
