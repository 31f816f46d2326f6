// The deterministic `local` provider: the default wherever no Azure OpenAI endpoint is set, and what
// every demo and test sees. Embeddings are lexical (lexicalEmbedding.ts), tasks answer with their
// own rules (AiTask.local), nothing is counted as tokens, and every answer says it is deterministic.
// Change the model names when the lexicon, the IDF table or the features change, so stored
// embeddings and cached answers made by the old rules stop matching.
import type { AiProvider, AnsweredBy, CallContext, EmbeddingResult, TaskResult } from '../aiProvider';
import type { AiTask } from '../tasks/aiTask';
import { lexicalEmbedding } from './lexicalEmbedding';

export const LOCAL_EMBEDDING_MODEL = 'local-lexical-v1';
export const LOCAL_CHAT_MODEL = 'local-rules-v1';

export interface LocalAiProviderOptions {
  /** override the model names (tests that need a "changed model") */
  embeddingModel?: string;
  chatModel?: string;
}

const NO_TOKENS = { promptTokens: 0, completionTokens: 0 } as const;

/** The answer as a promise; a throw becomes a rejection, as with a provider that does I/O. */
function settle<T>(answer: () => T): Promise<T> {
  return new Promise((resolve) => resolve(answer()));
}

function abortIfAsked(context: CallContext): void {
  context.signal?.throwIfAborted();
}

export function createLocalAiProvider(options: LocalAiProviderOptions = {}): AiProvider {
  const embeddingModel = options.embeddingModel ?? LOCAL_EMBEDDING_MODEL;
  const chatModel = options.chatModel ?? LOCAL_CHAT_MODEL;
  const answeredBy = (model: string): AnsweredBy => ({ provider: 'local', model, deterministic: true });
  return {
    name: 'local',
    embeddingModel,
    chatModel,
    embed(texts: readonly string[], context: CallContext): Promise<EmbeddingResult> {
      return settle(() => {
        abortIfAsked(context);
        return {
          vectors: texts.map((text) => lexicalEmbedding(text)),
          answeredBy: answeredBy(embeddingModel),
          usage: { ...NO_TOKENS },
        };
      });
    },
    run<I, O>(task: AiTask<I, O>, input: I, context: CallContext): Promise<TaskResult<O>> {
      return settle(() => {
        abortIfAsked(context);
        // the rules answer through the same schema a model's answer must pass
        const output = task.output.parse(task.local(input));
        return { output, answeredBy: answeredBy(chatModel), usage: { ...NO_TOKENS }, cached: false };
      });
    },
  };
}
