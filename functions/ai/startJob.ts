// Starts the similarity orchestration for a job row through the durable client (instance id = job
// id). A row left running by an orchestration that has ended (or is gone) is closed as failed first,
// so one lost orchestration cannot block every later job.
import type { InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import { SIMILARITY_JOB_ORCHESTRATION } from '../../orchestrations/ai/similarityJobWorkflow';
import {
  closeOrphanedJob,
  startSimilarityJob,
  type StartJobOutcome,
  type StartJobRequest,
} from '../../shared/ai/similarity/startSimilarityJob';
import type { SimilarityTriggerDeps } from './similarityJobDeps';

const ENDED = new Set(['Completed', 'Failed', 'Terminated', 'Canceled']);

/** The orchestration's status when it has ended or does not exist; undefined while it runs (or unknown). */
async function endedStatus(context: InvocationContext, instanceId: string): Promise<string | undefined> {
  try {
    const status = await df.getClient(context).getStatus(instanceId);
    const runtime = String(status.runtimeStatus);
    return ENDED.has(runtime) ? runtime : undefined;
  } catch (error) {
    return error instanceof Error && error.message.includes('HTTP 404') ? 'not found' : undefined;
  }
}

export async function startJob(
  deps: SimilarityTriggerDeps,
  context: InvocationContext,
  request: StartJobRequest,
): Promise<StartJobOutcome> {
  const start = async (instanceId: string, input: unknown) => {
    await df.getClient(context).startNew(SIMILARITY_JOB_ORCHESTRATION, { instanceId, input });
  };
  const outcome = await startSimilarityJob(deps, request, start);
  if (outcome.kind !== 'running') return outcome;
  const ended = await endedStatus(context, outcome.runningId);
  if (!ended) return outcome;
  await closeOrphanedJob(deps, outcome.runningId, ended);
  context.warn(
    `similarity job ${outcome.runningId} was left running by an orchestration that ${ended === 'not found' ? 'does not exist' : `is ${ended}`}; closed as failed`,
  );
  return startSimilarityJob(deps, request, start);
}
