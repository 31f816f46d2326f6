// One purchase request as the requester and approvers see it: items, cost, approval steps with
// their decisions, fulfilment and the timeline of every step from the audit log. One query (the
// parts are JSON sub-selects), because this is the most read route of the workflow; outside the
// actor's scope the request reads as not found, so its existence is not disclosed.
import type { Kysely } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import { z } from 'zod';
import type { UserPrincipal } from '../auth/principal';
import type { Database, PurchaseRequestStatus } from '../db/schema';
import { dateOnly } from './requestSummary';
import { visibleRequests } from './requestVisibility';

export interface RequestDetail {
  id: string;
  code: string;
  status: PurchaseRequestStatus;
  companyId: number;
  companyCode: string;
  companyName: string;
  currency: string;
  monthlyCost: number;
  annualCost: number;
  justification: string;
  neededBy: string;
  createdAt: string;
  closedAt: string | null;
  outcomeReason: string | null;
  requester: { id: number; email: string; displayName: string; jobTitle: string };
  items: {
    line: number;
    appId: number;
    appSlug: string;
    appName: string;
    planName: string;
    seats: number;
    forEmployee: { id: number; email: string; displayName: string } | null;
    unitPrice: number;
    monthlyCost: number;
    annualCost: number;
    priceSource: 'contract' | 'catalog';
  }[];
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
const iso = (value: unknown): string => new Date(value as string).toISOString();
const isoOrNull = (value: unknown): string | null =>
  value === null || value === undefined ? null : iso(value);

export async function getPurchaseRequest(
  db: Kysely<Database>,
  actor: UserPrincipal,
  idOrCode: string,
): Promise<RequestDetail | undefined> {
  const byId = z.uuid().safeParse(idOrCode).success;
  const row = await db
    .selectFrom('purchase_requests as pr')
    .innerJoin('companies as c', 'c.id', 'pr.company_id')
    .innerJoin('employees as e', 'e.id', 'pr.requester_id')
    .where(byId ? 'pr.id' : 'pr.code', '=', idOrCode)
    .where(visibleRequests(actor))
    .select([
      'pr.id',
      'pr.code',
      'pr.status',
      'pr.company_id',
      'c.code as company_code',
      'c.name as company_name',
      'pr.currency',
      'pr.monthly_cost',
      'pr.annual_cost',
      'pr.justification',
      'pr.needed_by',
      'pr.created_at',
      'pr.closed_at',
      'pr.outcome_reason',
      'e.id as requester_id',
      'e.email as requester_email',
      'e.display_name as requester_name',
      'e.job_title as requester_title',
    ])
    .select((eb) => [
      jsonArrayFrom(
        eb
          .selectFrom('purchase_request_items as i')
          .innerJoin('apps as a', 'a.id', 'i.app_id')
          .innerJoin('pricing_plans as p', 'p.id', 'i.plan_id')
          .leftJoin('employees as f', 'f.id', 'i.for_employee_id')
          .whereRef('i.request_id', '=', 'pr.id')
          .select([
            'i.line',
            'a.id as app_id',
            'a.slug',
            'a.name as app_name',
            'p.name as plan_name',
            'i.seats',
            'f.id as for_id',
            'f.email as for_email',
            'f.display_name as for_name',
            'i.unit_price',
            'i.monthly_cost',
            'i.annual_cost',
            'i.price_source',
          ])
          .orderBy('i.line'),
      ).as('items'),
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

  return {
    id: row.id,
    code: row.code,
    status: row.status,
    companyId: row.company_id,
    companyCode: row.company_code,
    companyName: row.company_name,
    currency: row.currency.trim(),
    monthlyCost: Number(row.monthly_cost),
    annualCost: Number(row.annual_cost),
    justification: row.justification,
    neededBy: dateOnly(row.needed_by),
    createdAt: iso(row.created_at),
    closedAt: isoOrNull(row.closed_at),
    outcomeReason: row.outcome_reason,
    requester: {
      id: row.requester_id,
      email: row.requester_email,
      displayName: row.requester_name,
      jobTitle: row.requester_title,
    },
    items: row.items.map((i) => ({
      line: i.line,
      appId: i.app_id,
      appSlug: i.slug,
      appName: i.app_name,
      planName: i.plan_name,
      seats: i.seats,
      forEmployee:
        i.for_id !== null && i.for_email !== null && i.for_name !== null
          ? { id: i.for_id, email: i.for_email, displayName: i.for_name }
          : null,
      unitPrice: Number(i.unit_price),
      monthlyCost: Number(i.monthly_cost),
      annualCost: Number(i.annual_cost),
      priceSource: i.price_source,
    })),
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
