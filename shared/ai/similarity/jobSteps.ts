// The similarity job's steps, one per activity of orchestrations/ai/similarityJobWorkflow.ts. Each is
// idempotent: Durable Functions runs an activity at least once (again after a SIGKILL), so a step
// re-reads the database and does only what is still undone; the job row changes only while running.
import type { BatchState } from '../aiProvider';
import { embedTexts, planChangedTexts, type TextRefs } from '../embeddings/embeddingStore';
import { candidatePairs, type CandidatePair } from '../embeddings/nearestNeighbours';
import { checkVectorSupport, NO_PGVECTOR_PROBLEM } from '../embeddings/vectorSupport';
import {
  collectJudgeBatch,
  finishOverlaps,
  judgePairs,
  selectPairsToJudge,
  submitJudgeBatch,
} from './overlaps';
import type { SimilarityJobDeps } from './similarityJobDeps';
import {
  endSimilarityJob,
  getSimilarityJob,
  recordedBatch,
  recordProgress,
  rememberBatch,
  type JobProgress,
  type SimilarityJobResult,
} from './similarityJobRows';

export const SIMILARITY_JOB_COMPLETED = 'AssetPulse.SimilarityJob.Completed';

export interface JobPlan {
  /** the job is still running (false: cancelled or ended meanwhile: the orchestration stops) */
  running: boolean;
  /** the apps whose neighbours are searched (the whole catalog, or the changed apps) */
  appIds: number[];
  /** texts whose hash or model changed */
  changed: TextRefs;
  provider: string;
  embeddingModel: string;
  chatModel: string;
  batch: boolean;
}

export async function planJob(
  deps: SimilarityJobDeps,
  input: { jobId: string; progress: JobProgress },
): Promise<JobPlan> {
  const job = await getSimilarityJob(deps.db, input.jobId);
  const base = {
    provider: deps.provider.name,
    embeddingModel: deps.provider.embeddingModel,
    chatModel: deps.provider.chatModel,
    batch: deps.provider.batch !== undefined,
  };
  if (!job || job.status !== 'running') {
    return { running: false, appIds: [], changed: { apps: [], features: [] }, ...base };
  }
  const vector = await checkVectorSupport(deps.db);
  if (!vector.installed) throw new Error(NO_PGVECTOR_PROBLEM);
  await recordProgress(deps.db, input.jobId, input.progress);
  const scope = job.scope === 'all' ? null : job.scope.appIds;
  const plan = await planChangedTexts(deps.db, deps.texts, deps.provider.embeddingModel, scope);
  return { running: true, ...plan, ...base };
}

export async function embedBatch(
  deps: SimilarityJobDeps,
  input: { jobId: string; texts: TextRefs; progress: JobProgress },
): Promise<{ embedded: number; apps: number }> {
  await recordProgress(deps.db, input.jobId, input.progress);
  const { embedded } = await embedTexts(deps.db, deps.provider, deps.texts, input.texts, {
    jobId: input.jobId,
  });
  return { embedded, apps: input.texts.apps.length };
}

export async function findCandidates(
  deps: SimilarityJobDeps,
  input: { jobId: string; appIds: number[]; progress: JobProgress },
): Promise<CandidatePair[]> {
  await recordProgress(deps.db, input.jobId, input.progress);
  return candidatePairs(deps.db, input.appIds, {
    k: deps.tuning.k,
    floor: deps.tuning.floor,
    model: deps.provider.embeddingModel,
  });
}

export async function selectPairs(
  deps: SimilarityJobDeps,
  input: { jobId: string; pairs: CandidatePair[]; progress: JobProgress },
): Promise<CandidatePair[]> {
  await recordProgress(deps.db, input.jobId, input.progress);
  return selectPairsToJudge(deps, input.pairs);
}

export async function judgeChunk(
  deps: SimilarityJobDeps,
  input: { jobId: string; pairs: CandidatePair[]; progress: JobProgress },
): Promise<{ judged: number }> {
  await recordProgress(deps.db, input.jobId, input.progress);
  return judgePairs(deps, input.jobId, input.pairs);
}

export async function submitBatch(
  deps: SimilarityJobDeps,
  input: { jobId: string; pairs: CandidatePair[]; progress: JobProgress },
): Promise<{ batchId: string; inputFileId: string; items: number } | null> {
  await recordProgress(deps.db, input.jobId, input.progress);
  // Run again after a crash, the activity finds the batch it submitted instead of paying twice.
  const known = await recordedBatch(deps.db, input.jobId);
  if (known) return known;
  const submitted = await submitJudgeBatch(deps, input.jobId, input.pairs);
  if (submitted) await rememberBatch(deps.db, input.jobId, submitted);
  return submitted;
}

export async function pollBatch(deps: SimilarityJobDeps, input: { batchId: string }): Promise<BatchState> {
  const runner = deps.provider.batch;
  if (!runner) return { status: 'failed', reason: 'the provider has no batch runner any more' };
  return runner.poll(input.batchId);
}

export async function collectBatch(
  deps: SimilarityJobDeps,
  input: { jobId: string; outputFileId: string | null; pairs: CandidatePair[] },
): Promise<CandidatePair[]> {
  return collectJudgeBatch(deps, input.jobId, input.outputFileId, input.pairs);
}

export async function writeOverlaps(
  deps: SimilarityJobDeps,
  input: {
    jobId: string;
    scopeAppIds: number[] | null;
    pairs: { a: number; b: number }[];
    progress: JobProgress;
  },
): Promise<{ overlapsFound: number; overlapsWritten: number }> {
  await recordProgress(deps.db, input.jobId, input.progress);
  return finishOverlaps(deps.db, input.jobId, input.scopeAppIds, input.pairs);
}

export async function matchIdentities(
  deps: SimilarityJobDeps,
  input: { jobId: string; scopeAppIds: number[] | null; progress: JobProgress },
): Promise<{ candidates: number }> {
  await recordProgress(deps.db, input.jobId, input.progress);
  return deps.matchUnknownApps(deps.db, { jobId: input.jobId, scopeAppIds: input.scopeAppIds });
}

export async function writeRecommendations(
  deps: SimilarityJobDeps,
  input: { jobId: string; scopeAppIds: number[] | null; progress: JobProgress },
): Promise<{ written: number; unchanged: number }> {
  await recordProgress(deps.db, input.jobId, input.progress);
  const items = await deps.computeRecommendations(deps.db, {
    jobId: input.jobId,
    scopeAppIds: input.scopeAppIds,
  });
  // The store writes only new items and those whose fingerprint changed.
  return deps.store.upsertMany(items);
}

export type JobCounts = Omit<
  SimilarityJobResult,
  'tokens' | 'cost' | 'costCurrency' | 'cacheHitRate' | 'cacheHits' | 'cacheMisses' | 'provider' | 'model'
>;

export async function finishJob(
  deps: SimilarityJobDeps,
  input: { jobId: string; counts: JobCounts },
): Promise<SimilarityJobResult> {
  const cost = await deps.jobCost(deps.db, input.jobId);
  const result: SimilarityJobResult = {
    ...input.counts,
    tokens: cost.tokens,
    cost: cost.cost,
    costCurrency: cost.currency,
    cacheHitRate: cost.cacheHitRate,
    cacheHits: cost.cacheHits,
    cacheMisses: cost.cacheMisses,
    provider: deps.provider.name,
    model: `${deps.provider.embeddingModel} + ${deps.provider.chatModel}`,
  };
  await endSimilarityJob(deps.db, input.jobId, { status: 'completed', result, at: deps.now() });
  const job = await getSimilarityJob(deps.db, input.jobId);
  if (job?.status === 'completed') {
    // The job id is the event id: a replayed activity publishes the same event, subscribers dedupe.
    await deps.events.publish([
      {
        id: input.jobId,
        type: SIMILARITY_JOB_COMPLETED,
        subject: `similarity-jobs/${input.jobId}`,
        data: { id: input.jobId, trigger: job.trigger, scope: job.scope, result: job.result },
      },
    ]);
  }
  return job?.result ?? result;
}

export async function failJob(
  deps: SimilarityJobDeps,
  input: { jobId: string; error: string },
): Promise<void> {
  await endSimilarityJob(deps.db, input.jobId, { status: 'failed', error: input.error, at: deps.now() });
}
