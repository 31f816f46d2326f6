// Starting a similarity job, whoever asks (a CTO or Admin, the nightly timer, a catalog change): the
// database must have pgvector, only one job runs at a time, and the row exists before the
// orchestration (instance id = job id) starts. A start that fails leaves the row failed, not running.
import type { Kysely } from 'kysely';
import { checkVectorSupport } from '../embeddings/vectorSupport';
import type { Database } from '../../platform/db/schema';
import { endSimilarityJob, insertSimilarityJob, type JobTrigger } from './similarityJobRows';

export interface StartJobRequest {
  id: string;
  trigger: JobTrigger;
  requestedBy: number | null;
  /** null: the whole catalog */
  scopeAppIds: number[] | null;
}

export interface OrchestrationInput {
  jobId: string;
  scopeAppIds: number[] | null;
  batchMinItems: number;
}

export type StartJobOutcome =
  | { kind: 'started'; id: string }
  | { kind: 'no-pgvector'; detail: string }
  | { kind: 'running'; runningId: string }
  | { kind: 'duplicate'; id: string };

export async function startSimilarityJob(
  deps: { db: Kysely<Database>; now: () => Date; batchMinItems: number },
  request: StartJobRequest,
  startOrchestration: (instanceId: string, input: OrchestrationInput) => Promise<void>,
): Promise<StartJobOutcome> {
  const vector = await checkVectorSupport(deps.db);
  if (!vector.installed) return { kind: 'no-pgvector', detail: vector.summary };
  const inserted = await insertSimilarityJob(deps.db, request);
  if (!inserted.ok) {
    return inserted.reason === 'duplicate'
      ? { kind: 'duplicate', id: request.id }
      : { kind: 'running', runningId: inserted.runningId };
  }
  try {
    await startOrchestration(request.id, {
      jobId: request.id,
      scopeAppIds: request.scopeAppIds,
      batchMinItems: deps.batchMinItems,
    });
  } catch (error) {
    await endSimilarityJob(deps.db, request.id, {
      status: 'failed',
      error: `the orchestration did not start: ${error instanceof Error ? error.message : String(error)}`,
      at: deps.now(),
    });
    throw error;
  }
  return { kind: 'started', id: request.id };
}

/** Cancels a running job's row; false when it is not running (the caller then answers 409). */
export async function cancelSimilarityJobRow(
  deps: { db: Kysely<Database>; now: () => Date },
  id: string,
): Promise<boolean> {
  return endSimilarityJob(deps.db, id, { status: 'cancelled', at: deps.now() });
}

/**
 * Fails a job whose row says running while its orchestration has ended or is gone (a host whose
 * durable data was lost, an orchestration that failed before it could record it), so it does not
 * block every later job. Returns whether it changed the row.
 */
export async function closeOrphanedJob(
  deps: { db: Kysely<Database>; now: () => Date },
  id: string,
  orchestrationStatus: string,
): Promise<boolean> {
  return endSimilarityJob(deps.db, id, {
    status: 'failed',
    error: `the orchestration ended (${orchestrationStatus}) without closing the job`,
    at: deps.now(),
  });
}
