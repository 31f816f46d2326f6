// The LLM cache for the similarity job's Batch API path: taskCache (withLlmCache.ts) for the
// provider's chat deployment, with each hit booked in the ledger as a cached batch answer at no
// cost, so the job's cache hit rate counts the batch path as it counts synchronous calls.
import type { AiLedger } from './aiLedger';
import type { AiProvider } from './aiProvider';
import type { LlmCache } from './llmCache';
import type { BatchAnswerCache } from './similarity/similarityJobDeps';
import { taskCache, type LlmCacheOptions } from './withLlmCache';

/** `batchDeployment` is part of the key, as the chat deployment is on the synchronous path. */
export function createBatchAnswerCache(
  provider: Pick<AiProvider, 'name' | 'batch'>,
  batchDeployment: string | undefined,
  cache: LlmCache,
  ledger: AiLedger,
  options: LlmCacheOptions = {},
): BatchAnswerCache | undefined {
  if (!provider.batch || !batchDeployment) return undefined;
  const answers = taskCache({ name: provider.name, chatModel: batchDeployment }, cache, options);
  return {
    async lookup(task, input, context) {
      const hit = await answers.lookup(task, input);
      if (hit) {
        await ledger.record({
          feature: context.feature,
          jobId: context.jobId ?? null,
          provider: hit.answeredBy.provider,
          model: hit.answeredBy.model,
          kind: 'batch-chat',
          promptTokens: 0,
          completionTokens: 0,
          cost: 0,
          cached: true,
        });
      }
      return hit;
    },
    store: (task, input, result) => answers.store(task, input, result),
  };
}
