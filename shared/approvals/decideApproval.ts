// Records an approver's decision on a waiting step, exactly once: through a signed e-mail link (the
// token is checked, then marked used in the same transaction that inserts the decision) or in the
// portal by the signed-in approver. Afterwards the caller raises the decision event to the workflow;
// a repeated click re-raises it, which the workflow ignores if it already moved on.
import type { Kysely } from 'kysely';
import { writeAudit } from '../platform/audit/auditLog';
import type { ApprovalAction, Database } from '../platform/db/schema';
import { hashLinkToken, verifyLinkToken, type LinkClaims } from './approvalLinkToken';

export interface DecideDeps {
  db: Kysely<Database>;
  now: () => Date;
  linkSecret: string;
}

export type Refusal =
  | { kind: 'invalid-link'; detail: string }
  | { kind: 'expired-link' }
  | { kind: 'used-link'; decision: RecordedDecision | undefined }
  | { kind: 'not-pending'; status: string; code: string }
  | { kind: 'already-decided'; decision: RecordedDecision }
  | { kind: 'not-your-step'; detail: string }
  | { kind: 'not-found' };

export interface RecordedDecision {
  requestId: string;
  code: string;
  step: number;
  decision: ApprovalAction;
  decidedBy: string;
  decidedAt: Date;
  comment: string | null;
}

export type DecideResult = { kind: 'recorded'; decision: RecordedDecision } | Refusal;

async function decisionOf(db: Kysely<Database>, requestId: string, step: number) {
  const row = await db
    .selectFrom('approval_decisions as d')
    .innerJoin('purchase_requests as pr', 'pr.id', 'd.request_id')
    .innerJoin('employees as e', 'e.id', 'd.decided_by')
    .select([
      'd.request_id',
      'pr.code',
      'd.step',
      'd.decision',
      'e.display_name',
      'd.decided_at',
      'd.comment',
    ])
    .where('d.request_id', '=', requestId)
    .where('d.step', '=', step)
    .executeTakeFirst();
  return row
    ? {
        requestId: row.request_id,
        code: row.code,
        step: row.step,
        decision: row.decision,
        decidedBy: row.display_name,
        decidedAt: row.decided_at,
        comment: row.comment,
      }
    : undefined;
}

/** The token's signature and expiry, as a refusal when they do not hold. */
function signedClaims(
  deps: DecideDeps,
  token: string,
  now: Date,
): { kind: 'signed'; claims: LinkClaims } | Refusal {
  const check = verifyLinkToken(deps.linkSecret, token, now);
  if (check.ok) return { kind: 'signed', claims: check.claims };
  if (check.reason === 'expired') return { kind: 'expired-link' };
  return { kind: 'invalid-link', detail: 'This link is not one Asset Pulse sent, or it was changed.' };
}

/** What a link token says and whether it can still be used, without using it (for the GET page). */
export async function inspectLink(
  deps: DecideDeps,
  token: string,
): Promise<{ kind: 'usable'; claims: LinkClaims } | Refusal> {
  const check = signedClaims(deps, token, deps.now());
  if (check.kind !== 'signed') return check;
  const stored = await deps.db
    .selectFrom('approval_tokens')
    .select(['used_at'])
    .where('token_hash', '=', hashLinkToken(token))
    .executeTakeFirst();
  if (!stored) return { kind: 'invalid-link', detail: 'This link is not known (any more).' };
  const { claims } = check;
  if (stored.used_at)
    return { kind: 'used-link', decision: await decisionOf(deps.db, claims.requestId, claims.step) };
  const state = await stepState(deps.db, claims.requestId, claims.step);
  if (!state) return { kind: 'not-found' };
  const refusal = refusalFor(
    state,
    claims.approverId,
    await decisionOf(deps.db, claims.requestId, claims.step),
  );
  return refusal ?? { kind: 'usable', claims };
}

interface StepState {
  status: string;
  code: string;
  stepStatus: string;
  approverId: number;
  approverName: string;
  escalatedFromId: number | null;
}

async function stepState(
  db: Kysely<Database>,
  requestId: string,
  step: number,
): Promise<StepState | undefined> {
  const row = await db
    .selectFrom('purchase_requests as pr')
    .innerJoin('approval_steps as s', 's.request_id', 'pr.id')
    .innerJoin('employees as a', 'a.id', 's.approver_id')
    .select([
      'pr.status',
      'pr.code',
      's.status as step_status',
      's.approver_id',
      'a.display_name',
      's.escalated_from_id',
    ])
    .where('pr.id', '=', requestId)
    .where('s.step', '=', step)
    .executeTakeFirst();
  return row
    ? {
        status: row.status,
        code: row.code,
        stepStatus: row.step_status,
        approverId: row.approver_id,
        approverName: row.display_name,
        escalatedFromId: row.escalated_from_id,
      }
    : undefined;
}

function refusalFor(
  state: StepState,
  approverId: number,
  decision: RecordedDecision | undefined,
): Refusal | undefined {
  if (decision) return { kind: 'already-decided', decision };
  if (state.status !== 'pending') return { kind: 'not-pending', status: state.status, code: state.code };
  if (state.approverId !== approverId) {
    return {
      kind: 'not-your-step',
      detail:
        state.escalatedFromId === approverId
          ? `This step was escalated to ${state.approverName}, who decides it now.`
          : 'This step waits for someone else.',
    };
  }
  if (state.stepStatus !== 'waiting') {
    return {
      kind: 'not-your-step',
      detail: `This step is not waiting for a decision (it is ${state.stepStatus}).`,
    };
  }
  return undefined;
}

export type DecisionRequest =
  /** `action`: what the form asked for; a link decides only the action it was made for */
  | { via: 'email'; token: string; comment?: string; action?: ApprovalAction }
  | { via: 'portal'; approverId: number; requestId: string; decision: ApprovalAction; comment?: string };

export async function decideApproval(deps: DecideDeps, request: DecisionRequest): Promise<DecideResult> {
  const at = deps.now();
  let requestId: string;
  let approverId: number;
  let decision: ApprovalAction;
  let step: number | undefined;
  let tokenHash: string | undefined;
  if (request.via === 'email') {
    const check = signedClaims(deps, request.token, at);
    if (check.kind !== 'signed') return check;
    if (request.action && request.action !== check.claims.action) {
      return { kind: 'invalid-link', detail: `This link can only ${check.claims.action}.` };
    }
    ({ requestId, approverId, action: decision, step } = check.claims);
    tokenHash = hashLinkToken(request.token);
  } else {
    ({ requestId, approverId, decision } = request);
  }
  const comment = request.comment?.trim() ? request.comment.trim().slice(0, 2000) : null;

  const outcome = await deps.db.transaction().execute(async (trx): Promise<DecideResult> => {
    const locked = await trx
      .selectFrom('purchase_requests')
      .select(['status', 'code', 'company_id'])
      .where('id', '=', requestId)
      .forUpdate()
      .executeTakeFirst();
    if (!locked) return { kind: 'not-found' };
    if (step === undefined) {
      // In the portal the decision is for the step waiting now.
      const waiting = await trx
        .selectFrom('approval_steps')
        .select('step')
        .where('request_id', '=', requestId)
        .where('status', '=', 'waiting')
        .executeTakeFirst();
      if (!waiting) {
        if (locked.status !== 'pending')
          return { kind: 'not-pending', status: locked.status, code: locked.code };
        return {
          kind: 'not-your-step',
          detail: 'No step of this request is waiting for a decision right now.',
        };
      }
      step = waiting.step;
    }
    const state = await stepState(trx, requestId, step);
    if (!state) return { kind: 'not-found' };
    if (tokenHash) {
      const token = await trx
        .selectFrom('approval_tokens')
        .select(['used_at'])
        .where('token_hash', '=', tokenHash)
        .executeTakeFirst();
      if (!token) return { kind: 'invalid-link', detail: 'This link is not known (any more).' };
      if (token.used_at) return { kind: 'used-link', decision: await decisionOf(trx, requestId, step) };
    }
    const refusal = refusalFor(state, approverId, await decisionOf(trx, requestId, step));
    if (refusal) return refusal;

    if (tokenHash) {
      // Single use, atomically: only one transaction can flip used_at from null.
      const used = await trx
        .updateTable('approval_tokens')
        .set({ used_at: at })
        .where('token_hash', '=', tokenHash)
        .where('used_at', 'is', null)
        .executeTakeFirst();
      if (Number(used.numUpdatedRows) !== 1) return { kind: 'used-link', decision: undefined };
    }
    const inserted = await trx
      .insertInto('approval_decisions')
      .values({
        request_id: requestId,
        step,
        decision,
        decided_by: approverId,
        comment,
        channel: request.via,
        decided_at: at,
      })
      .onConflict((oc) => oc.columns(['request_id', 'step']).doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) !== 1) {
      const existing = await decisionOf(trx, requestId, step);
      if (existing) return { kind: 'already-decided', decision: existing };
    }
    await writeAudit(trx, {
      occurredAt: at,
      companyId: locked.company_id,
      entityType: 'purchase_request',
      entityId: requestId,
      action: 'decision_recorded',
      actorId: approverId,
      details: { step, decision, comment, channel: request.via },
      idempotencyKey: `${requestId}:${step}:decision`,
    });
    const recorded = await decisionOf(trx, requestId, step);
    if (!recorded) throw new Error('The decision was not stored.');
    return { kind: 'recorded', decision: recorded };
  });
  return outcome;
}
