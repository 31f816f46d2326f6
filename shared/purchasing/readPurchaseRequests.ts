// Reading purchase requests in the actor's scope: a filtered, paged list, and finding one by id or
// code (purchaseRequestDetail.ts reads it whole). Outside the scope a request reads as not found.
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../platform/db/schema';
import type { UserPrincipal } from '../identity/principal';
import { companyCode, emailAddress } from '../platform/validation/columnBounds';
import { visibleRequests } from './requestVisibility';

export const listQuerySchema = z.strictObject({
  status: z.enum(['pending', 'approved', 'fulfilled', 'rejected', 'expired', 'cancelled']).optional(),
  company: companyCode().optional(),
  requester: emailAddress().optional(),
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

  // The total comes with the page (a window count); only a page past the end needs its own count.
  const rows = await base
    .select([
      sql<number>`count(*) over ()`.as('total'),
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
  const total =
    rows[0]?.total ??
    (await base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow()).total;
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
    total: Number(total),
    limit: query.limit,
    offset: query.offset,
  };
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
