// The LLM response cache in front of a model: the key ignores whitespace differences in prompts but
// not the task's version, schema or deployment; a hit answers without calling the model and costs
// no tokens; a broken cache never breaks a call; the local provider is not cached at all.
import { describe, expect, it } from 'vitest';
import type { AiProvider } from '../../shared/ai/aiProvider';
import { llmCacheKey } from '../../shared/ai/cacheKey';
import type { AiTask } from '../../shared/ai/tasks/aiTask';
import { withLlmCache } from '../../shared/ai/withLlmCache';
import { contractTask } from '../support/aiProviderContract';
import { memoryLlmCache } from '../support/memoryLlmCache';

const messages = contractTask.messages({ a: 'Slack', b: 'Teams' });

/** a model stand-in that counts its calls */
function countingModel(name: AiProvider['name'] = 'azure-openai') {
  const calls: unknown[] = [];
  const provider: AiProvider = {
    name,
    embeddingModel: 'emb',
    chatModel: 'chat-mini',
    embed: () => Promise.reject(new Error('not used')),
    run: (task, input) => {
      calls.push(input);
      return Promise.resolve({
        output: task.local(input),
        answeredBy: { provider: name, model: 'chat-mini', deterministic: name === 'local' },
        usage: { promptTokens: 100, completionTokens: 20 },
        cached: false,
      });
    },
  };
  return { provider, calls };
}

describe('LLM cache key', () => {
  it('is the same for prompts that differ only in whitespace at the ends or inside', () => {
    const spaced = messages.map((m) => ({ ...m, content: `\n  ${m.content.replace(/ /g, '   \t')}  ` }));
    expect(llmCacheKey('chat-mini', contractTask, spaced)).toBe(
      llmCacheKey('chat-mini', contractTask, messages),
    );
  });

  it('differs for another task version, schema, output limit, deployment, wording or role', () => {
    const key = llmCacheKey('chat-mini', contractTask, messages);
    const variants: [string, AiTask<never, unknown>, typeof messages][] = [
      ['chat-mini', { ...contractTask, version: 2 }, messages],
      [
        'chat-mini',
        { ...contractTask, jsonSchema: { ...contractTask.jsonSchema, required: ['verdict'] } },
        messages,
      ],
      ['chat-mini', { ...contractTask, maxOutputTokens: 400 }, messages],
      ['chat-mini', { ...contractTask, name: 'other-task' }, messages],
      ['chat-4o', contractTask, messages],
      [
        'chat-mini',
        contractTask,
        [messages[0]!, { ...messages[1]!, content: 'Product A: Slack\nProduct B: Zoom' }],
      ],
      ['chat-mini', contractTask, [{ ...messages[0]!, role: 'user' }, messages[1]!]],
    ];
    for (const [model, task, msgs] of variants) expect(llmCacheKey(model, task, msgs)).not.toBe(key);
  });

  it('does not depend on the key order of the JSON schema', () => {
    const reordered = Object.fromEntries(Object.entries(contractTask.jsonSchema).reverse());
    expect(llmCacheKey('chat-mini', { ...contractTask, jsonSchema: reordered }, messages)).toBe(
      llmCacheKey('chat-mini', contractTask, messages),
    );
  });
});

describe('withLlmCache', () => {
  const context = { feature: 'test', jobId: 'j' };

  it('answers a repeated question from the cache, without the model and without tokens', async () => {
    const { provider, calls } = countingModel();
    const cached = withLlmCache(provider, memoryLlmCache());
    const first = await cached.run(contractTask, { a: 'Slack', b: 'Teams' }, context);
    const second = await cached.run(contractTask, { a: ' Slack', b: 'Teams ' }, context);
    expect(calls).toHaveLength(1);
    expect(first).toMatchObject({ cached: false, usage: { promptTokens: 100, completionTokens: 20 } });
    expect(second).toEqual({
      output: first.output,
      answeredBy: { provider: 'azure-openai', model: 'chat-mini', deterministic: false },
      usage: { promptTokens: 0, completionTokens: 0 },
      cached: true,
    });
  });

  it('asks the model again when the task version changes', async () => {
    const { provider, calls } = countingModel();
    const cached = withLlmCache(provider, memoryLlmCache());
    await cached.run(contractTask, { a: 'Slack', b: 'Teams' }, context);
    const result = await cached.run({ ...contractTask, version: 2 }, { a: 'Slack', b: 'Teams' }, context);
    expect(calls).toHaveLength(2);
    expect(result.cached).toBe(false);
  });

  it('treats a stored answer that no longer passes the schema as a miss', async () => {
    const { provider, calls } = countingModel();
    const cache = memoryLlmCache();
    cache.entries.set(llmCacheKey('chat-mini', contractTask, messages), {
      output: { verdict: 'maybe' },
      model: 'chat-mini',
      promptTokens: 1,
      completionTokens: 1,
    });
    const result = await withLlmCache(provider, cache).run(contractTask, { a: 'Slack', b: 'Teams' }, context);
    expect(result.cached).toBe(false);
    expect(calls).toHaveLength(1);
  });

  it('goes on without a cache that fails, and says so', async () => {
    const { provider, calls } = countingModel();
    const failures: string[] = [];
    const broken = {
      get: () => Promise.reject(new Error('cosmos down')),
      put: () => Promise.reject(new Error('cosmos down')),
    };
    const result = await withLlmCache(provider, broken, {
      onCacheError: (error, operation) => failures.push(`${operation}: ${(error as Error).message}`),
    }).run(contractTask, { a: 'Slack', b: 'Teams' }, context);
    expect(result.cached).toBe(false);
    expect(calls).toHaveLength(1);
    expect(failures).toEqual(['get: cosmos down', 'put: cosmos down']);
  });

  it('leaves the local provider uncached: it is deterministic and free', () => {
    const { provider } = countingModel('local');
    expect(withLlmCache(provider, memoryLlmCache())).toBe(provider);
  });
});
