// The AI cost ledger in PostgreSQL: every call booked per feature and job at the price table's
// rates (the Batch API at half price, cache hits and the local provider at nothing), and a job's
// totals and LLM cache hit rate computed from the ledger, through the whole provider stack.
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAiLedger, jobCost } from '../../shared/ai/aiLedgerStore';
import { costOf, UnpricedModelError } from '../../shared/ai/aiPrices';
import type { AiProvider, TaskResult } from '../../shared/ai/aiProvider';
import { createAiProvider } from '../../shared/ai/createAiProvider';
import type { AiTask } from '../../shared/ai/tasks/aiTask';
import { withLedger } from '../../shared/ai/withLedger';
import type { AiPriceTable, AiSettings } from '../../shared/platform/config';
import { migrateToLatest } from '../../shared/platform/db/migrate';
import type { Database } from '../../shared/platform/db/schema';
import { contractTask } from '../support/aiProviderContract';
import { startAzureOpenAiServer, type AzureOpenAiServer } from '../support/azureOpenAiServer';
import { memoryLlmCache } from '../support/memoryLlmCache';
import { lane, openTestDatabase, type TestDatabase } from '../support/testDatabase';

const PRICES: AiPriceTable = {
  currency: 'EUR',
  byModel: {
    'emb-small': { inputPer1k: 0.1, outputPer1k: 0 },
    'chat-mini': { inputPer1k: 0.5, outputPer1k: 1.5 },
    'chat-batch': { inputPer1k: 0.5, outputPer1k: 1.5 },
  },
};

let database: TestDatabase;
let db: Kysely<Database>;
let server: AzureOpenAiServer;

beforeAll(async () => {
  database = await openTestDatabase();
  db = database.handle.db;
  await migrateToLatest(db);
  server = await startAzureOpenAiServer({ apiKey: 'ledger-test-key-0123456789' });
});
afterAll(async () => {
  await server?.close();
  await database?.drop();
});

/** A model stand-in with fixed token counts, so the expected costs are plain arithmetic. */
function fixedUsageModel(name: AiProvider['name'] = 'azure-openai'): AiProvider {
  const by = (model: string) => ({ provider: name, model, deterministic: name === 'local' });
  const answer = <O>(task: AiTask<unknown, O>, input: unknown, model: string): TaskResult<O> => ({
    output: task.local(input),
    answeredBy: by(model),
    usage: { promptTokens: 1_000, completionTokens: 200 },
    cached: false,
  });
  return {
    name,
    embeddingModel: 'emb-small',
    chatModel: 'chat-mini',
    embed: (texts) =>
      Promise.resolve({
        vectors: texts.map(() => []),
        answeredBy: by('emb-small'),
        usage: { promptTokens: 10 * texts.length, completionTokens: 0 },
      }),
    run: (task, input) => Promise.resolve(answer(task as AiTask<unknown, never>, input, 'chat-mini')),
    batch: {
      submit: () => Promise.resolve({ batchId: 'b1', inputFileId: 'f1' }),
      poll: () => Promise.resolve({ status: 'completed', outputFileId: 'o1', errorFileId: null }),
      results: (task) =>
        Promise.resolve(
          new Map(
            ['x', 'y'].map((id) => [
              id,
              answer(task as AiTask<unknown, never>, { a: id, b: id }, 'chat-batch'),
            ]),
          ),
        ),
    },
  };
}

/** Azure OpenAI settings for the local server */
function azureSettings(): AiSettings {
  return {
    azureOpenAi: {
      endpoint: server.endpoint,
      apiKey: 'ledger-test-key-0123456789',
      apiVersion: '2024-10-21',
      embeddingDeployment: 'emb-small',
      chatDeployment: 'chat-mini',
      batchDeployment: undefined,
      timeoutMs: 10_000,
      maxRetries: 0,
    },
    prices: PRICES,
    batchMinItems: 50,
    llmCacheTtlSeconds: 86_400,
  };
}

describe(`AI cost ledger (${lane()})`, () => {
  it('books every call per feature and job at the table prices, the Batch API at half price', async () => {
    const provider = withLedger(fixedUsageModel(), createAiLedger(db), PRICES);
    await provider.embed(['a', 'b', 'c'], { feature: 'similarity.embed', jobId: 'job-1' });
    await provider.run(
      contractTask,
      { a: 'Slack', b: 'Teams' },
      { feature: 'similarity.rationale', jobId: 'job-1' },
    );
    await provider.batch!.results(contractTask, 'o1', { feature: 'similarity.rationale', jobId: 'job-1' });
    await provider.run(contractTask, { a: 'Slack', b: 'Teams' }, { feature: 'jd-match' });
    await provider.embed([], { feature: 'similarity.embed', jobId: 'job-1' }); // nothing to book

    const rows = await db
      .selectFrom('ai_usage_ledger')
      .select([
        'feature',
        'job_id',
        'provider',
        'model',
        'kind',
        'prompt_tokens',
        'completion_tokens',
        'cost',
        'cached',
      ])
      .where((eb) => eb.or([eb('job_id', '=', 'job-1'), eb('feature', '=', 'jd-match')]))
      .orderBy('id')
      .execute();
    expect(rows.map((r) => ({ ...r, cost: Number(r.cost) }))).toEqual([
      // 30 tokens × 0.1 / 1k
      row('similarity.embed', 'job-1', 'emb-small', 'embedding', 30, 0, 0.003),
      // 1,000 × 0.5 / 1k + 200 × 1.5 / 1k
      row('similarity.rationale', 'job-1', 'chat-mini', 'chat', 1000, 200, 0.8),
      // the same at half price, once per answer read from the batch
      row('similarity.rationale', 'job-1', 'chat-batch', 'batch-chat', 1000, 200, 0.4),
      row('similarity.rationale', 'job-1', 'chat-batch', 'batch-chat', 1000, 200, 0.4),
      row('jd-match', null, 'chat-mini', 'chat', 1000, 200, 0.8),
    ]);

    expect(await jobCost(db, 'job-1', PRICES.currency)).toEqual({
      promptTokens: 3_030,
      completionTokens: 600,
      cost: 1.603,
      currency: 'EUR',
      cacheHits: 0,
      cacheMisses: 3,
      cacheHitRate: 0,
    });
  });

  it("costs cache hits nothing and computes the job's hit rate from the ledger (Azure OpenAI through the SDK)", async () => {
    const cache = memoryLlmCache();
    const provider = createAiProvider({ ai: azureSettings() }, { db, cache });
    const context = { feature: 'similarity.rationale', jobId: 'job-2' };
    const pairs = [
      { a: 'Slack', b: 'Teams' },
      { a: 'Jira', b: 'Asana' },
      { a: 'Figma', b: 'Sketch' },
    ];
    const chatsBefore = server.requestsTo('chat/completions').length;

    const first = await Promise.all(pairs.map((p) => provider.run(contractTask, p, context)));
    const again = await Promise.all(pairs.map((p) => provider.run(contractTask, p, context)));
    // the same prompt with other whitespace is the same question
    const spaced = await provider.run(contractTask, { a: '  Slack ', b: 'Teams\n' }, context);

    expect(first.map((r) => r.cached)).toEqual([false, false, false]);
    expect([...again, spaced].map((r) => r.cached)).toEqual([true, true, true, true]);
    expect(again.map((r) => r.output)).toEqual(first.map((r) => r.output));
    expect(again[0]!.usage).toEqual({ promptTokens: 0, completionTokens: 0 });
    expect(server.requestsTo('chat/completions').length - chatsBefore).toBe(3);

    const hits = await db
      .selectFrom('ai_usage_ledger')
      .select(['cost', 'prompt_tokens', 'completion_tokens'])
      .where('job_id', '=', 'job-2')
      .where('cached', '=', true)
      .execute();
    expect(hits).toHaveLength(4);
    expect(
      hits.every((h) => Number(h.cost) === 0 && h.prompt_tokens === 0 && h.completion_tokens === 0),
    ).toBe(true);

    const expectedTokens = first.reduce((s, r) => s + r.usage.promptTokens, 0);
    const total = await jobCost(db, 'job-2', 'EUR');
    expect(total).toMatchObject({ promptTokens: expectedTokens, cacheHits: 4, cacheMisses: 3 });
    expect(total.cacheHitRate).toBeCloseTo(4 / 7, 10);
    const expectedCost = first.reduce(
      (s, r) =>
        s +
        costOf(PRICES, {
          ...r.usage,
          provider: 'azure-openai',
          model: 'chat-mini',
          kind: 'chat',
          cached: false,
        }),
      0,
    );
    expect(total.cost).toBeCloseTo(expectedCost, 6);
    expect(total.cost).toBeGreaterThan(0);
  });

  it('books a reply the task schema refuses at what it cost: tokens were spent', async () => {
    server.setChatHandler(() => ({ verdict: 'maybe', rationale: 'perhaps' }));
    try {
      const provider = createAiProvider({ ai: azureSettings() }, { db, cache: memoryLlmCache() });
      await expect(
        provider.run(
          contractTask,
          { a: 'Slack', b: 'Teams' },
          { feature: 'similarity.rationale', jobId: 'job-4' },
        ),
      ).rejects.toThrow(/AI task "contract-pair-verdict"/);
    } finally {
      server.setChatHandler(undefined);
    }
    const total = await jobCost(db, 'job-4', 'EUR');
    expect(total.promptTokens).toBeGreaterThan(0);
    expect(total.cost).toBeGreaterThan(0);
    expect(total).toMatchObject({ cacheHits: 0, cacheMisses: 1 });
  });

  it('books the local provider at no cost and outside the hit rate; a job with no model calls has no rate', async () => {
    const provider = withLedger(fixedUsageModel('local'), createAiLedger(db), {
      currency: 'EUR',
      byModel: {},
    });
    await provider.run(contractTask, { a: 'A', b: 'B' }, { feature: 'similarity.rationale', jobId: 'job-3' });
    expect(await jobCost(db, 'job-3', 'EUR')).toMatchObject({
      cost: 0,
      cacheHits: 0,
      cacheMisses: 0,
      cacheHitRate: null,
    });
    expect(await jobCost(db, 'no-such-job', 'EUR')).toEqual({
      promptTokens: 0,
      completionTokens: 0,
      cost: 0,
      currency: 'EUR',
      cacheHits: 0,
      cacheMisses: 0,
      cacheHitRate: null,
    });
  });

  it('refuses to book a model call it has no price for, naming the deployment', () => {
    expect(() =>
      costOf(PRICES, {
        provider: 'azure-openai',
        model: 'gpt-unknown',
        kind: 'chat',
        promptTokens: 1,
        completionTokens: 1,
        cached: false,
      }),
    ).toThrow(UnpricedModelError);
  });
});

function row(
  feature: string,
  jobId: string | null,
  model: string,
  kind: string,
  promptTokens: number,
  completionTokens: number,
  cost: number,
) {
  return {
    feature,
    job_id: jobId,
    provider: 'azure-openai',
    model,
    kind,
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    cost,
    cached: false,
  };
}
