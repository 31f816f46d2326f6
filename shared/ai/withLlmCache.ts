// The LLM response cache in front of a model provider's chat: the key (cacheKey.ts) is read before
// every call; a hit answers at no cost (cached: true, no tokens); a miss calls the model and stores
// the validated answer. Embeddings are not cached here (the similarity job keeps them in
// PostgreSQL by content hash). The local provider is returned as it is: it is deterministic and free.
// A cache that cannot be read or written never fails a call: it counts as a miss (onCacheError says so).
// Batch answers: the Batch API's output file does not carry the inputs, so a job uses taskCache()
// itself: look each item up before submitting, store each batch answer after reading it.
import type { AiProvider, CallContext, ProviderName, TaskResult } from './aiProvider';
import { llmCacheKey } from './cacheKey';
import type { LlmCache } from './llmCache';
import type { AiTask } from './tasks/aiTask';

export interface LlmCacheOptions {
  /** told when the cache fails to read or write; the call goes on without it */
  onCacheError?: (error: unknown, operation: 'get' | 'put') => void;
}

export interface TaskCache {
  /** the cached answer of the task for this input, as a TaskResult with cached: true, or undefined */
  lookup<I, O>(task: AiTask<I, O>, input: I): Promise<TaskResult<O> | undefined>;
  /** stores a model's answer (synchronous or from a batch); cached results are not stored again */
  store<I, O>(task: AiTask<I, O>, input: I, result: TaskResult<O>): Promise<void>;
}

/** The cache for one provider's chat deployment (its key includes the deployment). */
export function taskCache(
  provider: Pick<AiProvider, 'name' | 'chatModel'>,
  cache: LlmCache,
  options: LlmCacheOptions = {},
): TaskCache {
  const report = options.onCacheError ?? (() => undefined);
  const keyOf = <I, O>(task: AiTask<I, O>, input: I) =>
    llmCacheKey(provider.chatModel, task, task.messages(input));
  const providerName: ProviderName = provider.name;
  return {
    async lookup(task, input) {
      const hit = await cache.get(keyOf(task, input)).catch((error: unknown) => {
        report(error, 'get');
        return undefined;
      });
      if (!hit) return undefined;
      // stored answers passed the schema when stored; one that no longer does is a miss
      const parsed = task.output.safeParse(hit.output);
      if (!parsed.success) return undefined;
      return {
        output: parsed.data,
        answeredBy: { provider: providerName, model: hit.model, deterministic: false },
        usage: { promptTokens: 0, completionTokens: 0 },
        cached: true,
      };
    },
    async store(task, input, result) {
      if (result.cached) return;
      await cache
        .put(keyOf(task, input), {
          output: result.output,
          model: result.answeredBy.model,
          promptTokens: result.usage.promptTokens,
          completionTokens: result.usage.completionTokens,
        })
        .catch((error: unknown) => report(error, 'put'));
    },
  };
}

export function withLlmCache(
  provider: AiProvider,
  cache: LlmCache,
  options: LlmCacheOptions = {},
): AiProvider {
  if (provider.name === 'local') return provider;
  const answers = taskCache(provider, cache, options);

  async function run<I, O>(task: AiTask<I, O>, input: I, context: CallContext): Promise<TaskResult<O>> {
    const hit = await answers.lookup(task, input);
    if (hit) return hit;
    const result = await provider.run(task, input, context);
    await answers.store(task, input, result);
    return result;
  }

  return {
    name: provider.name,
    embeddingModel: provider.embeddingModel,
    chatModel: provider.chatModel,
    embed: (texts, context) => provider.embed(texts, context),
    run,
    ...(provider.batch ? { batch: provider.batch } : {}),
  };
}
