// An LlmCache in memory, for tests of what sits in front of the cache (the Cosmos one is tested on its own).
import type { CachedAnswer, LlmCache } from '../../shared/ai/llmCache';

export interface MemoryLlmCache extends LlmCache {
  entries: Map<string, CachedAnswer>;
}

export function memoryLlmCache(): MemoryLlmCache {
  const entries = new Map<string, CachedAnswer>();
  return {
    entries,
    get: (key) => Promise.resolve(entries.get(key)),
    put: (key, answer) => {
      entries.set(key, answer);
      return Promise.resolve();
    },
  };
}
