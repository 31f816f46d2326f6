// Books every call of a provider in the ledger, against the feature and job of its CallContext:
// embeddings, chats (a cache hit at no cost; a reply refused by the task's schema at what it cost)
// and each answer read from a batch (half price).
import type { AiPriceTable } from '../platform/config';
import type { AiLedger, LedgerEntry } from './aiLedger';
import { costOf } from './aiPrices';
import type { AiProvider, BatchRunner, CallContext, TaskResult, TokenUsage } from './aiProvider';
import { TaskReplyError } from './taskReply';
import type { AiTask } from './tasks/aiTask';

export function withLedger(provider: AiProvider, ledger: AiLedger, prices: AiPriceTable): AiProvider {
  const book = (
    context: CallContext,
    kind: LedgerEntry['kind'],
    model: string,
    usage: TokenUsage,
    cached: boolean,
  ) => {
    const entry = {
      feature: context.feature,
      jobId: context.jobId ?? null,
      provider: provider.name,
      model,
      kind,
      promptTokens: cached ? 0 : usage.promptTokens,
      completionTokens: cached ? 0 : usage.completionTokens,
      cached,
    };
    return ledger.record({ ...entry, cost: costOf(prices, entry) });
  };

  const inner = provider.batch;
  const batch: BatchRunner | undefined = inner && {
    submit: (task, items, context) => inner.submit(task, items, context),
    poll: (batchId) => inner.poll(batchId),
    async results(task, outputFileId, context) {
      const results = await inner.results(task, outputFileId, context);
      for (const result of results.values()) {
        await book(context, 'batch-chat', result.answeredBy.model, result.usage, result.cached);
      }
      return results;
    },
  };

  return {
    name: provider.name,
    embeddingModel: provider.embeddingModel,
    chatModel: provider.chatModel,
    async embed(texts, context) {
      const result = await provider.embed(texts, context);
      if (texts.length > 0) await book(context, 'embedding', result.answeredBy.model, result.usage, false);
      return result;
    },
    async run<I, O>(task: AiTask<I, O>, input: I, context: CallContext): Promise<TaskResult<O>> {
      let result: TaskResult<O>;
      try {
        result = await provider.run(task, input, context);
      } catch (error) {
        // a refused reply was still paid for
        if (error instanceof TaskReplyError && error.spent) {
          await book(context, 'chat', error.spent.model, error.spent.usage, false);
        }
        throw error;
      }
      await book(context, 'chat', result.answeredBy.model, result.usage, result.cached);
      return result;
    },
    ...(batch ? { batch } : {}),
  };
}
