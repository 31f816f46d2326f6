// The similarity job's orchestrators, replayed from histories: the phases in order, the fan-out of
// embedding batches, candidate chunks and rationale chunks, sub-orchestrations for a large catalog,
// the Batch API path with its monitor (poll cadence, back-off, continue-as-new, expiry → direct
// calls), and the progress in the custom status.
import { describe, expect, it } from 'vitest';
import {
  AWAIT_AI_BATCH_ORCHESTRATION,
  awaitAiBatchOrchestrator,
  CANDIDATES_ORCHESTRATION,
  SIMILARITY_ACTIVITIES as A,
  SIMILARITY_LIMITS,
  similarityJobOrchestrator,
} from '../../orchestrations/ai/similarityJobWorkflow';
import { EventType } from '../../devhost/durable/history';
import { OrchestrationReplay } from '../support/orchestrationReplay';

const start = new Date('2026-11-30T02:00:00Z');
const MINUTE = 60_000;
const jobId = 'job-1';
const range = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);
const pairs = (n: number) => range(1, n).map((i) => ({ a: i, b: i + 1000, similarity: 0.6 }));

function plan(appIds: number[], features: number[], batch = false, changedApps = appIds) {
  return {
    running: true,
    appIds,
    changed: { apps: changedApps, features },
    provider: 'local',
    embeddingModel: 'test-hash-512',
    chatModel: 'test-rules',
    batch,
  };
}

async function planned(
  appIds: number[],
  features: number[],
  options: { batch?: boolean; batchMinItems?: number; changedApps?: number[] } = {},
): Promise<OrchestrationReplay> {
  const replay = new OrchestrationReplay(
    similarityJobOrchestrator,
    { jobId, scopeAppIds: null, batchMinItems: options.batchMinItems ?? 50 },
    start,
    jobId,
  );
  await replay.run();
  expect(replay.activities.map((a) => a.name)).toEqual([A.plan]);
  expect(replay.customStatus).toMatchObject({ phase: 'plan', percent: 0 });
  await replay.completeActivity(A.plan, plan(appIds, features, options.batch, options.changedApps));
  return replay;
}

async function completeAll(replay: OrchestrationReplay, name: string, result: (input: unknown) => unknown) {
  const open = replay.activities.filter((a) => a.name === name);
  for (const activity of open) await replay.completeActivity(name, result(activity.input));
  return open;
}

async function afterRationale(replay: OrchestrationReplay, expectedPairs: number) {
  const write = await replay.completeActivity(A.write, { overlapsFound: 2, overlapsWritten: 3 });
  expect((write.input as { pairs: unknown[] }).pairs).toHaveLength(expectedPairs);
  expect(replay.customStatus).toMatchObject({ phase: 'identity' });
  await replay.completeActivity(A.identity, { candidates: 0 });
  expect(replay.customStatus).toMatchObject({ phase: 'recommendations' });
  await replay.completeActivity(A.recommendations, { written: 4, unchanged: 1 });
  expect(replay.activities.map((a) => a.name)).toEqual([A.finish]);
  const finish = replay.activities[0]!;
  await replay.completeActivity(A.finish, { done: true });
  expect(replay.done).toBe(true);
  expect(replay.output).toEqual({ done: true });
  expect(replay.customStatus).toMatchObject({ phase: 'finish', percent: 100, etaSeconds: 0 });
  return finish.input as { counts: Record<string, number> };
}

describe('similarity job orchestrator', () => {
  it('runs the phases in order, fanning out embedding batches, candidate chunks and rationale chunks', async () => {
    const apps = range(1, 120);
    const features = range(1000, 300);
    const replay = await planned(apps, features);

    // (b) 420 texts in batches of 256, scheduled together
    const embeds = replay.activities.filter((a) => a.name === A.embed);
    expect(embeds.map((a) => (a.input as { texts: { apps: number[]; features: number[] } }).texts)).toEqual([
      { apps, features: features.slice(0, 136) },
      { apps: [], features: features.slice(136) },
    ]);
    expect(replay.customStatus).toMatchObject({ phase: 'embed', done: 0, total: 2 });
    await replay.completeActivity(A.embed, { embedded: 256, apps: 120 });
    expect(replay.activities.map((a) => a.name)).toEqual([A.embed]); // fan-in waits for both
    await replay.completeActivity(A.embed, { embedded: 164, apps: 0 });

    // (c) 120 apps in chunks of 50, together
    const chunks = replay.activities.filter((a) => a.name === A.candidates);
    expect(chunks.map((a) => (a.input as { appIds: number[] }).appIds)).toEqual([
      apps.slice(0, 50),
      apps.slice(50, 100),
      apps.slice(100),
    ]);
    expect(replay.customStatus).toMatchObject({ phase: 'candidates', done: 0, total: 3 });
    // the same pair from two chunks counts once
    await completeAll(replay, A.candidates, (input) =>
      (input as { appIds: number[] }).appIds[0] === 1
        ? [{ a: 1, b: 60, similarity: 0.7 }]
        : (input as { appIds: number[] }).appIds[0] === 51
          ? [
              { a: 1, b: 60, similarity: 0.7 },
              { a: 60, b: 61, similarity: 0.4 },
            ]
          : [],
    );

    // (d) the pairs whose pair_hash changed, judged synchronously in chunks of 16
    const select = replay.activities[0]!;
    expect(select.name).toBe(A.select);
    expect((select.input as { pairs: unknown[] }).pairs).toEqual([
      { a: 1, b: 60, similarity: 0.7 },
      { a: 60, b: 61, similarity: 0.4 },
    ]);
    await replay.completeActivity(A.select, pairs(20));
    const judges = replay.activities.filter((a) => a.name === A.judge);
    expect(judges.map((a) => (a.input as { pairs: unknown[] }).pairs.length)).toEqual([16, 4]);
    expect(replay.customStatus).toMatchObject({ phase: 'rationale', done: 0, total: 2 });
    await completeAll(replay, A.judge, () => ({ judged: 16 }));

    const finish = await afterRationale(replay, 2);
    expect(finish.counts).toEqual({
      appsEmbedded: 120,
      textsEmbedded: 420,
      pairsCompared: 2,
      overlapsFound: 2,
      overlapsWritten: 3,
      recommendationsWritten: 4,
      recommendationsUnchanged: 1,
    });
    expect(replay.scheduled.some((a) => a.name === A.submitBatch)).toBe(false);
  });

  it('skips embedding and rationale when nothing changed', async () => {
    const replay = await planned([1, 2, 3], [], { changedApps: [] });
    expect(replay.activities.map((a) => a.name)).toEqual([A.candidates]);
    await replay.completeActivity(A.candidates, [{ a: 1, b: 2, similarity: 0.8 }]);
    await replay.completeActivity(A.select, []);
    expect(replay.activities.map((a) => a.name)).toEqual([A.write]);
    const finish = await afterRationale(replay, 1);
    expect(finish.counts).toMatchObject({ appsEmbedded: 0, textsEmbedded: 0, pairsCompared: 1 });
  });

  it('stops at once when the job is no longer running (cancelled before it began)', async () => {
    const replay = new OrchestrationReplay(
      similarityJobOrchestrator,
      { jobId, scopeAppIds: null, batchMinItems: 50 },
      start,
    );
    await replay.run();
    await replay.completeActivity(A.plan, { ...plan([], []), running: false });
    expect(replay.done).toBe(true);
    expect(replay.output).toEqual({ outcome: 'not-running' });
  });

  it('searches a large catalog in sub-orchestrations of 400 apps, each with its own history', async () => {
    const apps = range(1, 900);
    const replay = await planned(apps, [], { changedApps: [] });
    expect(replay.activities).toEqual([]);
    expect(
      replay.subOrchestrations.map((c) => [
        c.name,
        c.instanceId,
        (c.input as { appIds: number[] }).appIds.length,
      ]),
    ).toEqual([
      [CANDIDATES_ORCHESTRATION, `${jobId}:candidates:0`, 400],
      [CANDIDATES_ORCHESTRATION, `${jobId}:candidates:1`, 400],
      [CANDIDATES_ORCHESTRATION, `${jobId}:candidates:2`, 100],
    ]);
    await replay.completeSubOrchestration(CANDIDATES_ORCHESTRATION, [{ a: 1, b: 500, similarity: 0.5 }]);
    await replay.completeSubOrchestration(CANDIDATES_ORCHESTRATION, [{ a: 1, b: 500, similarity: 0.5 }]);
    expect(replay.activities).toEqual([]);
    await replay.completeSubOrchestration(CANDIDATES_ORCHESTRATION, [{ a: 801, b: 802, similarity: 0.9 }]);
    const select = await replay.completeActivity(A.select, []);
    expect((select.input as { pairs: unknown[] }).pairs).toEqual([
      { a: 1, b: 500, similarity: 0.5 },
      { a: 801, b: 802, similarity: 0.9 },
    ]);
  });

  it('sends enough pairs through the Batch API, waits in the monitor, and judges directly what it left', async () => {
    const replay = await planned([1, 2], [], { batch: true, batchMinItems: 10, changedApps: [] });
    await replay.completeActivity(A.candidates, [{ a: 1, b: 2, similarity: 0.8 }]);
    await replay.completeActivity(A.select, pairs(12));
    const submit = await replay.completeActivity(A.submitBatch, {
      batchId: 'batch-1',
      inputFileId: 'file-1',
      items: 12,
    });
    expect((submit.input as { pairs: unknown[] }).pairs).toHaveLength(12);
    expect(replay.subOrchestrations.map((c) => [c.name, c.instanceId, c.input])).toEqual([
      [
        AWAIT_AI_BATCH_ORCHESTRATION,
        `${jobId}:batch`,
        {
          jobId,
          batchId: 'batch-1',
          polls: 0,
          delayMs: MINUTE,
          deadline: new Date(start.getTime() + 25 * 60 * MINUTE).toISOString(),
        },
      ],
    ]);
    await replay.completeSubOrchestration(AWAIT_AI_BATCH_ORCHESTRATION, {
      status: 'completed',
      outputFileId: 'out-1',
      errorFileId: null,
    });
    const collect = await replay.completeActivity(A.collectBatch, pairs(1));
    expect(collect.input).toMatchObject({ jobId, outputFileId: 'out-1' });
    const judges = replay.activities.filter((a) => a.name === A.judge);
    expect(judges.map((a) => (a.input as { pairs: unknown[] }).pairs)).toEqual([pairs(1)]);
    await replay.completeActivity(A.judge, { judged: 1 });
    await afterRationale(replay, 1);
  });

  it('judges everything directly when the batch expires', async () => {
    const replay = await planned([1, 2], [], { batch: true, batchMinItems: 10, changedApps: [] });
    await replay.completeActivity(A.candidates, []);
    await replay.completeActivity(A.select, pairs(20));
    await replay.completeActivity(A.submitBatch, { batchId: 'batch-1', inputFileId: 'file-1', items: 20 });
    await replay.completeSubOrchestration(AWAIT_AI_BATCH_ORCHESTRATION, {
      status: 'expired',
      reason: 'the 24h window passed',
    });
    expect(replay.scheduled.some((a) => a.name === A.collectBatch)).toBe(false);
    const judges = replay.activities.filter((a) => a.name === A.judge);
    expect(judges.map((a) => (a.input as { pairs: unknown[] }).pairs.length)).toEqual([16, 4]);
    expect(replay.logs.some((l) => l.includes('the batch ended expired'))).toBe(true);
  });

  it('goes synchronous below AI_BATCH_MIN_ITEMS even with a batch runner', async () => {
    const replay = await planned([1, 2], [], { batch: true, batchMinItems: 50, changedApps: [] });
    await replay.completeActivity(A.candidates, []);
    await replay.completeActivity(A.select, pairs(20));
    expect(replay.activities.map((a) => a.name)).toEqual([A.judge, A.judge]);
    expect(replay.subOrchestrations).toEqual([]);
  });

  it('reports progress with an estimate of the time left', async () => {
    const replay = await planned([1], range(100, 600));
    expect(replay.customStatus).toEqual({ phase: 'embed', done: 0, total: 3, percent: 5, etaSeconds: 0 });
    replay.now = new Date(start.getTime() + 10_000);
    await replay.completeActivity(A.embed, { embedded: 256, apps: 1 });
    await replay.completeActivity(A.embed, { embedded: 256, apps: 0 });
    await replay.completeActivity(A.embed, { embedded: 89, apps: 0 });
    // 40 % after 10 s: 15 s left
    expect(replay.customStatus).toEqual({
      phase: 'candidates',
      done: 0,
      total: 1,
      percent: 40,
      etaSeconds: 15,
    });
    const candidates = replay.activities[0]!;
    expect((candidates.input as { progress: unknown }).progress).toEqual(replay.customStatus);
  });
});

describe('awaitAiBatch monitor', () => {
  const input = (polls = 0, delayMs = MINUTE) => ({
    jobId,
    batchId: 'batch-1',
    polls,
    delayMs,
    deadline: new Date(start.getTime() + 25 * 60 * MINUTE).toISOString(),
  });
  const inProgress = { status: 'in_progress', completed: 1, total: 10 };

  it('polls after 1 minute, backs off to 15 minutes, and returns the final state', async () => {
    const replay = new OrchestrationReplay(awaitAiBatchOrchestrator, input(), start);
    await replay.run();
    const waits: number[] = [];
    for (let i = 0; i < 7; i++) {
      const before = replay.now.getTime();
      const timer = await replay.fireNextTimer();
      waits.push((timer.fireAt.getTime() - before) / MINUTE);
      expect(replay.activities.map((a) => [a.name, a.input])).toEqual([
        [A.pollBatch, { batchId: 'batch-1' }],
      ]);
      await replay.completeActivity(A.pollBatch, inProgress);
    }
    expect(waits).toEqual([1, 2, 4, 8, 15, 15, 15]);
    await replay.fireNextTimer();
    await replay.completeActivity(A.pollBatch, {
      status: 'completed',
      outputFileId: 'out',
      errorFileId: null,
    });
    expect(replay.done).toBe(true);
    expect(replay.output).toEqual({ status: 'completed', outputFileId: 'out', errorFileId: null });
  });

  it('continues as new every 30 polls so its history stays small', async () => {
    const replay = new OrchestrationReplay(awaitAiBatchOrchestrator, input(), start);
    await replay.run();
    for (let i = 0; i < SIMILARITY_LIMITS.pollsPerHistory; i++) {
      expect(replay.continuedAsNew).toBeUndefined();
      await replay.fireNextTimer();
      await replay.completeActivity(A.pollBatch, inProgress);
    }
    expect(replay.continuedAsNew).toEqual({ ...input(), polls: 30, delayMs: 15 * MINUTE });
    expect(replay.history.filter((e) => e.EventType === EventType.TaskScheduled)).toHaveLength(30);
  });

  it('answers expired past the window', async () => {
    const late = {
      ...input(40, 15 * MINUTE),
      deadline: new Date(start.getTime() + 10 * MINUTE).toISOString(),
    };
    const replay = new OrchestrationReplay(awaitAiBatchOrchestrator, late, start);
    await replay.run();
    await replay.fireNextTimer();
    await replay.completeActivity(A.pollBatch, inProgress);
    expect(replay.done).toBe(true);
    expect(replay.output).toMatchObject({ status: 'expired' });
  });
});
