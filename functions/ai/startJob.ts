// Starts the similarity orchestration for a job row through the durable client (instance id = job id).
import type { InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import { SIMILARITY_JOB_ORCHESTRATION } from '../../orchestrations/ai/similarityJobWorkflow';
import type { OrchestrationInput } from '../../shared/ai/similarity/startSimilarityJob';

export function orchestrationStarter(context: InvocationContext) {
  return async (instanceId: string, input: OrchestrationInput): Promise<void> => {
    await df.getClient(context).startNew(SIMILARITY_JOB_ORCHESTRATION, { instanceId, input });
  };
}
