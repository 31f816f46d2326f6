// What the database holds for one step: its decision, if one is recorded, and the request's status.
// The workflow calls this when an event arrives, because an event is only a hint: anyone with the
// host key can raise one, and only a recorded decision (or a cancelled request) moves a step on.
import type { ApprovalAction } from '../../platform/db/schema';
import type { WorkflowDeps } from './workflowDeps';

export interface RecordedStepInput {
  requestId: string;
  step: number;
}

export interface RecordedStep {
  decision: ApprovalAction | null;
  /** the request's status ('pending' while the workflow runs; 'cancelled' once the requester withdrew it) */
  requestStatus: string;
}

export async function readRecordedStep(
  deps: Pick<WorkflowDeps, 'db'>,
  input: RecordedStepInput,
): Promise<RecordedStep> {
  const row = await deps.db
    .selectFrom('purchase_requests as pr')
    .leftJoin('approval_decisions as d', (join) =>
      join.onRef('d.request_id', '=', 'pr.id').on('d.step', '=', input.step),
    )
    .select(['pr.status', 'd.decision'])
    .where('pr.id', '=', input.requestId)
    .executeTakeFirst();
  if (!row) throw new Error(`Purchase request ${input.requestId} does not exist.`);
  return { decision: row.decision ?? null, requestStatus: row.status };
}
