// The digest of approval asks that came beyond an approver's hourly mail limit (approvalMailCap.ts).
// A timer runs it every few minutes; on any number of instances at once it stays correct:
//   1. For each approver with held asks, one transaction takes a mail slot of the current hour (when
//      the approver has none left, the asks wait for the next run, in a later hour) and stamps the
//      held asks with a digest key. A key with nothing still waiting is closed without a mail.
//   2. Every digest key not sent yet — just claimed, or left by a crash — is built from the asks
//      still waiting for that approver and sent once (sent_notifications holds the key).
// Nothing is lost: a held ask is in exactly one digest, and the step waits in the portal meanwhile.
import { sql } from 'kysely';
import { sendOnce } from '../platform/notifications/sendOnce';
import { loadRequestSummary } from '../purchasing/requestSummary';
import { MAX_LINK_LIFETIME_MS } from './approvalLinkToken';
import { approvalDigestMail, type AskReason, type DigestLine } from './approvalMail';
import { takeMailSlot } from './approvalMailCap';
import { issueLinks } from './workflow/askApprover';
import type { WorkflowDeps } from './workflow/workflowDeps';

export interface DigestRun {
  /** digest mails sent in this run */
  sent: number;
  /** asks they carried */
  asks: number;
}

/** Held asks whose step still waits for this approver's decision: what a digest still has to say. */
function stillWaiting(deps: Pick<WorkflowDeps, 'db'>, approverId: number) {
  return deps.db
    .selectFrom('approval_asks as a')
    .innerJoin('approval_steps as s', (join) =>
      join.onRef('s.request_id', '=', 'a.request_id').onRef('s.step', '=', 'a.step'),
    )
    .innerJoin('purchase_requests as pr', 'pr.id', 'a.request_id')
    .where('a.approver_id', '=', approverId)
    .where('a.delivery', '=', 'digest')
    .where('s.status', '=', 'waiting')
    .where('s.approver_id', '=', approverId)
    .where('pr.status', '=', 'pending')
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('approval_decisions as d')
            .select('d.step')
            .whereRef('d.request_id', '=', 'a.request_id')
            .whereRef('d.step', '=', 'a.step'),
        ),
      ),
    );
}

export async function sendApprovalDigests(
  deps: WorkflowDeps,
  options: { maxApprovers?: number } = {},
): Promise<DigestRun> {
  const { db } = deps;
  const at = deps.now();
  const held = await db
    .selectFrom('approval_asks')
    .select('approver_id')
    .distinct()
    .where('delivery', '=', 'digest')
    .where('digest_key', 'is', null)
    .orderBy('approver_id')
    .limit(options.maxApprovers ?? 200)
    .execute();

  for (const { approver_id: approverId } of held) {
    const digestKey = `digest:${approverId}:${at.toISOString()}`;
    await db.transaction().execute(async (trx) => {
      const open = await stillWaiting({ db: trx }, approverId)
        .select(sql<number>`count(*)::int`.as('n'))
        .where('a.digest_key', 'is', null)
        .executeTakeFirstOrThrow();
      if (open.n > 0 && !(await takeMailSlot(trx, approverId, at, deps.approvalMailsPerHour))) return;
      await trx
        .updateTable('approval_asks')
        .set({ digest_key: digestKey })
        .where('approver_id', '=', approverId)
        .where('delivery', '=', 'digest')
        .where('digest_key', 'is', null)
        .execute();
    });
  }

  const unsent = await db
    .selectFrom('approval_asks as a')
    .select(['a.digest_key', 'a.approver_id'])
    .distinct()
    .where('a.digest_key', 'is not', null)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb.selectFrom('sent_notifications as n').select('n.key').whereRef('n.key', '=', 'a.digest_key'),
        ),
      ),
    )
    .orderBy('a.digest_key')
    .execute();
  const run: DigestRun = { sent: 0, asks: 0 };
  for (const { digest_key: key, approver_id: approverId } of unsent) {
    if (key === null) continue;
    const carried = await sendDigest(deps, key, approverId, at);
    if (carried > 0) {
      run.sent++;
      run.asks += carried;
    }
  }
  return run;
}

/** Builds and sends one digest; the number of asks it carried (0: nothing was left to say). */
async function sendDigest(deps: WorkflowDeps, key: string, approverId: number, at: Date): Promise<number> {
  const { db } = deps;
  const approver = await db
    .selectFrom('employees')
    .select(['email', 'display_name'])
    .where('id', '=', approverId)
    .executeTakeFirstOrThrow();
  // One line per step: a step asked and then reminded shows once, as its latest ask.
  const asks = await stillWaiting(deps, approverId)
    .select(['a.request_id', 'a.step', 'a.reason', 'a.asked_at'])
    .where('a.digest_key', '=', key)
    .orderBy('a.asked_at')
    .execute();
  const latest = new Map<string, { requestId: string; step: number; reason: AskReason }>();
  for (const a of asks)
    latest.set(`${a.request_id}:${a.step}`, { requestId: a.request_id, step: a.step, reason: a.reason });

  if (latest.size === 0) {
    // Everything was decided (or moved on) before the digest went out: close the key, send nothing.
    await db
      .insertInto('sent_notifications')
      .values({ key, recipient: approver.email, message_id: null, sent_at: at })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
    return 0;
  }

  const expiresAt = new Date(at.getTime() + MAX_LINK_LIFETIME_MS);
  const lines: DigestLine[] = [];
  for (const { requestId, step, reason } of latest.values()) {
    const request = await loadRequestSummary(db, requestId);
    if (!request) continue;
    const steps = await db
      .selectFrom('approval_steps')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('request_id', '=', requestId)
      .executeTakeFirstOrThrow();
    const links = await issueLinks(deps, { requestId, step, approverId, expiresAt, at });
    lines.push({
      request,
      step,
      stepCount: steps.n,
      reason,
      approveUrl: links.approve,
      rejectUrl: links.reject,
    });
  }
  await sendOnce(
    deps,
    key,
    approvalDigestMail({
      approver: { email: approver.email, displayName: approver.display_name },
      lines,
      hourlyLimit: deps.approvalMailsPerHour,
      portalUrl: `${deps.publicBaseUrl}/#/approvals`,
      linksExpireAt: expiresAt,
    }),
  );
  return lines.length;
}
