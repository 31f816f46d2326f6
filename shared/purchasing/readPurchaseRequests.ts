// Reading purchase requests in the actor's scope: a filtered, paged list, and one request with its
// items, approval steps, decisions, fulfilment and a timeline of every step from the audit log.
// A request outside the scope reads as not found, so its existence is not disclosed.
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/schema';
import type { UserPrincipal } from '../auth/principal';
import { loadRequestSummary, type RequestSummary } from './requestSummary';
import { visibleRequests } from './requestVisibility';

export const listQuerySchema = z.strictObject({
  status: z.enum(['pending', 'approved', 'fulfilled', 'rejected', 'expired', 'cancelled']).optional(),
  company: z
    .string()
    .regex(/^[A-Z][A-Z0-9]{1,9}$/)
    .optional(),
  requester: z.email().optional(),
  /** only requests the actor made */
  mine: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
export type ListQuery = z.infer<typeof listQuerySchema>;

export interface RequestListItem {
  id: string;
  code: string;
  status: string;
  companyCode: string;
  requester: { email: string; displayName: string };
  apps: string[];
  monthlyCost: number;
  annualCost: number;
  currency: string;
  createdAt: string;
  closedAt: string | null;
  waitingFor: { step: number; approver: string } | null;
}

export async function listPurchaseRequests(
  db: Kysely<Database>,
  actor: UserPrincipal,
  query: ListQuery,
): Promise<{ items: RequestListItem[]; total: number; limit: number; offset: number }> {
  let base = db
    .selectFrom('purchase_requests as pr')
    .innerJoin('companies as c', 'c.id', 'pr.company_id')
    .innerJoin('employees as e', 'e.id', 'pr.requester_id')
    .where(visibleRequests(actor));
  if (query.status) base = base.where('pr.status', '=', query.status);
  if (query.company) base = base.where('c.code', '=', query.company);
  if (query.requester) base = base.where('e.email', '=', query.requester.toLowerCase());
  if (query.mine === 'true') base = base.where('pr.requester_id', '=', actor.employeeId);

  const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await base
    .select([
      'pr.id',
      'pr.code',
      'pr.status',
      'c.code as company_code',
      'e.email',
      'e.display_name',
      'pr.monthly_cost',
      'pr.annual_cost',
      'pr.currency',
      'pr.created_at',
      'pr.closed_at',
      sql<string[]>`(select array_agg(a.name order by i.line) from purchase_request_items i
        join apps a on a.id = i.app_id where i.request_id = pr.id)`.as('apps'),
      sql<{
        step: number;
        approver: string;
      } | null>`(select json_build_object('step', s.step, 'approver', w.display_name)
        from approval_steps s join employees w on w.id = s.approver_id
        where s.request_id = pr.id and s.status = 'waiting' limit 1)`.as('waiting_for'),
    ])
    .orderBy('pr.created_at', 'desc')
    .orderBy('pr.code', 'desc')
    .limit(query.limit)
    .offset(query.offset)
    .execute();
  return {
    items: rows.map((r) => ({
      id: r.id,
      code: r.code,
      status: r.status,
      companyCode: r.company_code,
      requester: { email: r.email, displayName: r.display_name },
      apps: r.apps,
      monthlyCost: Number(r.monthly_cost),
      annualCost: Number(r.annual_cost),
      currency: r.currency.trim(),
      createdAt: r.created_at.toISOString(),
      closedAt: r.closed_at?.toISOString() ?? null,
      waitingFor: r.waiting_for,
    })),
    total: Number(total.n),
    limit: query.limit,
    offset: query.offset,
  };
}

export interface RequestDetail extends Omit<RequestSummary, 'createdAt' | 'closedAt'> {
  createdAt: string;
  closedAt: string | null;
  steps: {
    step: number;
    kind: string;
    status: string;
    approver: { id: number; email: string; displayName: string };
    escalatedFrom: { id: number; displayName: string } | null;
    askedAt: string | null;
    remindedAt: string | null;
    escalatedAt: string | null;
    decision: { decision: string; by: string; comment: string | null; channel: string; at: string } | null;
  }[];
  assignments: { email: string; appName: string; contractId: number; assignedAt: string }[];
  purchaseOrders: { line: number; seats: number; monthlyCost: number; annualCost: number; status: string }[];
  timeline: { at: string; action: string; actor: string | null; details: Record<string, unknown> }[];
}

/** Finds a request by id (uuid) or code (PR-...), if the actor may see it. */
export async function findVisibleRequestId(
  db: Kysely<Database>,
  actor: UserPrincipal,
  idOrCode: string,
): Promise<string | undefined> {
  const isUuid = z.uuid().safeParse(idOrCode).success;
  const row = await db
    .selectFrom('purchase_requests as pr')
    .select('pr.id')
    .where(isUuid ? 'pr.id' : 'pr.code', '=', idOrCode)
    .where(visibleRequests(actor))
    .executeTakeFirst();
  return row?.id;
}

export async function getPurchaseRequest(
  db: Kysely<Database>,
  actor: UserPrincipal,
  idOrCode: string,
): Promise<RequestDetail | undefined> {
  const id = await findVisibleRequestId(db, actor, idOrCode);
  if (!id) return undefined;
  const summary = await loadRequestSummary(db, id);
  if (!summary) return undefined;
  const steps = await db
    .selectFrom('approval_steps as s')
    .innerJoin('employees as a', 'a.id', 's.approver_id')
    .leftJoin('employees as f', 'f.id', 's.escalated_from_id')
    .leftJoin('approval_decisions as d', (j) =>
      j.onRef('d.request_id', '=', 's.request_id').onRef('d.step', '=', 's.step'),
    )
    .leftJoin('employees as db', 'db.id', 'd.decided_by')
    .select([
      's.step',
      's.kind',
      's.status',
      'a.id as approver_id',
      'a.email as approver_email',
      'a.display_name as approver_name',
      'f.id as from_id',
      'f.display_name as from_name',
      's.asked_at',
      's.reminded_at',
      's.escalated_at',
      'd.decision',
      'db.display_name as decided_by',
      'd.comment',
      'd.channel',
      'd.decided_at',
    ])
    .where('s.request_id', '=', id)
    .orderBy('s.step')
    .execute();
  const assignments = await db
    .selectFrom('license_assignments as l')
    .innerJoin('employees as e', 'e.id', 'l.employee_id')
    .innerJoin('contracts as k', 'k.id', 'l.contract_id')
    .innerJoin('apps as a', 'a.id', 'k.app_id')
    .select(['e.email', 'a.name', 'l.contract_id', 'l.assigned_at'])
    .where('l.purchase_request_id', '=', id)
    .orderBy('l.id')
    .execute();
  const orders = await db
    .selectFrom('purchase_orders')
    .select(['line', 'seats', 'monthly_cost', 'annual_cost', 'status'])
    .where('request_id', '=', id)
    .orderBy('line')
    .execute();
  const audit = await db
    .selectFrom('audit_log as l')
    .leftJoin('employees as e', 'e.id', 'l.actor_id')
    .select(['l.occurred_at', 'l.action', 'e.display_name', 'l.details'])
    .where('l.entity_type', '=', 'purchase_request')
    .where('l.entity_id', '=', id)
    .orderBy('l.id')
    .execute();
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  return {
    ...summary,
    createdAt: summary.createdAt.toISOString(),
    closedAt: iso(summary.closedAt),
    steps: steps.map((s) => ({
      step: s.step,
      kind: s.kind,
      status: s.status,
      approver: { id: s.approver_id, email: s.approver_email, displayName: s.approver_name },
      escalatedFrom:
        s.from_id !== null && s.from_name !== null ? { id: s.from_id, displayName: s.from_name } : null,
      askedAt: iso(s.asked_at),
      remindedAt: iso(s.reminded_at),
      escalatedAt: iso(s.escalated_at),
      decision:
        s.decision && s.decided_at
          ? {
              decision: s.decision,
              by: s.decided_by ?? '',
              comment: s.comment,
              channel: s.channel ?? '',
              at: s.decided_at.toISOString(),
            }
          : null,
    })),
    assignments: assignments.map((a) => ({
      email: a.email,
      appName: a.name,
      contractId: a.contract_id,
      assignedAt: a.assigned_at.toISOString(),
    })),
    purchaseOrders: orders.map((o) => ({
      line: o.line,
      seats: o.seats,
      monthlyCost: Number(o.monthly_cost),
      annualCost: Number(o.annual_cost),
      status: o.status,
    })),
    timeline: audit.map((a) => ({
      at: a.occurred_at.toISOString(),
      action: a.action,
      actor: a.display_name,
      details: a.details,
    })),
  };
}
