// The similarity-job API, for CTOs and Admins (a job covers the whole group's catalog):
//   POST /api/similarity-jobs              body {} → 202 { id, status, statusUrl }; 409 while one runs;
//                                          503 without pgvector
//   GET  /api/similarity-jobs?limit=       newest first
//   GET  /api/similarity-jobs/{id}         the row, with the live progress of a running job
//   POST /api/similarity-jobs/{id}/cancel  body {} → 200 the cancelled job; 409 when it is not running
import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import { z } from 'zod';
import {
  getSimilarityJob,
  listSimilarityJobs,
  type JobProgress,
  type SimilarityJobView,
} from '../../shared/ai/similarity/similarityJobRows';
import { cancelSimilarityJobRow } from '../../shared/ai/similarity/startSimilarityJob';
import { hasRole } from '../../shared/identity/principal';
import { guardedHandler } from '../../shared/platform/http/guardedHandler';
import { problem, validationProblem } from '../../shared/platform/http/problem';
import { queryObject } from '../../shared/platform/http/queryParams';
import { readBodyText } from '../../shared/platform/http/readJson';
import type { SimilarityTriggerDeps } from './similarityJobDeps';
import { startJob } from './startJob';

const emptyBody = z.strictObject({});
const listQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(100).default(20) });
const jobIdPath = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, 'must be a job id'),
});
const progressSchema = z.object({
  phase: z.string(),
  done: z.number(),
  total: z.number(),
  percent: z.number(),
  etaSeconds: z.number().nullable(),
});

/** The caller, if a CTO or Admin; else the 401/403 answer. */
async function jobManager(deps: SimilarityTriggerDeps, request: HttpRequest) {
  const auth = await deps.identity.user(request);
  if (!auth.ok) return auth;
  if (!hasRole(auth.user, 'CTO', 'Admin'))
    return {
      ok: false as const,
      response: problem(403, 'Forbidden', 'Similarity jobs are for CTOs and Admins.'),
    };
  return auth;
}

/** An empty body or {} (strict): anything else is refused, naming the field. */
async function readEmptyBody(request: HttpRequest): Promise<HttpResponseInit | undefined> {
  const read = await readBodyText(request, 1024);
  if (!read.ok) return read.response;
  let json: unknown = {};
  try {
    json = read.text.trim() ? JSON.parse(read.text) : {};
  } catch {
    return problem(400, 'Bad Request', 'The body is not valid JSON.');
  }
  const body = emptyBody.safeParse(json);
  return body.success ? undefined : validationProblem(body.error, 'This request takes an empty body ({}).');
}

/** A running job's progress from the orchestration's custom status (fresher than the row). */
async function withLiveProgress(
  job: SimilarityJobView,
  context: InvocationContext,
): Promise<SimilarityJobView> {
  if (job.status !== 'running') return job;
  try {
    const status = await df.getClient(context).getStatus(job.id);
    const live = progressSchema.safeParse(status.customStatus);
    if (!live.success) return job;
    const progress: JobProgress = live.data;
    return { ...job, phase: progress.phase, progress };
  } catch {
    return job;
  }
}

export function registerSimilarityJobRoutes(deps: SimilarityTriggerDeps): void {
  app.http('startSimilarityJob', {
    route: 'similarity-jobs',
    methods: ['POST'],
    authLevel: 'anonymous',
    extraInputs: [df.input.durableClient()],
    handler: guardedHandler(deps.guard, async (request, context) => {
      const auth = await jobManager(deps, request);
      if (!auth.ok) return auth.response;
      const bad = await readEmptyBody(request);
      if (bad) return bad;
      const outcome = await startJob(deps, context, {
        id: deps.newId(),
        trigger: 'manual',
        requestedBy: auth.user.employeeId,
        scopeAppIds: null,
      });
      switch (outcome.kind) {
        case 'no-pgvector':
          return problem(503, 'Service Unavailable', outcome.detail);
        case 'running':
        case 'duplicate': {
          const runningId = outcome.kind === 'running' ? outcome.runningId : outcome.id;
          return problem(409, 'Conflict', `Similarity job ${runningId} is running; one runs at a time.`, {
            runningJobId: runningId,
          });
        }
        case 'started': {
          const statusUrl = `/api/similarity-jobs/${outcome.id}`;
          return {
            status: 202,
            headers: { location: statusUrl },
            jsonBody: { id: outcome.id, status: 'running', statusUrl },
          };
        }
      }
    }),
  });

  app.http('listSimilarityJobs', {
    route: 'similarity-jobs',
    methods: ['GET'],
    authLevel: 'anonymous',
    extraInputs: [df.input.durableClient()],
    handler: guardedHandler(deps.guard, async (request, context) => {
      const auth = await jobManager(deps, request);
      if (!auth.ok) return auth.response;
      const query = listQuery.safeParse(queryObject(request));
      if (!query.success) return validationProblem(query.error, 'The query is not valid.');
      const jobs = await listSimilarityJobs(deps.db, query.data.limit);
      return {
        status: 200,
        jsonBody: { items: await Promise.all(jobs.map((job) => withLiveProgress(job, context))) },
      };
    }),
  });

  app.http('getSimilarityJob', {
    route: 'similarity-jobs/{id}',
    methods: ['GET'],
    authLevel: 'anonymous',
    extraInputs: [df.input.durableClient()],
    handler: guardedHandler(deps.guard, async (request, context) => {
      const auth = await jobManager(deps, request);
      if (!auth.ok) return auth.response;
      const path = jobIdPath.safeParse({ id: request.params.id ?? '' });
      if (!path.success) return validationProblem(path.error, 'The job in the path is not valid.');
      const job = await getSimilarityJob(deps.db, path.data.id);
      if (!job) return problem(404, 'Not Found', `No similarity job ${path.data.id}.`);
      return { status: 200, jsonBody: await withLiveProgress(job, context) };
    }),
  });

  app.http('cancelSimilarityJob', {
    route: 'similarity-jobs/{id}/cancel',
    methods: ['POST'],
    authLevel: 'anonymous',
    extraInputs: [df.input.durableClient()],
    handler: guardedHandler(deps.guard, async (request, context) => {
      const auth = await jobManager(deps, request);
      if (!auth.ok) return auth.response;
      const path = jobIdPath.safeParse({ id: request.params.id ?? '' });
      if (!path.success) return validationProblem(path.error, 'The job in the path is not valid.');
      const bad = await readEmptyBody(request);
      if (bad) return bad;
      const job = await getSimilarityJob(deps.db, path.data.id);
      if (!job) return problem(404, 'Not Found', `No similarity job ${path.data.id}.`);
      if (!(await cancelSimilarityJobRow(deps, job.id)))
        return problem(
          409,
          'Conflict',
          `Similarity job ${job.id} is ${job.status}; only a running job can be cancelled.`,
        );
      const client = df.getClient(context);
      const reason = `cancelled by ${auth.user.displayName}`;
      // The job and its batch monitor; an instance that has already ended answers 410, which is fine.
      for (const instanceId of [job.id, `${job.id}:batch`]) {
        try {
          await client.terminate(instanceId, reason);
        } catch {
          // not running (or never started): nothing to stop
        }
      }
      return { status: 200, jsonBody: await getSimilarityJob(deps.db, job.id) };
    }),
  });
}
