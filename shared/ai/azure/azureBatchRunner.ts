// The Azure OpenAI Batch API for many runs of one task at half the price: a JSONL file (purpose
// "batch") with one chat request a line, addressed to the batch (GlobalBatch) deployment, then
// POST /batches with a 24-hour window. poll() is one GET /batches/{id}; results() reads the output
// file and checks every answer with the task's schema. Lines that failed or do not pass are left
// out of the results, so the caller runs those items directly (where a bad answer is an error).
// Files and batches go through a client without a `deployment` option (azureOpenAiClient.ts):
// their paths are /openai/files and /openai/batches, never under /deployments/.
import type { AzureOpenAI } from 'openai';
import { toFile } from 'openai';
import type { BatchCreateParams } from 'openai/resources/batches';
import type { BatchHandle, BatchItem, BatchRunner, BatchState, CallContext, TaskResult } from '../aiProvider';
import { chatParameters } from '../chatParameters';
import type { AiTask } from '../tasks/aiTask';
import { withRetries, type RetryOptions } from './retryPolicy';
import { parseTaskReply } from '../taskReply';

/** Azure's limit of requests in one batch file */
export const MAX_BATCH_REQUESTS = 100_000;
const CUSTOM_ID_PATTERN = /^[\w.:-]{1,64}$/;
/** uploads are processed in seconds; submit waits this many polls of a second at most */
const FILE_READY_POLLS = 30;

export interface AzureBatchRunnerOptions {
  /** the GlobalBatch deployment every line addresses */
  deployment: string;
  retry: (what: string, signal?: AbortSignal) => RetryOptions;
  sleep: RetryOptions['sleep'];
}

interface OutputLine {
  custom_id?: unknown;
  response?: {
    status_code?: number;
    body?: {
      choices?: Parameters<typeof parseTaskReply>[1];
      usage?: { prompt_tokens?: number; completion_tokens?: number };
    };
  } | null;
  error?: unknown;
}

export function batchLine<I, O>(task: AiTask<I, O>, item: BatchItem<I>, deployment: string): string {
  return JSON.stringify({
    custom_id: item.customId,
    method: 'POST',
    url: '/chat/completions',
    body: { model: deployment, messages: task.messages(item.input), ...chatParameters(task) },
  });
}

export function createAzureBatchRunner(client: AzureOpenAI, options: AzureBatchRunnerOptions): BatchRunner {
  const { deployment } = options;
  const retried = <T>(what: string, signal: AbortSignal | undefined, call: () => Promise<T>) =>
    withRetries(call, options.retry(what, signal));

  return {
    async submit<I, O>(task: AiTask<I, O>, items: readonly BatchItem<I>[], context: CallContext) {
      if (items.length === 0) throw new Error(`batch for "${task.name}": no items`);
      if (items.length > MAX_BATCH_REQUESTS) {
        throw new Error(
          `batch for "${task.name}": ${items.length} items, more than ${MAX_BATCH_REQUESTS} a batch`,
        );
      }
      const seen = new Set<string>();
      for (const { customId } of items) {
        if (!CUSTOM_ID_PATTERN.test(customId)) {
          throw new Error(
            `batch for "${task.name}": custom id "${customId}" must be 1-64 of A-Z a-z 0-9 _ . : -`,
          );
        }
        if (seen.has(customId)) throw new Error(`batch for "${task.name}": custom id "${customId}" twice`);
        seen.add(customId);
      }
      const jsonl = items.map((item) => batchLine(task, item, deployment)).join('\n') + '\n';
      const signal = context.signal;
      const file = await retried(`batch upload for "${task.name}"`, signal, async () =>
        client.files.create(
          {
            file: await toFile(Buffer.from(jsonl, 'utf8'), `${task.name}-${context.jobId ?? 'adhoc'}.jsonl`, {
              type: 'application/jsonl',
            }),
            purpose: 'batch',
          },
          { signal },
        ),
      );
      let status = file.status;
      for (let poll = 0; status !== 'processed' && poll < FILE_READY_POLLS; poll++) {
        if (status === 'error')
          throw new Error(`batch for "${task.name}": the uploaded file ${file.id} was refused`);
        await options.sleep(1_000, signal);
        status = (
          await retried(`batch file ${file.id}`, signal, () => client.files.retrieve(file.id, { signal }))
        ).status;
      }
      const batch = await retried(`batch create for "${task.name}"`, signal, () =>
        client.batches.create(
          {
            input_file_id: file.id,
            // Azure's path for the chat endpoint (OpenAI's is /v1/chat/completions)
            endpoint: '/chat/completions' as BatchCreateParams['endpoint'],
            completion_window: '24h',
          },
          { signal },
        ),
      );
      return { batchId: batch.id, inputFileId: file.id } satisfies BatchHandle;
    },

    async poll(batchId: string): Promise<BatchState> {
      const batch = await retried(`batch ${batchId}`, undefined, () => client.batches.retrieve(batchId));
      switch (batch.status) {
        case 'validating':
        case 'in_progress':
        case 'finalizing':
          return {
            status: 'in_progress',
            completed: batch.request_counts?.completed ?? 0,
            total: batch.request_counts?.total ?? 0,
          };
        case 'completed':
          return {
            status: 'completed',
            outputFileId: batch.output_file_id ?? null,
            errorFileId: batch.error_file_id ?? null,
          };
        case 'failed': {
          const reasons = (batch.errors?.data ?? []).map((e) => e.message).filter(Boolean);
          return { status: 'failed', reason: reasons.join('; ') || 'the batch failed' };
        }
        case 'expired':
          return { status: 'expired', reason: 'not finished within the 24-hour window' };
        case 'cancelling':
        case 'cancelled':
          return { status: 'cancelled', reason: `the batch was ${batch.status}` };
        default:
          return { status: 'failed', reason: `unknown batch status "${String(batch.status)}"` };
      }
    },

    async results<I, O>(task: AiTask<I, O>, outputFileId: string, context: CallContext) {
      const signal = context.signal;
      const text = await retried(`batch output ${outputFileId}`, signal, async () =>
        (await client.files.content(outputFileId, { signal })).text(),
      );
      const results = new Map<string, TaskResult<O>>();
      for (const raw of text.split('\n')) {
        if (raw.trim() === '') continue;
        let line: OutputLine;
        try {
          line = JSON.parse(raw) as OutputLine;
        } catch {
          continue; // a broken line: its item is run directly
        }
        const body = line.response?.body;
        if (typeof line.custom_id !== 'string' || line.response?.status_code !== 200 || !body) continue;
        let output: O;
        try {
          output = parseTaskReply(task, body.choices);
        } catch {
          continue; // not a valid answer: run directly, where it fails loudly if it fails again
        }
        results.set(line.custom_id, {
          output,
          answeredBy: { provider: 'azure-openai', model: deployment, deterministic: false },
          usage: {
            promptTokens: body.usage?.prompt_tokens ?? 0,
            completionTokens: body.usage?.completion_tokens ?? 0,
          },
          cached: false,
        });
      }
      return results;
    },
  };
}
