// The parameters of one structured chat call for a task, shared by the synchronous call, the Batch
// API line and the cache key, so what is sent and what the cache remembers can never drift apart.
import type { AiTask } from './tasks/aiTask';

/** answers are short JSON documents; a task that needs more says so (maxOutputTokens) */
export const DEFAULT_MAX_OUTPUT_TOKENS = 1_024;

export interface ChatParameters {
  temperature: 0;
  max_tokens: number;
  response_format: {
    type: 'json_schema';
    json_schema: { name: string; strict: true; schema: Record<string, unknown> };
  };
}

export function chatParameters<I, O>(task: AiTask<I, O>): ChatParameters {
  return {
    temperature: 0,
    max_tokens: task.maxOutputTokens ?? DEFAULT_MAX_OUTPUT_TOKENS,
    response_format: {
      type: 'json_schema',
      json_schema: { name: task.name, strict: true, schema: task.jsonSchema },
    },
  };
}
