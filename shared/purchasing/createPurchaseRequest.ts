// Submits a purchase request: resolves the items (or a template) and prices them in the company's
// currency (preparePurchaseRequest, which the price quote shares), computes the approval chain from
// the company's policy, stores request, items, steps and the audit entry in one transaction, then
// starts the approval orchestration with the request id as its instance id. The same transaction
// counts the request against the requester's daily limit.
import { sql, type Kysely } from 'kysely';
import { writeAudit } from '../platform/audit/auditLog';
import type { UserPrincipal } from '../identity/principal';
import type { Database } from '../platform/db/schema';
import { preparePurchaseRequest } from './preparePurchaseRequest';
import { neededByProblem, type PurchaseRequestInput } from './purchaseRequestInput';
import { nextRequestCode } from './requestCode';

export interface CreatePurchaseRequestDeps {
  db: Kysely<Database>;
  now: () => Date;
  newId: () => string;
  /** starts the approval orchestration for the request (instance id = request id) */
  startApproval: (requestId: string) => Promise<void>;
  /** who approves this request, fixed at submit time (approvals implements it; purchasing stores it) */
  planApproval: PlanApproval;
  /** requests one employee may submit per UTC day (PURCHASE_REQUEST_DAILY_LIMIT) */
  requestsPerDay: number;
}

/** The chain recorded on the request: its steps become approval_steps rows; the rest is kept as JSON. */
export interface PlannedChain {
  steps: { step: number; kind: string; approverId: number }[];
  skipped: unknown[];
}

export type ApprovalPlan = { ok: true; chain: PlannedChain; policy: unknown } | { ok: false; detail: string };

export type PlanApproval = (
  db: Kysely<Database>,
  /** requesterId: whose management line the chain follows (the requester, or the new hire requested for) */
  request: { requesterId: number; companyId: number; monthly: number; annual: number },
) => Promise<ApprovalPlan>;

export type CreatePurchaseRequestResult =
  | { kind: 'created'; id: string; code: string }
  | { kind: 'invalid'; errors: { path: string; message: string }[] }
  | { kind: 'forbidden'; detail: string }
  | { kind: 'no-approver'; detail: string }
  /** the requester's requests for today are used up: nothing was created */
  | { kind: 'limited'; detail: string; limit: number; retryAfterSeconds: number }
  | { kind: 'workflow-unavailable'; id: string; code: string };

const DAY_MS = 86_400_000;

/** The UTC day of `at`, as the quota row's key. */
const dayOf = (at: Date) => at.toISOString().slice(0, 10);

function limited(limit: number, at: Date): CreatePurchaseRequestResult {
  const nextDay = (Math.floor(at.getTime() / DAY_MS) + 1) * DAY_MS;
  return {
    kind: 'limited',
    limit,
    retryAfterSeconds: Math.max(1, Math.ceil((nextDay - at.getTime()) / 1000)),
    detail: `You can submit at most ${limit} purchase requests a day, and today's are used up. Nothing was created; submit again after 00:00 UTC.`,
  };
}

/**
 * Counts one request against the requester's day, in the caller's transaction: one upsert that only
 * increments below the limit, so concurrent submissions on any number of instances cannot pass it.
 * False when the day's requests are used up.
 */
async function countAgainstDay(trx: Kysely<Database>, requesterId: number, at: Date, limit: number) {
  const counted = await trx
    .insertInto('purchase_request_quota')
    .values({ requester_id: requesterId, day: dayOf(at), submitted: 1 })
    .onConflict((oc) =>
      oc
        .columns(['requester_id', 'day'])
        .doUpdateSet({ submitted: sql`purchase_request_quota.submitted + 1` })
        .where('purchase_request_quota.submitted', '<', limit),
    )
    .returning('submitted')
    .executeTakeFirst();
  return counted !== undefined;
}

export async function createPurchaseRequest(
  deps: CreatePurchaseRequestDeps,
  actor: UserPrincipal,
  input: PurchaseRequestInput,
  /** a request made from a purchase template: the template and the version its items came from */
  origin?: { templateId: number; templateVersion: number },
): Promise<CreatePurchaseRequestResult> {
  const { db } = deps;
  const at = deps.now();
  // Checked before the limit, as it always was (preparePurchaseRequest checks it again for a quote).
  const late = neededByProblem(input.neededBy, at);
  if (late) return { kind: 'invalid', errors: [{ path: 'neededBy', message: late }] };
  // Cheap early answer for someone at the limit (the transaction below is what enforces it).
  const today = await db
    .selectFrom('purchase_request_quota')
    .select('submitted')
    .where('requester_id', '=', actor.employeeId)
    .where('day', '=', dayOf(at))
    .executeTakeFirst();
  if (today && today.submitted >= deps.requestsPerDay) return limited(deps.requestsPerDay, at);

  const prepared = await preparePurchaseRequest(db, actor, input, at);
  if (prepared.kind !== 'ready') return prepared;
  const { requester, priced } = prepared;

  const plan = await deps.planApproval(db, {
    // A request for a new hire follows the hire's management line (the manager HR named).
    requesterId: prepared.chainFor ?? requester.id,
    companyId: requester.company_id,
    monthly: priced.monthly,
    annual: priced.annual,
  });
  if (!plan.ok) return { kind: 'no-approver', detail: plan.detail };
  const { chain, policy } = plan;

  const id = deps.newId();
  const code = await db.transaction().execute(async (trx) => {
    if (!(await countAgainstDay(trx, requester.id, at, deps.requestsPerDay))) return undefined;
    const code = await nextRequestCode(trx, { id: requester.company_id, code: requester.company_code }, at);
    await trx
      .insertInto('purchase_requests')
      .values({
        id,
        code,
        company_id: requester.company_id,
        requester_id: requester.id,
        template_id: origin?.templateId ?? input.templateId ?? null,
        template_version: origin?.templateVersion ?? null,
        justification: input.justification,
        needed_by: input.neededBy,
        currency: requester.currency,
        monthly_cost: priced.monthly,
        annual_cost: priced.annual,
        status: 'pending',
        chain: JSON.stringify(chain),
        policy: JSON.stringify(policy),
        created_at: at,
      })
      .execute();
    await trx
      .insertInto('purchase_request_items')
      .values(
        priced.items.map((item, index) => ({
          request_id: id,
          line: index + 1,
          app_id: item.appId,
          plan_id: item.planId,
          seats: item.seats,
          for_employee_id: item.forEmployeeId,
          contract_id: item.contractId,
          unit_price: item.unitPrice,
          monthly_cost: item.monthlyCost,
          annual_cost: item.annualCost,
          price_source: item.priceSource,
        })),
      )
      .execute();
    await trx
      .insertInto('approval_steps')
      .values(
        chain.steps.map((s) => ({ request_id: id, step: s.step, kind: s.kind, approver_id: s.approverId })),
      )
      .execute();
    await writeAudit(trx, {
      occurredAt: at,
      companyId: requester.company_id,
      entityType: 'purchase_request',
      entityId: id,
      action: 'submitted',
      actorId: actor.employeeId,
      details: {
        code,
        monthlyCost: priced.monthly,
        annualCost: priced.annual,
        currency: requester.currency,
        chain: chain.steps,
        skipped: chain.skipped,
      },
      idempotencyKey: `${id}:submitted`,
    });
    return code;
  });
  if (code === undefined) return limited(deps.requestsPerDay, at);

  try {
    await deps.startApproval(id);
  } catch {
    // The request is stored but has no workflow: say so on the request rather than leave it pending,
    // and give the requester the day's request back (the failure was ours).
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('purchase_requests')
        .set({
          status: 'cancelled',
          closed_at: deps.now(),
          outcome_reason: 'the approval workflow could not start',
        })
        .where('id', '=', id)
        .execute();
      await trx
        .updateTable('purchase_request_quota')
        .set({ submitted: sql`submitted - 1` })
        .where('requester_id', '=', requester.id)
        .where('day', '=', dayOf(at))
        .where('submitted', '>', 0)
        .execute();
    });
    return { kind: 'workflow-unavailable', id, code };
  }
  return { kind: 'created', id, code };
}
