// The similarity job's activities against the database, each run twice as Durable Functions may run
// it (again after a crash): the second run embeds, submits, writes and publishes nothing new.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CandidatePair } from '../../shared/ai/embeddings/nearestNeighbours';
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
});
