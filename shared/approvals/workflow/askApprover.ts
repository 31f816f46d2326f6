// Asks the step's approver by e-mail (first time, reminder, or escalation to the approver's manager).
// Idempotent: every state change is conditional and the mail is sent once per key. Within the
// approver's hourly cap the ask gets a mail of its own; beyond it, it goes into their next digest. Returns the
// decision when one is already recorded for the step, so a workflow that missed the decision's
// event (the host died between recording it and raising it) still moves on at its next wake-up.
import { writeAudit } from '../../platform/audit/auditLog';
import type { Kysely } from 'kysely';
import type { ApprovalAction, Database } from '../../platform/db/schema';
import { alreadySent, sendOnce } from '../../platform/notifications/sendOnce';
import { loadRequestSummary } from '../../purchasing/requestSummary';
import { createLinkToken, hashLinkToken, MAX_LINK_LIFETIME_MS } from '../approvalLinkToken';
import { deliveryOf } from '../approvalMailCap';
import { approvalMail, type AskReason } from '../approvalMail';
import { decisionFacts } from '../decisionFacts';
import type { WorkflowDeps } from './workflowDeps';

export interface AskInput {
  requestId: string;
  step: number;
  reason: AskReason;
}

export interface AskResult {
  /** a decision already recorded for this step, if any */
  decision: ApprovalAction | null;
  approverId: number;
  /** false when the request is no longer pending (cancelled meanwhile): nothing was sent */
  pending: boolean;
}

export async function recordedDecision(
  deps: Pick<WorkflowDeps, 'db'>,
  requestId: string,
  step: number,
): Promise<ApprovalAction | null> {
  const row = await deps.db
    .selectFrom('approval_decisions')
    .select('decision')
    .where('request_id', '=', requestId)
    .where('step', '=', step)
    .executeTakeFirst();
  return row?.decision ?? null;
}

export async function askApprover(deps: WorkflowDeps, input: AskInput): Promise<AskResult> {
  const { db } = deps;
  const { requestId, step, reason } = input;
  const at = deps.now();
  const request = await loadRequestSummary(db, requestId);
  if (!request) throw new Error(`Purchase request ${requestId} does not exist.`);
  let current = await loadStep(db, requestId, step);
  const decision = await recordedDecision(deps, requestId, step);
  if (decision || request.status !== 'pending') {
    return { decision, approverId: current.approver_id, pending: request.status === 'pending' };
  }

  // Names go into the audit details, so the request's timeline reads without lookups.
  const audit = (executor: Kysely<Database>, action: string, key: string, details: Record<string, unknown>) =>
    writeAudit(executor, {
      occurredAt: at,
      companyId: request.companyId,
      entityType: 'purchase_request',
      entityId: requestId,
      action,
      actorId: null,
      details: { step, ...details },
      idempotencyKey: `${requestId}:${step}:${key}`,
    });
  const asked = { approverId: current.approver_id, approver: current.approver_name };
  if (reason === 'ask') {
    await db
      .updateTable('approval_steps')
      .set({ status: 'waiting', asked_at: at })
      .where('request_id', '=', requestId)
      .where('step', '=', step)
      .where('status', '=', 'queued')
      .execute();
    await audit(db, 'approver_asked', 'asked', asked);
  } else if (reason === 'remind') {
    await db
      .updateTable('approval_steps')
      .set({ reminded_at: at })
      .where('request_id', '=', requestId)
      .where('step', '=', step)
      .where('reminded_at', 'is', null)
      .execute();
    await audit(db, 'reminder_sent', 'reminded', asked);
  } else if (current.escalated_at === null) {
    // Escalate to the approver's manager (active, and not the requester); without one, the same
    // approver is asked again.
    const up = await db
      .selectFrom('employees as a')
      .innerJoin('employees as m', 'm.id', 'a.manager_id')
      .select(['m.id', 'm.status', 'm.display_name'])
      .where('a.id', '=', current.approver_id)
      .executeTakeFirst();
    const to =
      up && up.status === 'active' && up.id !== request.requester.id
        ? { id: up.id, name: up.display_name }
        : { id: current.approver_id, name: current.approver_name };
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('approval_steps')
        .set({ approver_id: to.id, escalated_from_id: current.approver_id, escalated_at: at })
        .where('request_id', '=', requestId)
        .where('step', '=', step)
        .where('escalated_at', 'is', null)
        .execute();
      await audit(trx, 'escalated', 'escalated', {
        fromApproverId: current.approver_id,
        toApproverId: to.id,
        from: current.approver_name,
        to: to.name,
      });
    });
    current = await loadStep(db, requestId, step);
  }

  const key = `${requestId}:${step}:${reason}:${current.approver_id}`;
  if (!(await alreadySent(db, key))) {
    const ask = { key, approverId: current.approver_id, requestId, step, reason, at };
    if ((await deliveryOf(db, ask, deps.approvalMailsPerHour)) === 'digest') {
      // Over the approver's hourly cap: the next digest carries this ask (the portal lists it now).
      await audit(db, 'ask_held_for_digest', `digest:${reason}:${current.approver_id}`, {
        approverId: current.approver_id,
        approver: current.approver_name,
        reason,
      });
      return { decision: null, approverId: current.approver_id, pending: true };
    }
    const steps = await db
      .selectFrom('approval_steps')
      .select('step')
      .where('request_id', '=', requestId)
      .execute();
    const expiresAt = new Date(at.getTime() + MAX_LINK_LIFETIME_MS);
    const links = await issueLinks(deps, { requestId, step, approverId: current.approver_id, expiresAt, at });
    const facts = await decisionFacts(
      db,
      request.companyId,
      request.items.map((i) => ({ appId: i.appId, category: i.category })),
    );
    await sendOnce(
      deps,
      key,
      approvalMail({
        request,
        step,
        stepCount: steps.length,
        approver: { email: current.approver_email, displayName: current.approver_name },
        reason,
        ...(reason === 'escalate' &&
          current.escalated_from_name !== null && {
            escalatedFrom: current.escalated_from_name,
          }),
        facts,
        approveUrl: links.approve,
        rejectUrl: links.reject,
        portalUrl: `${deps.publicBaseUrl}/#/approvals`,
        linksExpireAt: expiresAt,
      }),
    );
  }
  return { decision: null, approverId: current.approver_id, pending: true };
}

/** The step with its approver's name and address, and who it was escalated from. */
function loadStep(db: Kysely<Database>, requestId: string, step: number) {
  return db
    .selectFrom('approval_steps as s')
    .innerJoin('employees as a', 'a.id', 's.approver_id')
    .leftJoin('employees as f', 'f.id', 's.escalated_from_id')
    .select([
      's.approver_id',
      's.escalated_at',
      'a.email as approver_email',
      'a.display_name as approver_name',
      'f.display_name as escalated_from_name',
    ])
    .where('s.request_id', '=', requestId)
    .where('s.step', '=', step)
    .executeTakeFirstOrThrow();
}

/** Mints the approve and reject links for one approver and step, storing only their hashes. */
export async function issueLinks(
  deps: WorkflowDeps,
  claims: { requestId: string; step: number; approverId: number; expiresAt: Date; at: Date },
): Promise<Record<ApprovalAction, string>> {
  const links = {} as Record<ApprovalAction, string>;
  for (const action of ['approve', 'reject'] as const) {
    const token = createLinkToken(deps.linkSecret, { ...claims, action });
    await deps.db
      .insertInto('approval_tokens')
      .values({
        token_hash: hashLinkToken(token),
        request_id: claims.requestId,
        step: claims.step,
        approver_id: claims.approverId,
        action,
        expires_at: claims.expiresAt,
        created_at: claims.at,
      })
      .execute();
    links[action] = `${deps.publicBaseUrl}/api/approvals/${token}`;
  }
  return links;
}
