// The LLM response cache's key: SHA-256 over the deployment, the messages normalised (trimmed, runs
// of whitespace as one space) and every parameter that shapes the answer: the task's name and
// version, its JSON schema, temperature and the output limit. Whitespace-only edits of a prompt hit;
// a new task version, another schema or another deployment miss.
import { createHash } from 'node:crypto';
import { chatParameters } from './chatParameters';
import type { AiTask, ChatMessage } from './tasks/aiTask';

export function normaliseMessage(message: ChatMessage): ChatMessage {
  return { role: message.role, content: message.content.trim().replace(/\s+/g, ' ') };
}

/** JSON with object keys sorted, so equal values give equal text whatever their key order */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function llmCacheKey<I, O>(
  model: string,
  task: AiTask<I, O>,
  messages: readonly ChatMessage[],
): string {
  const material = canonicalJson({
    v: 1,
    model,
    task: { name: task.name, version: task.version },
    parameters: chatParameters(task),
    messages: messages.map(normaliseMessage),
  });
  return createHash('sha256').update(material).digest('hex');
}
