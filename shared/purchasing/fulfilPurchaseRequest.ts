// Runs when the last step approves, and refuses unless every step's approval is recorded: each
// seat for a named person comes from a free seat of a matching contract (the company's own first,
// then a sibling's that allows affiliates); what cannot be served from free seats becomes a purchase
// order, and Finance is told. One transaction, keyed by request and line, so running it again
// changes nothing. A seat for a new hire who has not started (status 'starting') is not assigned
// here: it waits for the start date (shared/onboarding/startNewHire.ts), and only what free seats
// would not cover then is ordered now.
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { freeSeatsOfContract, usableByCompany } from '../catalog/freeSeats';
import { writeAudit } from '../platform/audit/auditLog';
import type { Database } from '../platform/db/schema';
import { LICENSE_ASSIGNED, PURCHASE_EVENTS, purchaseRequestSubject } from './purchaseEvents';
import { html } from '../platform/http/html';
import { sendOnce } from '../platform/notifications/sendOnce';
import { formatMoney, loadRequestSummary, type RequestSummary } from './requestSummary';
import { roleHolders } from '../identity/roleHolders';
import { publishPurchaseEvent } from './publishPurchaseEvent';
import type { FulfilmentDeps } from './fulfilmentDeps';

export interface Fulfilment {
  assignments: { line: number; employeeId: number; email: string; contractId: number; companyCode: string }[];
  alreadyHeld: { line: number; employeeId: number }[];
  purchaseOrders: { line: number; seats: number; monthlyCost: number; annualCost: number }[];
  fromFreeSeats: { line: number; seats: number }[];
  /** seats for a person who has not started yet: assigned on their start date, not now */
  deferred?: { line: number; employeeId: number }[];
}

export async function contractWithFreeSeat(
  trx: Kysely<Database>,
  request: Pick<RequestSummary, 'companyId'>,
  item: Pick<RequestSummary['items'][number], 'appId' | 'planId'>,
): Promise<{ id: number; companyCode: string } | undefined> {
  const row = await trx
    .selectFrom('contracts as k')
    .innerJoin('companies as c', 'c.id', 'k.company_id')
    .select(['k.id', 'c.code'])
    .where('k.app_id', '=', item.appId)
    .where('k.status', '=', 'active')
    .where(usableByCompany(request.companyId))
    .where(sql<boolean>`${freeSeatsOfContract} > 0`)
    .orderBy(sql`case when k.company_id = ${request.companyId} then 0 else 1 end`)
    .orderBy(sql`case when k.plan_id = ${item.planId} then 0 else 1 end`)
    .orderBy('k.id')
    .forUpdate()
    .limit(1)
    .executeTakeFirst();
  return row ? { id: row.id, companyCode: row.code } : undefined;
}

export async function fulfilPurchaseRequest(deps: FulfilmentDeps, requestId: string): Promise<Fulfilment> {
  const { db } = deps;
  const at = deps.now();
  const request = await loadRequestSummary(db, requestId);
  if (!request) throw new Error(`Purchase request ${requestId} does not exist.`);

  const fulfilment = await db.transaction().execute(async (trx) => {
    const locked = await trx
      .selectFrom('purchase_requests')
      .select('status')
      .where('id', '=', requestId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const result: Fulfilment = { assignments: [], alreadyHeld: [], purchaseOrders: [], fromFreeSeats: [] };
    if (locked.status !== 'pending' && locked.status !== 'approved' && locked.status !== 'fulfilled') {
      throw new Error(`Purchase request ${request.code} is ${locked.status}; it cannot be fulfilled.`);
    }
    // Only what the database holds approves: every step of the chain needs a recorded approval.
    const unapproved = await trx
      .selectFrom('approval_steps as s')
      .leftJoin('approval_decisions as d', (join) =>
        join.onRef('d.request_id', '=', 's.request_id').onRef('d.step', '=', 's.step'),
      )
      .select('s.step')
      .where('s.request_id', '=', requestId)
      .where((eb) => eb.or([eb('d.decision', 'is', null), eb('d.decision', '<>', 'approve')]))
      .orderBy('s.step')
      .execute();
    if (unapproved.length > 0) {
      throw new Error(
        `Purchase request ${request.code} has no recorded approval for step ${unapproved.map((u) => u.step).join(', ')}; it cannot be fulfilled.`,
      );
    }
    const starting = new Set(
      (
        await trx
          .selectFrom('employees')
          .select('id')
          .where('status', '=', 'starting')
          .where('id', 'in', [request.requester.id, ...request.items.flatMap((i) => i.forEmployee?.id ?? [])])
          .execute()
      ).map((e) => e.id),
    );
    for (const item of request.items) {
      const assigneeId = item.forEmployee?.id ?? (item.seats === 1 ? request.requester.id : null);
      const assigneeEmail = item.forEmployee?.email ?? request.requester.email;
      if (assigneeId !== null && starting.has(assigneeId)) {
        (result.deferred ??= []).push({ line: item.line, employeeId: assigneeId });
        // A seat free today is taken on the start date; without one, the seat is bought now.
        if (await contractWithFreeSeat(trx, request, item)) continue;
      } else if (assigneeId !== null) {
        const held = await trx
          .selectFrom('license_assignments as a')
          .innerJoin('contracts as k', 'k.id', 'a.contract_id')
          .innerJoin('companies as c', 'c.id', 'k.company_id')
          .select(['a.contract_id', 'a.purchase_request_id', 'c.code'])
          .where('a.employee_id', '=', assigneeId)
          .where('k.app_id', '=', item.appId)
          .where('a.status', '=', 'active')
          .executeTakeFirst();
        if (held) {
          if (held.purchase_request_id === requestId) {
            result.assignments.push({
              line: item.line,
              employeeId: assigneeId,
              email: assigneeEmail,
              contractId: held.contract_id,
              companyCode: held.code,
            });
          } else {
            result.alreadyHeld.push({ line: item.line, employeeId: assigneeId });
          }
          continue;
        }
        const contract = await contractWithFreeSeat(trx, request, item);
        if (contract) {
          await trx
            .insertInto('license_assignments')
            .values({
              contract_id: contract.id,
              employee_id: assigneeId,
              assigned_at: at,
              status: 'active',
              purchase_request_id: requestId,
            })
            .execute();
          result.assignments.push({
            line: item.line,
            employeeId: assigneeId,
            email: assigneeEmail,
            contractId: contract.id,
            companyCode: contract.companyCode,
          });
          continue;
        }
      }
      // Seats for a team, or no free seat for the person: buy what free seats do not cover.
      let missing = item.seats;
      if (assigneeId === null) {
        const free = await trx
          .selectFrom('contracts as k')
          .select(sql<number>`coalesce(sum(${freeSeatsOfContract}), 0)::int`.as('free'))
          .where('k.company_id', '=', request.companyId)
          .where('k.app_id', '=', item.appId)
          .where('k.status', '=', 'active')
          .executeTakeFirstOrThrow();
        const covered = Math.min(item.seats, Math.max(0, Number(free.free)));
        if (covered > 0) result.fromFreeSeats.push({ line: item.line, seats: covered });
        missing -= covered;
      }
      if (missing > 0) {
        const share = missing / item.seats;
        const order = {
          line: item.line,
          seats: missing,
          monthlyCost: Math.round(item.monthlyCost * share * 100) / 100,
          annualCost: Math.round(item.annualCost * share * 100) / 100,
        };
        await trx
          .insertInto('purchase_orders')
          .values({
            request_id: requestId,
            line: item.line,
            company_id: request.companyId,
            app_id: item.appId,
            plan_id: item.planId,
            seats: order.seats,
            currency: request.currency,
            monthly_cost: order.monthlyCost,
            annual_cost: order.annualCost,
            created_at: at,
          })
          .onConflict((oc) => oc.columns(['request_id', 'line']).doNothing())
          .execute();
        result.purchaseOrders.push(order);
      }
    }
    await trx
      .updateTable('purchase_requests')
      .set({ status: 'fulfilled', closed_at: at, outcome_reason: null })
      .where('id', '=', requestId)
      .where('status', 'in', ['pending', 'approved'])
      .execute();
    await writeAudit(trx, {
      occurredAt: at,
      companyId: request.companyId,
      entityType: 'purchase_request',
      entityId: requestId,
      action: 'fulfilled',
      actorId: null,
      details: { ...result },
      idempotencyKey: `${requestId}:fulfilled`,
    });
    return result;
  });

  const after = (await loadRequestSummary(db, requestId)) ?? request;
  await publishPurchaseEvent(deps, after, PURCHASE_EVENTS.approved, 'approved', {
    assignments: fulfilment.assignments.length,
    purchaseOrders: fulfilment.purchaseOrders.length,
    alreadyHeld: fulfilment.alreadyHeld.length,
  });
  if (fulfilment.assignments.length) {
    await deps.events.publish(
      fulfilment.assignments.map((a) => ({
        id: `${requestId}:assigned:${a.line}:${a.employeeId}`,
        type: LICENSE_ASSIGNED,
        subject: purchaseRequestSubject(request.companyCode, request.code),
        time: at,
        data: {
          requestId,
          code: request.code,
          employeeId: a.employeeId,
          email: a.email,
          appId: request.items.find((i) => i.line === a.line)?.appId,
          contractId: a.contractId,
          contractCompanyCode: a.companyCode,
        },
      })),
    );
  }
  if (fulfilment.purchaseOrders.length) await tellFinance(deps, request, fulfilment);
  return fulfilment;
}

async function tellFinance(
  deps: FulfilmentDeps,
  request: RequestSummary,
  fulfilment: Fulfilment,
): Promise<void> {
  const finance = await roleHolders(deps.db, 'Finance', request.companyId, { limit: 3 });
  if (finance.length === 0) return;
  const money = (v: number) => formatMoney(v, request.currency);
  const lines = fulfilment.purchaseOrders.map((o) => {
    const item = request.items.find((i) => i.line === o.line);
    return `${item?.appName ?? '?'} (${item?.planName ?? '?'}): ${o.seats} seat(s), ${money(o.monthlyCost)}/month, ${money(o.annualCost)}/year`;
  });
  await sendOnce(deps, `${request.id}:finance-purchase-order`, {
    to: finance.map((f) => f.email),
    subject: `To buy: ${request.code} approved, ${fulfilment.purchaseOrders.length} purchase order(s)`,
    text: [
      `${request.code} from ${request.requester.displayName} (${request.companyName}) is approved.`,
      'Free seats did not cover it; please buy:',
      ...lines.map((l) => `- ${l}`),
      '',
      `Justification: ${request.justification}`,
    ].join('\n'),
    html: html`<p>
        ${request.code} from ${request.requester.displayName} (${request.companyName}) is approved. Free seats
        did not cover it; please buy:
      </p>
      <ul>
        ${lines.map((l) => html`<li>${l}</li>`)}
      </ul>
      <p><i>${request.justification}</i></p>`.value,
  });
}
