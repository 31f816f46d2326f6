// The Azure OpenAI provider: embeddings (≤ 2,048 inputs a call, each cut to the model's limit,
// 512 dimensions, unit length) and structured chat (the task's JSON schema, strict, temperature 0),
// each call retried on 429/5xx as the service asks, bounded by AZURE_OPENAI_TIMEOUT_MS and the
// caller's abort signal. With a batch deployment it also offers the Batch API (azureBatchRunner.ts).
import type { TokenCredential } from '@azure/identity';
// Azure's additions to the SDK's types (content_filter_results on each choice, read by parseTaskReply)
import type {} from '@azure/openai/types';
import type { AzureOpenAiSettings } from '../../platform/config';
import {
  EMBEDDING_DIMENSION,
  type AiProvider,
  type AnsweredBy,
  type CallContext,
  type EmbeddingResult,
  type TaskResult,
} from '../aiProvider';
import { chatParameters } from '../chatParameters';
import type { AiTask } from '../tasks/aiTask';
import { createAzureBatchRunner } from './azureBatchRunner';
import { createAzureOpenAiClient } from './azureOpenAiClient';
import { chunk, embeddingInput, MAX_EMBEDDING_INPUTS_PER_CALL, unitLength } from './embeddingInputs';
import { abortableSleep, withRetries, type RetryOptions } from './retryPolicy';
import { parseTaskReply, TaskReplyError } from '../taskReply';

export interface AzureOpenAiProviderDeps {
  /** the identity for keyless calls; default DefaultAzureCredential */
  credential?: TokenCredential;
  /** how retries wait (tests record the waits instead of sleeping) */
  sleep?: RetryOptions['sleep'];
  /** the longest retry wait slept; a longer `retry-after` fails the call at once (default 60 s) */
  maxRetryWaitMs?: number;
}

export function createAzureOpenAiProvider(
  settings: AzureOpenAiSettings,
  deps: AzureOpenAiProviderDeps = {},
): AiProvider {
  const client = createAzureOpenAiClient(settings, deps.credential ? { credential: deps.credential } : {});
  const sleep = deps.sleep ?? abortableSleep;
  const retry = (what: string, signal: AbortSignal | undefined): RetryOptions => ({
    what,
    signal,
    maxRetries: settings.maxRetries,
    sleep,
    ...(deps.maxRetryWaitMs !== undefined ? { maxWaitMs: deps.maxRetryWaitMs } : {}),
  });
  const by = (model: string): AnsweredBy => ({ provider: 'azure-openai', model, deterministic: false });

  async function embed(texts: readonly string[], context: CallContext): Promise<EmbeddingResult> {
    const model = settings.embeddingDeployment;
    const vectors: number[][] = [];
    let promptTokens = 0;
    for (const inputs of chunk(texts.map(embeddingInput), MAX_EMBEDDING_INPUTS_PER_CALL)) {
      const response = await withRetries(
        () =>
          client.embeddings.create(
            { model, input: inputs, dimensions: EMBEDDING_DIMENSION, encoding_format: 'float' },
            { signal: context.signal },
          ),
        retry(`embeddings on ${model} (${context.feature})`, context.signal),
      );
      if (response.data.length !== inputs.length) {
        throw new Error(
          `embeddings on ${model}: ${response.data.length} vectors for ${inputs.length} inputs`,
        );
      }
      const ordered = [...response.data].sort((a, b) => a.index - b.index);
      for (const item of ordered) {
        if (item.embedding.length !== EMBEDDING_DIMENSION) {
          throw new Error(
            `embeddings on ${model}: ${item.embedding.length} dimensions, not ${EMBEDDING_DIMENSION} (does the model take "dimensions"? text-embedding-3 models do)`,
          );
        }
        vectors.push(unitLength(item.embedding));
      }
      promptTokens += response.usage?.prompt_tokens ?? 0;
    }
    return { vectors, answeredBy: by(model), usage: { promptTokens, completionTokens: 0 } };
  }

  async function run<I, O>(task: AiTask<I, O>, input: I, context: CallContext): Promise<TaskResult<O>> {
    const model = settings.chatDeployment;
    const response = await withRetries(
      () =>
        client.chat.completions.create(
          { model, messages: task.messages(input), ...chatParameters(task) },
          { signal: context.signal },
        ),
      retry(`AI task "${task.name}" on ${model}`, context.signal),
    );
    const usage = {
      promptTokens: response.usage?.prompt_tokens ?? 0,
      completionTokens: response.usage?.completion_tokens ?? 0,
    };
    try {
      return { output: parseTaskReply(task, response.choices), answeredBy: by(model), usage, cached: false };
    } catch (error) {
      if (error instanceof TaskReplyError) error.spent = { model, usage };
      throw error;
    }
  }

  const batchDeployment = settings.batchDeployment;
  return {
    name: 'azure-openai',
    embeddingModel: settings.embeddingDeployment,
    chatModel: settings.chatDeployment,
    embed,
    run,
    ...(batchDeployment
      ? {
          batch: createAzureBatchRunner(client, {
            deployment: batchDeployment,
            retry,
            sleep,
          }),
        }
      : {}),
  };
}
