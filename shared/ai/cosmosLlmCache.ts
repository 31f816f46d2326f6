// LlmCache on the Cosmos DB container `llmCache` (partition key /id, id = the cache key). Items
// expire by the container's default TTL (LLM_CACHE_TTL_SECONDS). An item older than the TTL is also
// treated as a miss here: Azure never returns an expired item anyway, and the local emulator does not
// enforce TTL, so the cache behaves the same on both.
import type { Container } from '@azure/cosmos';
import type { CachedAnswer, LlmCache } from './llmCache';

interface CacheDocument extends CachedAnswer {
  id: string;
  storedAt: string;
  _ts?: number;
}

export function createCosmosLlmCache(
  container: Container,
  options: { ttlSeconds: number; now?: () => Date },
): LlmCache {
  const now = options.now ?? (() => new Date());
  return {
    async get(key) {
      let document: CacheDocument | undefined;
      try {
        document = (await container.item(key, key).read<CacheDocument>()).resource;
      } catch (error) {
        if ((error as { code?: unknown }).code === 404) return undefined;
        throw error;
      }
      if (!document) return undefined;
      const written = typeof document._ts === 'number' ? document._ts * 1000 : Date.parse(document.storedAt);
      if (now().getTime() - written >= options.ttlSeconds * 1000) return undefined;
      return {
        output: document.output,
        model: document.model,
        promptTokens: document.promptTokens,
        completionTokens: document.completionTokens,
      };
    },
    async put(key, answer) {
      const document: CacheDocument = {
        id: key,
        output: answer.output,
        model: answer.model,
        promptTokens: answer.promptTokens,
        completionTokens: answer.completionTokens,
        storedAt: now().toISOString(),
      };
      await container.items.upsert(document);
    },
  };
}
