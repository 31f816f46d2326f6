// One purchase request as the requester and approvers see it: the summary (requestSummary.ts) plus
// approval steps with their decisions, fulfilment and the timeline of every step from the audit log.
// One query (the parts are JSON sub-selects), because this is the most read route of the workflow;
// outside the actor's scope the request reads as not found, so its existence is not disclosed.
import type { Kysely } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import { z } from 'zod';
import type { UserPrincipal } from '../identity/principal';
import type { Database } from '../platform/db/schema';
import { requestSummaryQuery, toDate, toRequestSummary, type RequestSummary } from './requestSummary';
import { visibleRequests } from './requestVisibility';

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

/** Timestamps inside JSON arrive as text ("2026-11-22T02:53:28.765+00:00"): normalise to ISO. */
const iso = (value: unknown): string => toDate(value).toISOString();
const isoOrNull = (value: unknown): string | null =>
  value === null || value === undefined ? null : iso(value);

export async function getPurchaseRequest(
  db: Kysely<Database>,
  actor: UserPrincipal,
  idOrCode: string,
): Promise<RequestDetail | undefined> {
  const byId = z.uuid().safeParse(idOrCode).success;
  const row = await requestSummaryQuery(db)
    .where(byId ? 'pr.id' : 'pr.code', '=', idOrCode)
    .where(visibleRequests(actor))
    .select((eb) => [
      jsonArrayFrom(
        eb
          .selectFrom('approval_steps as s')
          .innerJoin('employees as a', 'a.id', 's.approver_id')
          .leftJoin('employees as f', 'f.id', 's.escalated_from_id')
          .leftJoin('approval_decisions as d', (j) =>
            j.onRef('d.request_id', '=', 's.request_id').onRef('d.step', '=', 's.step'),
          )
          .leftJoin('employees as dm', 'dm.id', 'd.decided_by')
          .whereRef('s.request_id', '=', 'pr.id')
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
            'dm.display_name as decided_by',
            'd.comment',
            'd.channel',
            'd.decided_at',
          ])
          .orderBy('s.step'),
      ).as('steps'),
      jsonArrayFrom(
        eb
          .selectFrom('license_assignments as l')
          .innerJoin('employees as le', 'le.id', 'l.employee_id')
          .innerJoin('contracts as k', 'k.id', 'l.contract_id')
          .innerJoin('apps as la', 'la.id', 'k.app_id')
          .whereRef('l.purchase_request_id', '=', 'pr.id')
          .select(['le.email', 'la.name', 'l.contract_id', 'l.assigned_at'])
          .orderBy('l.id'),
      ).as('assignments'),
      jsonArrayFrom(
        eb
          .selectFrom('purchase_orders as o')
          .whereRef('o.request_id', '=', 'pr.id')
          .select(['o.line', 'o.seats', 'o.monthly_cost', 'o.annual_cost', 'o.status'])
          .orderBy('o.line'),
      ).as('orders'),
      jsonArrayFrom(
        eb
          .selectFrom('audit_log as al')
          .leftJoin('employees as ae', 'ae.id', 'al.actor_id')
          .where('al.entity_type', '=', 'purchase_request')
          .whereRef('al.entity_id', '=', eb.cast('pr.id', 'text'))
          .select(['al.occurred_at', 'al.action', 'ae.display_name', 'al.details'])
          .orderBy('al.id'),
      ).as('timeline'),
    ])
    .executeTakeFirst();
  if (!row) return undefined;

  const { createdAt, closedAt, ...summary } = toRequestSummary(row);
  return {
    ...summary,
    createdAt: createdAt.toISOString(),
    closedAt: closedAt?.toISOString() ?? null,
    steps: row.steps.map((s) => ({
      step: s.step,
      kind: s.kind,
      status: s.status,
      approver: { id: s.approver_id, email: s.approver_email, displayName: s.approver_name },
      escalatedFrom:
        s.from_id !== null && s.from_name !== null ? { id: s.from_id, displayName: s.from_name } : null,
      askedAt: isoOrNull(s.asked_at),
      remindedAt: isoOrNull(s.reminded_at),
      escalatedAt: isoOrNull(s.escalated_at),
      decision:
        s.decision && s.decided_at
          ? {
              decision: s.decision,
              by: s.decided_by ?? '',
              comment: s.comment,
              channel: s.channel ?? '',
              at: iso(s.decided_at),
            }
          : null,
    })),
    assignments: row.assignments.map((a) => ({
      email: a.email,
      appName: a.name,
      contractId: a.contract_id,
      assignedAt: iso(a.assigned_at),
    })),
    purchaseOrders: row.orders.map((o) => ({
      line: o.line,
      seats: o.seats,
      monthlyCost: Number(o.monthly_cost),
      annualCost: Number(o.annual_cost),
      status: o.status,
    })),
    timeline: row.timeline.map((t) => ({
      at: iso(t.occurred_at),
      action: t.action,
      actor: t.display_name,
      details: t.details,
    })),
  };
}
