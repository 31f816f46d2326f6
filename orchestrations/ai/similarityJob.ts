// Registers the similarity job's orchestrations and activities. The activities are thin: they
// validate their input and call the job's steps (shared/ai/similarity/jobSteps.ts) with the deps.
import * as df from 'durable-functions';
import { z } from 'zod';
import {
  collectBatch,
  embedBatch,
  failJob,
  finishJob,
  findCandidates,
  judgeChunk,
  matchIdentities,
  planJob,
  pollBatch,
  selectPairs,
  submitBatch,
  writeOverlaps,
  writeRecommendations,
} from '../../shared/ai/similarity/jobSteps';
import type { SimilarityJobDeps } from '../../shared/ai/similarity/similarityJobDeps';
import {
  AWAIT_AI_BATCH_ORCHESTRATION,
  awaitAiBatchOrchestrator,
  CANDIDATES_ORCHESTRATION,
  candidatesOrchestrator,
  SIMILARITY_ACTIVITIES as A,
  SIMILARITY_JOB_ORCHESTRATION,
  similarityJobOrchestrator,
} from './similarityJobWorkflow';

const id = z.number().int().positive();
const jobId = z.string().min(1).max(200);
const progress = z.strictObject({
  phase: z.string(),
  done: z.number(),
  total: z.number(),
  percent: z.number(),
  etaSeconds: z.number().nullable(),
});
const pair = z.strictObject({ a: id, b: id, similarity: z.number() });
const pairs = z.array(pair);
const scopeAppIds = z.array(id).nullable();

const schemas = {
  plan: z.strictObject({ jobId, progress }),
  embed: z.strictObject({
    jobId,
    texts: z.strictObject({ apps: z.array(id), features: z.array(id) }),
    progress,
  }),
  candidates: z.strictObject({ jobId, appIds: z.array(id), progress }),
  withPairs: z.strictObject({ jobId, pairs, progress }),
  poll: z.strictObject({ batchId: z.string().min(1) }),
  collect: z.strictObject({ jobId, outputFileId: z.string().nullable(), pairs }),
  write: z.strictObject({
    jobId,
    scopeAppIds,
    pairs: z.array(z.strictObject({ a: id, b: id })),
    progress,
  }),
  scoped: z.strictObject({ jobId, scopeAppIds, progress }),
  finish: z.strictObject({
    jobId,
    counts: z.strictObject({
      appsEmbedded: z.number().int(),
      textsEmbedded: z.number().int(),
      pairsCompared: z.number().int(),
      overlapsFound: z.number().int(),
      overlapsWritten: z.number().int(),
      recommendationsWritten: z.number().int(),
      recommendationsUnchanged: z.number().int(),
    }),
  }),
  fail: z.strictObject({ jobId, error: z.string() }),
};

export function registerSimilarityJob(deps: SimilarityJobDeps): void {
  df.app.orchestration(SIMILARITY_JOB_ORCHESTRATION, similarityJobOrchestrator);
  df.app.orchestration(CANDIDATES_ORCHESTRATION, candidatesOrchestrator);
  df.app.orchestration(AWAIT_AI_BATCH_ORCHESTRATION, awaitAiBatchOrchestrator);

  const activity = <T>(name: string, handler: (input: unknown) => Promise<T>) =>
    df.app.activity(name, { handler });

  activity(A.plan, (input) => planJob(deps, schemas.plan.parse(input)));
  activity(A.embed, (input) => embedBatch(deps, schemas.embed.parse(input)));
  activity(A.candidates, (input) => findCandidates(deps, schemas.candidates.parse(input)));
  activity(A.select, (input) => selectPairs(deps, schemas.withPairs.parse(input)));
  activity(A.judge, (input) => judgeChunk(deps, schemas.withPairs.parse(input)));
  activity(A.submitBatch, (input) => submitBatch(deps, schemas.withPairs.parse(input)));
  activity(A.pollBatch, (input) => pollBatch(deps, schemas.poll.parse(input)));
  activity(A.collectBatch, (input) => collectBatch(deps, schemas.collect.parse(input)));
  activity(A.write, (input) => writeOverlaps(deps, schemas.write.parse(input)));
  activity(A.identity, (input) => matchIdentities(deps, schemas.scoped.parse(input)));
  activity(A.recommendations, (input) => writeRecommendations(deps, schemas.scoped.parse(input)));
  activity(A.finish, (input) => finishJob(deps, schemas.finish.parse(input)));
  activity(A.fail, (input) => failJob(deps, schemas.fail.parse(input)));
}
