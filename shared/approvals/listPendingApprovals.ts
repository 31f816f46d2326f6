// What waits for an approver: the steps where they are the current approver and no decision is in.
import type { Kysely } from 'kysely';
import type { Database } from '../platform/db/schema';

export async function listPendingApprovals(db: Kysely<Database>, approverId: number) {
  const rows = await db
    .selectFrom('approval_steps as s')
    .innerJoin('purchase_requests as pr', 'pr.id', 's.request_id')
    .innerJoin('employees as e', 'e.id', 'pr.requester_id')
    .select([
      'pr.id',
      'pr.code',
      's.step',
      's.asked_at',
      's.escalated_from_id',
      'e.display_name',
      'e.email',
      'pr.monthly_cost',
      'pr.annual_cost',
      'pr.currency',
      'pr.justification',
      'pr.needed_by',
    ])
    .where('s.approver_id', '=', approverId)
    .where('s.status', '=', 'waiting')
    .where('pr.status', '=', 'pending')
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('approval_decisions as d')
            .select('d.step')
            .whereRef('d.request_id', '=', 's.request_id')
            .whereRef('d.step', '=', 's.step'),
        ),
      ),
    )
    .orderBy('s.asked_at')
    .execute();
  return rows.map((r) => ({
    requestId: r.id,
    code: r.code,
    step: r.step,
    askedAt: r.asked_at?.toISOString() ?? null,
    escalated: r.escalated_from_id !== null,
    requester: { displayName: r.display_name, email: r.email },
    monthlyCost: Number(r.monthly_cost),
    annualCost: Number(r.annual_cost),
    currency: r.currency.trim(),
    justification: r.justification,
    neededBy: String(r.needed_by).slice(0, 10),
  }));
}
