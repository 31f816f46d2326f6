// Asks the step's approver by e-mail (first time, reminder, or escalation to the approver's manager).
// Idempotent: every state change is conditional and the mail is sent once per key. Returns the
// decision when one is already recorded for the step, so a workflow that missed the decision's
// event (the host died between recording it and raising it) still moves on at its next wake-up.
import { writeAudit } from '../../audit/auditLog';
import type { ApprovalAction } from '../../db/schema';
import { alreadySent, sendOnce } from '../../notifications/sendOnce';
import { loadRequestSummary } from '../../purchasing/requestSummary';
import { createLinkToken, hashLinkToken, MAX_LINK_LIFETIME_MS } from '../approvalLinkToken';
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
  let current = await db
    .selectFrom('approval_steps')
    .selectAll()
    .where('request_id', '=', requestId)
    .where('step', '=', step)
    .executeTakeFirstOrThrow();
  const decision = await recordedDecision(deps, requestId, step);
  if (decision || request.status !== 'pending') {
    return { decision, approverId: current.approver_id, pending: request.status === 'pending' };
  }

  // Names in the audit details, so the request's timeline reads without lookups.
  const nameOf = async (id: number) =>
    (await db.selectFrom('employees').select('display_name').where('id', '=', id).executeTakeFirst())
      ?.display_name ?? `#${id}`;
  let escalatedFrom: string | undefined;
  if (reason === 'ask') {
    await db
      .updateTable('approval_steps')
      .set({ status: 'waiting', asked_at: at })
      .where('request_id', '=', requestId)
      .where('step', '=', step)
      .where('status', '=', 'queued')
      .execute();
    await writeAudit(db, {
      occurredAt: at,
      companyId: request.companyId,
      entityType: 'purchase_request',
      entityId: requestId,
      action: 'approver_asked',
      actorId: null,
      details: { step, approverId: current.approver_id, approver: await nameOf(current.approver_id) },
      idempotencyKey: `${requestId}:${step}:asked`,
    });
  } else if (reason === 'remind') {
    await db
      .updateTable('approval_steps')
      .set({ reminded_at: at })
      .where('request_id', '=', requestId)
      .where('step', '=', step)
      .where('reminded_at', 'is', null)
      .execute();
    await writeAudit(db, {
      occurredAt: at,
      companyId: request.companyId,
      entityType: 'purchase_request',
      entityId: requestId,
      action: 'reminder_sent',
      actorId: null,
      details: { step, approverId: current.approver_id, approver: await nameOf(current.approver_id) },
      idempotencyKey: `${requestId}:${step}:reminded`,
    });
  } else if (current.escalated_at === null) {
    // Escalate to the approver's manager (active, and not the requester); without one, the same
    // approver is asked again.
    const up = await db
      .selectFrom('employees as a')
      .innerJoin('employees as m', 'm.id', 'a.manager_id')
      .select(['m.id', 'm.status', 'a.display_name as from_name'])
      .where('a.id', '=', current.approver_id)
      .executeTakeFirst();
    const target =
      up && up.status === 'active' && up.id !== request.requester.id ? up.id : current.approver_id;
    // Before the transaction: with one pooled connection (PGlite) a query outside it would wait forever.
    const [fromName, toName] = [await nameOf(current.approver_id), await nameOf(target)];
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('approval_steps')
        .set({ approver_id: target, escalated_from_id: current.approver_id, escalated_at: at })
        .where('request_id', '=', requestId)
        .where('step', '=', step)
        .where('escalated_at', 'is', null)
        .execute();
      await writeAudit(trx, {
        occurredAt: at,
        companyId: request.companyId,
        entityType: 'purchase_request',
        entityId: requestId,
        action: 'escalated',
        actorId: null,
        details: {
          step,
          fromApproverId: current.approver_id,
          toApproverId: target,
          from: fromName,
          to: toName,
        },
        idempotencyKey: `${requestId}:${step}:escalated`,
      });
    });
    current = await db
      .selectFrom('approval_steps')
      .selectAll()
      .where('request_id', '=', requestId)
      .where('step', '=', step)
      .executeTakeFirstOrThrow();
  }
  if (current.escalated_from_id !== null && reason === 'escalate') {
    const from = await db
      .selectFrom('employees')
      .select('display_name')
      .where('id', '=', current.escalated_from_id)
      .executeTakeFirst();
    escalatedFrom = from?.display_name;
  }

  const key = `${requestId}:${step}:${reason}:${current.approver_id}`;
  if (!(await alreadySent(db, key))) {
    const approver = await db
      .selectFrom('employees')
      .select(['email', 'display_name'])
      .where('id', '=', current.approver_id)
      .executeTakeFirstOrThrow();
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
        approver: { email: approver.email, displayName: approver.display_name },
        reason,
        ...(escalatedFrom !== undefined && { escalatedFrom }),
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

/** Mints the approve and reject links for one approver and step, storing only their hashes. */
async function issueLinks(
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
