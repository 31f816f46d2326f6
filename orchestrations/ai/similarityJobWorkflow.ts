// The similarity job (fan-out/fan-in): plan → embed changed texts (batches fanned out) → candidate
// pairs by nearest neighbours (chunks fanned out; sub-orchestrations for a large catalog, so no single
// history grows large) → rationale for the pairs whose pair_hash changed (the Batch API with a monitor
// sub-orchestration where configured, else synchronous calls fanned out) → app_overlaps written →
// app identity candidates → recommendations → finish (row completed, event published).
//
// Deterministic: time only from context.df.currentUtcDateTime, all I/O in activities. Progress is the
// custom status ({ phase, done, total, percent, etaSeconds }) and travels to the job row with each
// activity's input. Activities are idempotent (shared/ai/similarity/jobSteps.ts).
import * as df from 'durable-functions';
import type { OrchestrationContext, OrchestrationHandler, Task } from 'durable-functions';
import { z } from 'zod';
import type { BatchState } from '../../shared/ai/aiProvider';
import type { TextRefs } from '../../shared/ai/embeddings/embeddingStore';
import type { CandidatePair } from '../../shared/ai/embeddings/nearestNeighbours';
import type { JobCounts, JobPlan } from '../../shared/ai/similarity/jobSteps';
import type { JobProgress, SimilarityJobResult } from '../../shared/ai/similarity/similarityJobRows';

export const SIMILARITY_JOB_ORCHESTRATION = 'similarityJob';
export const CANDIDATES_ORCHESTRATION = 'similarityJobCandidates';
export const AWAIT_AI_BATCH_ORCHESTRATION = 'awaitAiBatch';

export const SIMILARITY_ACTIVITIES = {
  plan: 'similarityJob_plan',
  embed: 'similarityJob_embedBatch',
  candidates: 'similarityJob_candidates',
  select: 'similarityJob_selectPairs',
  judge: 'similarityJob_judgePairs',
  submitBatch: 'similarityJob_submitBatch',
  pollBatch: 'similarityJob_pollBatch',
  collectBatch: 'similarityJob_collectBatch',
  write: 'similarityJob_writeOverlaps',
  identity: 'similarityJob_appIdentity',
  recommendations: 'similarityJob_recommendations',
  finish: 'similarityJob_finish',
  fail: 'similarityJob_fail',
} as const;

/** Sizes of the fan-out (exported for the tests). */
export const SIMILARITY_LIMITS = {
  /** texts per embedding activity */
  embedBatch: 256,
  /** apps per nearest-neighbour activity */
  candidateChunk: 50,
  /** above this many apps, candidate chunks run in sub-orchestrations of this many apps each */
  subOrchestrationApps: 400,
  /** pairs per synchronous rationale activity */
  judgeChunk: 16,
  /** activities (or sub-orchestrations) scheduled together before the progress is updated */
  wave: 32,
  /** batch monitor: first wait, longest wait, polls per history (then continue-as-new), window */
  firstPollMs: 60_000,
  maxPollMs: 15 * 60_000,
  pollsPerHistory: 30,
  batchWindowMs: 25 * 3_600_000,
} as const;

export const similarityJobInputSchema = z.strictObject({
  jobId: z.string().min(1).max(200),
  scopeAppIds: z.array(z.number().int().positive()).nullable(),
  batchMinItems: z.number().int().positive(),
});
export type SimilarityJobInput = z.infer<typeof similarityJobInputSchema>;

const candidatesInputSchema = z.strictObject({
  jobId: z.string(),
  appIds: z.array(z.number().int()),
  progress: z.unknown(),
});

export const awaitBatchInputSchema = z.strictObject({
  jobId: z.string(),
  batchId: z.string(),
  polls: z.number().int().nonnegative(),
  delayMs: z.number().int().positive(),
  /** ISO instant after which the batch counts as expired */
  deadline: z.string(),
});
export type AwaitBatchInput = z.infer<typeof awaitBatchInputSchema>;

const retry = new df.RetryOptions(5_000, 4);
retry.backoffCoefficient = 2;

/** Where each phase sits on the job's 0–100 % bar. */
const PHASES: Record<string, [number, number]> = {
  plan: [0, 5],
  embed: [5, 40],
  candidates: [40, 55],
  rationale: [55, 85],
  write: [85, 90],
  identity: [90, 93],
  recommendations: [93, 98],
  finish: [98, 100],
};

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Batches of at most `size` texts: apps first, then features. */
export function textBatches(changed: TextRefs, size: number): TextRefs[] {
  const all = [
    ...changed.apps.map((id) => ({ kind: 'app' as const, id })),
    ...changed.features.map((id) => ({ kind: 'feature' as const, id })),
  ];
  return chunk(all, size).map((part) => ({
    apps: part.filter((t) => t.kind === 'app').map((t) => t.id),
    features: part.filter((t) => t.kind === 'feature').map((t) => t.id),
  }));
}

function dedupe(pairs: CandidatePair[][]): CandidatePair[] {
  const byKey = new Map<string, CandidatePair>();
  for (const pair of pairs.flat()) {
    const key = `${pair.a}-${pair.b}`;
    if (!byKey.has(key)) byKey.set(key, pair);
  }
  return [...byKey.values()].sort((x, y) => x.a - y.a || x.b - y.b);
}

function progressReporter(context: OrchestrationContext) {
  const startedAt = context.df.currentUtcDateTime.getTime();
  return (phase: string, done: number, total: number): JobProgress => {
    const [from, to] = PHASES[phase] ?? [0, 100];
    const share = total > 0 ? Math.min(1, done / total) : 1;
    const percent = Math.round((from + (to - from) * share) * 10) / 10;
    const elapsed = (context.df.currentUtcDateTime.getTime() - startedAt) / 1000;
    const etaSeconds =
      percent > 0 && percent < 100
        ? Math.round((elapsed * (100 - percent)) / percent)
        : percent >= 100
          ? 0
          : null;
    const progress = { phase, done, total, percent, etaSeconds };
    context.df.setCustomStatus(progress);
    return progress;
  };
}

/** Runs `make` for each item in waves of SIMILARITY_LIMITS.wave, reporting progress after each wave. */
function* fanOut<T, R>(
  context: OrchestrationContext,
  items: readonly T[],
  make: (item: T, progress: JobProgress) => Task,
  report: (done: number, total: number) => JobProgress,
): Generator<Task, R[], unknown> {
  const results: R[] = [];
  let progress = report(0, items.length);
  for (const wave of chunk(items, SIMILARITY_LIMITS.wave)) {
    const tasks = wave.map((item) => make(item, progress));
    const done = (yield context.df.Task.all(tasks)) as R[];
    results.push(...done);
    progress = report(results.length, items.length);
  }
  return results;
}

function* candidatesFor(
  context: OrchestrationContext,
  jobId: string,
  appIds: number[],
  report: (done: number, total: number) => JobProgress,
): Generator<Task, CandidatePair[], unknown> {
  const results = yield* fanOut<number[], CandidatePair[]>(
    context,
    chunk(appIds, SIMILARITY_LIMITS.candidateChunk),
    (ids, progress) =>
      context.df.callActivityWithRetry(SIMILARITY_ACTIVITIES.candidates, retry, {
        jobId,
        appIds: ids,
        progress,
      }),
    report,
  );
  return dedupe(results);
}

/** A slice of a large catalog's candidate search, in its own history. */
export const candidatesOrchestrator: OrchestrationHandler = function* (
  context: OrchestrationContext,
): Generator<Task, CandidatePair[], unknown> {
  const input = candidatesInputSchema.parse(context.df.getInput());
  const progress = input.progress as JobProgress;
  return yield* candidatesFor(context, input.jobId, input.appIds, (done, total) => {
    const own = { ...progress, done, total };
    context.df.setCustomStatus(own);
    return own;
  });
};

/**
 * Waits for a Batch API job with durable timers: polls at most once a minute, doubling the wait up to
 * 15 minutes, and continues as new every 30 polls so its history stays small over the 24-hour window.
 * Returns the batch's final state; past the window it answers `expired`.
 */
export const awaitAiBatchOrchestrator: OrchestrationHandler = function* (
  context: OrchestrationContext,
): Generator<Task, BatchState | undefined, unknown> {
  const input = awaitBatchInputSchema.parse(context.df.getInput());
  let { polls, delayMs } = input;
  const deadline = Date.parse(input.deadline);
  for (;;) {
    const now = context.df.currentUtcDateTime.getTime();
    yield context.df.createTimer(new Date(now + delayMs));
    const state = (yield context.df.callActivityWithRetry(SIMILARITY_ACTIVITIES.pollBatch, retry, {
      batchId: input.batchId,
    })) as BatchState;
    polls++;
    context.df.setCustomStatus({ batchId: input.batchId, polls, delayMs, state: state.status });
    if (state.status !== 'in_progress') return state;
    if (context.df.currentUtcDateTime.getTime() >= deadline) {
      return { status: 'expired', reason: `no answer by ${input.deadline}` };
    }
    delayMs = Math.min(delayMs * 2, SIMILARITY_LIMITS.maxPollMs);
    if (polls % SIMILARITY_LIMITS.pollsPerHistory === 0) {
      context.df.continueAsNew({ ...input, polls, delayMs } satisfies AwaitBatchInput);
      return undefined;
    }
  }
};

export const similarityJobOrchestrator: OrchestrationHandler = function* (
  context: OrchestrationContext,
): Generator<Task, SimilarityJobResult | { outcome: 'not-running' }, unknown> {
  const input = similarityJobInputSchema.parse(context.df.getInput());
  const { jobId } = input;
  const call = (name: string, payload: unknown) => context.df.callActivityWithRetry(name, retry, payload);
  const report = progressReporter(context);

  try {
    // (a) plan: which texts changed, which apps to search from
    const plan = (yield call(SIMILARITY_ACTIVITIES.plan, {
      jobId,
      progress: report('plan', 0, 1),
    })) as JobPlan;
    if (!plan.running) return { outcome: 'not-running' };

    // (b) embed the changed texts, in batches fanned out
    yield* fanOut<TextRefs, unknown>(
      context,
      textBatches(plan.changed, SIMILARITY_LIMITS.embedBatch),
      (texts, progress) => call(SIMILARITY_ACTIVITIES.embed, { jobId, texts, progress }),
      (done, total) => report('embed', done, total),
    );

    // (c) candidate pairs: inline chunks, or sub-orchestrations of 400 apps for a large catalog
    let pairs: CandidatePair[];
    if (plan.appIds.length > SIMILARITY_LIMITS.subOrchestrationApps) {
      const slices = chunk(plan.appIds, SIMILARITY_LIMITS.subOrchestrationApps);
      let index = 0;
      const results = yield* fanOut<number[], CandidatePair[]>(
        context,
        slices,
        (appIds, progress) =>
          context.df.callSubOrchestratorWithRetry(
            CANDIDATES_ORCHESTRATION,
            retry,
            { jobId, appIds, progress },
            `${context.df.instanceId}:candidates:${index++}`,
          ),
        (done, total) => report('candidates', done, total),
      );
      pairs = dedupe(results);
    } else {
      pairs = yield* candidatesFor(context, jobId, plan.appIds, (done, total) =>
        report('candidates', done, total),
      );
    }

    // (d) rationale for the pairs whose pair_hash changed
    const toJudge = (yield call(SIMILARITY_ACTIVITIES.select, {
      jobId,
      pairs,
      progress: report('rationale', 0, pairs.length),
    })) as CandidatePair[];
    let direct = toJudge;
    if (plan.batch && toJudge.length >= input.batchMinItems) {
      const handle = (yield call(SIMILARITY_ACTIVITIES.submitBatch, {
        jobId,
        pairs: toJudge,
        progress: report('rationale', 0, toJudge.length),
      })) as { batchId: string } | null;
      if (handle) {
        const now = context.df.currentUtcDateTime.getTime();
        const state = (yield context.df.callSubOrchestrator(
          AWAIT_AI_BATCH_ORCHESTRATION,
          {
            jobId,
            batchId: handle.batchId,
            polls: 0,
            delayMs: SIMILARITY_LIMITS.firstPollMs,
            deadline: new Date(now + SIMILARITY_LIMITS.batchWindowMs).toISOString(),
          } satisfies AwaitBatchInput,
          `${context.df.instanceId}:batch`,
        )) as BatchState;
        if (state.status === 'completed') {
          direct = (yield call(SIMILARITY_ACTIVITIES.collectBatch, {
            jobId,
            outputFileId: state.outputFileId,
            pairs: toJudge,
          })) as CandidatePair[];
        } else if (!context.df.isReplaying) {
          context.warn(
            `Similarity job ${jobId}: the batch ended ${state.status}; judging ${toJudge.length} pairs directly.`,
          );
        }
      } else {
        direct = [];
      }
    }
    yield* fanOut<CandidatePair[], unknown>(
      context,
      chunk(direct, SIMILARITY_LIMITS.judgeChunk),
      (part, progress) => call(SIMILARITY_ACTIVITIES.judge, { jobId, pairs: part, progress }),
      (done, total) => report('rationale', done, total),
    );

    // (e) app_overlaps: stale pairs dropped, counts read back
    const overlaps = (yield call(SIMILARITY_ACTIVITIES.write, {
      jobId,
      scopeAppIds: input.scopeAppIds,
      pairs: pairs.map(({ a, b }) => ({ a, b })),
      progress: report('write', 0, 1),
    })) as { overlapsFound: number; overlapsWritten: number };

    // (f) app identity candidates for names the catalog does not know
    yield call(SIMILARITY_ACTIVITIES.identity, {
      jobId,
      scopeAppIds: input.scopeAppIds,
      progress: report('identity', 0, 1),
    });

    // (g) recommendations (F1, F2) into the store
    const recommendations = (yield call(SIMILARITY_ACTIVITIES.recommendations, {
      jobId,
      scopeAppIds: input.scopeAppIds,
      progress: report('recommendations', 0, 1),
    })) as { written: number; unchanged: number };

    // (h) finish
    report('finish', 0, 1);
    const counts: JobCounts = {
      appsEmbedded: plan.changed.apps.length,
      textsEmbedded: plan.changed.apps.length + plan.changed.features.length,
      pairsCompared: pairs.length,
      overlapsFound: overlaps.overlapsFound,
      overlapsWritten: overlaps.overlapsWritten,
      recommendationsWritten: recommendations.written,
      recommendationsUnchanged: recommendations.unchanged,
    };
    const result = (yield call(SIMILARITY_ACTIVITIES.finish, { jobId, counts })) as SimilarityJobResult;
    report('finish', 1, 1);
    return result;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    yield call(SIMILARITY_ACTIVITIES.fail, { jobId, error: message });
    throw error;
  }
};
