// The similarity job's activities against the database, each run twice as Durable Functions may run
// it (again after a crash): the second run embeds, submits, writes and publishes nothing new.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LedgerEntry } from '../../shared/ai/aiLedger';
import { createBatchAnswerCache } from '../../shared/ai/batchAnswerCache';
import type { CandidatePair } from '../../shared/ai/embeddings/nearestNeighbours';
import { judgeOverlapTask } from '../../shared/ai/tasks/judgeOverlap';
import {
  collectBatch,
  embedBatch,
  findCandidates,
  finishJob,
  judgeChunk,
  planJob,
  selectPairs,
  submitBatch,
  writeOverlaps,
  writeRecommendations,
} from '../../shared/ai/similarity/jobSteps';
import type { SimilarityJobDeps } from '../../shared/ai/similarity/similarityJobDeps';
import { getSimilarityJob, insertSimilarityJob } from '../../shared/ai/similarity/similarityJobRows';
import type { DomainEvent } from '../../shared/platform/clients/eventPublisher';
import { migrateToLatest } from '../../shared/platform/db/migrate';
import { insertDirectoryFixture } from '../../scripts/fixtures/directoryFixture';
import { insertSimilarityFixture } from '../../scripts/fixtures/similarityFixture';
import {
  createTestBatchRunner,
  createTestProvider,
  createTestRecommendationStore,
  testSimilarityParts,
} from '../support/similarityDoubles';
import { memoryLlmCache } from '../support/memoryLlmCache';
import { lane, openTestDatabase, type TestDatabase } from '../support/testDatabase';

let database: TestDatabase;
const published: DomainEvent[] = [];
const progress = { phase: 'test', done: 0, total: 1, percent: 0, etaSeconds: null };
const jobId = 'steps-job';
let firstPair: CandidatePair | undefined;
const batch = createTestBatchRunner({
  leaveOut: (id) => firstPair !== undefined && id.endsWith(`:${firstPair.a}-${firstPair.b}`),
});
const provider = createTestProvider({ batch: batch.runner });
let deps: SimilarityJobDeps;

beforeAll(async () => {
  database = await openTestDatabase();
  await migrateToLatest(database.handle.db);
  await insertDirectoryFixture(database.handle.db);
  await insertSimilarityFixture(database.handle.db);
  deps = {
    db: database.handle.db,
    events: { publish: (events) => Promise.resolve(void published.push(...events)) },
    now: () => new Date('2026-11-30T02:05:00Z'),
    ...testSimilarityParts(provider, createTestRecommendationStore()),
  };
});
afterAll(async () => {
  await database?.drop();
});

describe(`similarity job steps (${lane()})`, () => {
  it('do their work once however often they run', async (context) => {
    if (!database.vectorAvailable) {
      console.warn(
        `pgvector is not installed on this ${lane()} server: the job's steps are tested on PGlite.`,
      );
      context.skip();
    }
    await insertSimilarityJob(deps.db, {
      id: jobId,
      trigger: 'manual',
      requestedBy: null,
      scopeAppIds: null,
    });
    const plan = await planJob(deps, { jobId, progress });
    expect(plan).toMatchObject({ running: true, provider: 'local', batch: true });
    const texts = plan.changed.apps.length + plan.changed.features.length;
    expect((await embedBatch(deps, { jobId, texts: plan.changed, progress })).embedded).toBe(texts);
    expect((await embedBatch(deps, { jobId, texts: plan.changed, progress })).embedded).toBe(0);

    const pairs = await findCandidates(deps, { jobId, appIds: plan.appIds, progress });
    expect(pairs.length).toBeGreaterThan(2);
    firstPair = pairs[0];
    const toJudge = await selectPairs(deps, { jobId, pairs, progress });
    expect(toJudge).toEqual(pairs);

    const handle = await submitBatch(deps, { jobId, pairs: toJudge, progress });
    expect(handle).toMatchObject({ batchId: 'batch-1', items: pairs.length });
    expect(await submitBatch(deps, { jobId, pairs: toJudge, progress })).toEqual(handle);
    expect(batch.submitted.size).toBe(1);
    // The job row keeps its progress shape for the API beside the remembered batch.
    expect((await getSimilarityJob(deps.db, jobId))?.progress).toEqual(progress);

    const left = await collectBatch(deps, { jobId, outputFileId: 'batch-1-output', pairs: toJudge });
    expect(left).toEqual([firstPair]);
    expect(await collectBatch(deps, { jobId, outputFileId: 'batch-1-output', pairs: toJudge })).toEqual([
      firstPair,
    ]);
    expect(await judgeChunk(deps, { jobId, pairs: left, progress })).toEqual({ judged: 1 });
    expect(await judgeChunk(deps, { jobId, pairs: left, progress })).toEqual({ judged: 0 });
    expect(await selectPairs(deps, { jobId, pairs, progress })).toEqual([]);

    const overlaps = await writeOverlaps(deps, { jobId, scopeAppIds: null, pairs, progress });
    expect(overlaps.overlapsWritten).toBe(pairs.length);
    expect(await writeOverlaps(deps, { jobId, scopeAppIds: null, pairs, progress })).toEqual(overlaps);

    const recommendations = await writeRecommendations(deps, { jobId, scopeAppIds: null, progress });
    expect(recommendations.written).toBeGreaterThan(0);
    expect(await writeRecommendations(deps, { jobId, scopeAppIds: null, progress })).toEqual({
      written: 0,
      unchanged: recommendations.written,
    });

    const counts = {
      appsEmbedded: plan.changed.apps.length,
      textsEmbedded: texts,
      pairsCompared: pairs.length,
      ...overlaps,
      recommendationsWritten: recommendations.written,
      recommendationsUnchanged: 0,
    };
    const result = await finishJob(deps, { jobId, counts });
    expect(result).toMatchObject({ ...counts, provider: 'local', tokens: expect.any(Number) as number });
    expect(await finishJob(deps, { jobId, counts: { ...counts, pairsCompared: 0 } })).toEqual(result);
    expect(await getSimilarityJob(deps.db, jobId)).toMatchObject({ status: 'completed', result });
    // Published once per run, always under the job's id: subscribers see one event.
    expect(new Set(published.map((e) => e.id))).toEqual(new Set([jobId]));
    expect(published[0]?.type).toBe('AssetPulse.SimilarityJob.Completed');

    // A cancelled or ended job plans nothing.
    expect((await planJob(deps, { jobId, progress })).running).toBe(false);
  });
  it('read the LLM cache on the Batch API path: cached answers are written at once and only the rest is submitted', async (context) => {
    if (!database.vectorAvailable || !firstPair) context.skip();
    const cache = memoryLlmCache();
    const booked: LedgerEntry[] = [];
    const batchAnswers = createBatchAnswerCache(provider, 'batch-deployment', cache, {
      record: (entry) => Promise.resolve(void booked.push(entry)),
    });
    // the real task: its messages (the two apps' texts) make each pair's cache key
    const cachedDeps = { ...deps, judgeOverlap: judgeOverlapTask, batchAnswers };
    // the candidate pairs of the catalog, as the first test found them
    const candidates = await findCandidates(cachedDeps, {
      jobId,
      appIds: (await deps.db.selectFrom('apps').select('id').execute()).map((a) => a.id),
      progress,
    });
    const judgeAll = async (id: string) => {
      await insertSimilarityJob(deps.db, { id, trigger: 'manual', requestedBy: null, scopeAppIds: null });
      await deps.db.deleteFrom('app_overlaps').execute();
      const pairs = candidates;
      return { pairs, handle: await submitBatch(cachedDeps, { jobId: id, pairs, progress }) };
    };

    // First run: the cache is empty, every pair goes into the batch; its answers fill the cache
    // (all but the one the batch leaves out).
    const first = await judgeAll('cache-job-1');
    expect(first.handle?.items).toBe(first.pairs.length);
    await collectBatch(cachedDeps, {
      jobId: 'cache-job-1',
      outputFileId: `${first.handle!.batchId}-output`,
      pairs: first.pairs,
    });
    expect(cache.entries.size).toBe(first.pairs.length - 1);

    // Second run over the same texts: the cached answers are written without a batch, booked as
    // cache hits at no cost; only the pair the cache lacks is submitted.
    const second = await judgeAll('cache-job-2');
    expect(second.handle?.items).toBe(1);
    const written = await deps.db.selectFrom('app_overlaps').select('job_id').execute();
    expect(written).toHaveLength(first.pairs.length - 1);
    expect(written.every((r) => r.job_id === 'cache-job-2')).toBe(true);
    expect(booked).toHaveLength(first.pairs.length - 1);
    expect(booked.every((e) => e.cached && e.cost === 0 && e.jobId === 'cache-job-2')).toBe(true);
  });
});
