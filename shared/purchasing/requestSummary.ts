// One purchase request with what an e-mail, a page or an event needs to describe it.
import type { Kysely } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Database, PurchaseRequestStatus } from '../platform/db/schema';

export interface RequestSummary {
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
  createdAt: Date;
  closedAt: Date | null;
  outcomeReason: string | null;
  requester: { id: number; email: string; displayName: string; jobTitle: string; managerId: number | null };
  items: {
    line: number;
    appId: number;
    appSlug: string;
    appName: string;
    category: string;
    planId: number;
    planName: string;
    seats: number;
    forEmployee: { id: number; email: string; displayName: string } | null;
    unitPrice: number;
    monthlyCost: number;
    annualCost: number;
    priceSource: 'contract' | 'catalog';
    contractId: number | null;
  }[];
}

/**
 * The query of a request with its requester, company and items (a JSON sub-select), from
 * `purchase_requests as pr`: loadRequestSummary runs it as is; the detail route adds its parts.
 */
export function requestSummaryQuery(db: Kysely<Database>) {
  return db
    .selectFrom('purchase_requests as pr')
    .innerJoin('companies as c', 'c.id', 'pr.company_id')
    .innerJoin('employees as e', 'e.id', 'pr.requester_id')
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
      'e.manager_id as requester_manager_id',
    ])
    .select((eb) =>
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
            'a.category',
            'p.id as plan_id',
            'p.name as plan_name',
            'i.seats',
            'f.id as for_id',
            'f.email as for_email',
            'f.display_name as for_name',
            'i.unit_price',
            'i.monthly_cost',
            'i.annual_cost',
            'i.price_source',
            'i.contract_id',
          ])
          .orderBy('i.line'),
      ).as('items'),
    );
}

type SummaryRow = NonNullable<
  Awaited<ReturnType<ReturnType<typeof requestSummaryQuery>['executeTakeFirst']>>
>;

/** Timestamps inside JSON sub-selects arrive as text; top-level ones as Date. */
export const toDate = (value: unknown): Date => (value instanceof Date ? value : new Date(value as string));

export function toRequestSummary(row: SummaryRow): RequestSummary {
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
    createdAt: toDate(row.created_at),
    closedAt: row.closed_at === null ? null : toDate(row.closed_at),
    outcomeReason: row.outcome_reason,
    requester: {
      id: row.requester_id,
      email: row.requester_email,
      displayName: row.requester_name,
      jobTitle: row.requester_title,
      managerId: row.requester_manager_id,
    },
    // numeric columns come as numbers inside JSON and as strings at the top level: Number() takes both
    items: row.items.map((i) => ({
      line: i.line,
      appId: i.app_id,
      appSlug: i.slug,
      appName: i.app_name,
      category: i.category,
      planId: i.plan_id,
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
      contractId: i.contract_id,
    })),
  };
}

export async function loadRequestSummary(
  db: Kysely<Database>,
  id: string,
): Promise<RequestSummary | undefined> {
  const row = await requestSummaryQuery(db).where('pr.id', '=', id).executeTakeFirst();
  return row ? toRequestSummary(row) : undefined;
}

/** pg returns a date column as a Date at local midnight; PGlite and the types say string. */
export function dateOnly(value: unknown): string {
  if (value instanceof Date) {
    const y = value.getFullYear();
    const m = String(value.getMonth() + 1).padStart(2, '0');
    const d = String(value.getDate()).padStart(2, '0');
    return `${y}-${m}-${d}`;
  }
  return String(value).slice(0, 10);
}

export function formatMoney(amount: number, currency: string): string {
  return `${amount.toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${currency}`;
}
