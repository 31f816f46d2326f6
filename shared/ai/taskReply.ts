// A model's reply to a task: the message content parsed as JSON and checked by the task's zod
// schema. A reply cut short, refused, not JSON, or not matching the schema is an error naming the
// task; nothing is guessed or repaired.
import type { TokenUsage } from './aiProvider';
import type { AiTask } from './tasks/aiTask';

export class TaskReplyError extends Error {
  /** the tokens the refused reply cost (set by the provider): the ledger books them all the same */
  spent: { model: string; usage: TokenUsage } | undefined;
  constructor(
    readonly taskName: string,
    detail: string,
  ) {
    super(`AI task "${taskName}": ${detail}`);
    this.name = 'TaskReplyError';
  }
}

interface ReplyChoice {
  finish_reason?: string | null;
  message?: { content?: string | null; refusal?: string | null } | null;
  /** Azure OpenAI's verdicts per category (hate, sexual, violence, self_harm, …) */
  content_filter_results?: object;
}

function filteredCategories(choice: ReplyChoice): string {
  const verdicts = Object.entries(choice.content_filter_results ?? {}) as [
    string,
    { filtered?: boolean; severity?: string } | undefined,
  ][];
  const hits = verdicts
    .filter(([, verdict]) => verdict?.filtered)
    .map(([category, verdict]) => (verdict?.severity ? `${category}: ${verdict.severity}` : category));
  return hits.length > 0 ? ` (${hits.join(', ')})` : '';
}

export function parseTaskReply<I, O>(task: AiTask<I, O>, choices: readonly ReplyChoice[] | undefined): O {
  const choice = choices?.[0];
  if (!choice?.message) throw new TaskReplyError(task.name, 'the reply has no message');
  if (choice.message.refusal)
    throw new TaskReplyError(task.name, `the model refused: ${choice.message.refusal}`);
  if (choice.finish_reason === 'length') {
    throw new TaskReplyError(
      task.name,
      'the reply was cut at the output token limit (raise maxOutputTokens)',
    );
  }
  if (choice.finish_reason === 'content_filter') {
    throw new TaskReplyError(
      task.name,
      `the reply was withheld by the content filter${filteredCategories(choice)}`,
    );
  }
  const content = choice.message.content;
  if (!content) throw new TaskReplyError(task.name, 'the reply is empty');
  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch {
    throw new TaskReplyError(task.name, 'the reply is not JSON');
  }
  const parsed = task.output.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
      .join('; ');
    throw new TaskReplyError(task.name, `the reply does not match the task's schema (${problems})`);
  }
  return parsed.data;
}
