// The start date's work, run by the onboarding workflow's activity; the database decides and a run
// again changes nothing. On or after the start date, the person becomes active (they can sign in);
// when the purchase request is approved (fulfilled), each of its seats is assigned the way
// fulfilment assigns them (a free seat of the company, else a sibling's whose contract allows
// affiliates), a seat bought for the request goes on the company's own contract of the app, the
// License.Assigned events are published, the hire is 'started' and the hire and their manager get
// the welcome mail. A request still pending keeps the hire waiting (the workflow looks again).
import { sql, type Kysely } from 'kysely';
import { writeAudit } from '../platform/audit/auditLog';
import type { Database } from '../platform/db/schema';
import { sendOnce } from '../platform/notifications/sendOnce';
import { contractWithFreeSeat } from '../purchasing/fulfilPurchaseRequest';
import { LICENSE_ASSIGNED, purchaseRequestSubject } from '../purchasing/purchaseEvents';
import { dateOnly, loadRequestSummary } from '../purchasing/requestSummary';
import type { StartDeps } from './onboardingDeps';
import { welcomeMail } from './welcomeMail';

export type StartOutcome =
  | { outcome: 'started'; seats: number; awaiting: number }
  | { outcome: 'waiting-approval' }
  | { outcome: 'not-due'; startDate: string }
  | { outcome: 'cancelled' }
  | { outcome: 'gone' };

interface Assigned {
  line: number;
  contractId: number;
  companyCode: string;
  appId: number;
}

/** The company's own active contract of the app (where a seat bought for the request lands). */
async function ownContract(trx: Kysely<Database>, companyId: number, appId: number, planId: number) {
  return trx
    .selectFrom('contracts as k')
    .innerJoin('companies as c', 'c.id', 'k.company_id')
    .select(['k.id', 'c.code'])
    .where('k.company_id', '=', companyId)
    .where('k.app_id', '=', appId)
    .where('k.status', '=', 'active')
    .orderBy(sql`case when k.plan_id = ${planId} then 0 else 1 end`)
    .orderBy('k.id')
    .limit(1)
    .executeTakeFirst();
}

/**
 * `asOf`: the instant the workflow's durable clock gives (the clock its timers run on, which devhost
 * lets tests move); the date is due when the database's start date is on or before it.
 */
export async function startNewHire(deps: StartDeps, hireId: string, asOf?: Date): Promise<StartOutcome> {
  const { db } = deps;
  const at = asOf ?? deps.now();
  const today = at.toISOString().slice(0, 10);
  const step = await db.transaction().execute(async (trx) => {
    const hire = await trx
      .selectFrom('new_hires')
      .select(['status', 'start_date', 'employee_id', 'purchase_request_id', 'company_id'])
      .where('id', '=', hireId)
      .forUpdate()
      .executeTakeFirst();
    if (!hire) return { outcome: 'gone' as const };
    if (hire.status === 'cancelled') return { outcome: 'cancelled' as const };
    const startDate = dateOnly(hire.start_date);
    if (hire.status !== 'started' && startDate > today) return { outcome: 'not-due' as const, startDate };
    // From the start date the person works here: they can sign in, whatever their software.
    await trx
      .updateTable('employees')
      .set({ status: 'active' })
      .where('id', '=', hire.employee_id)
      .where('status', '=', 'starting')
      .execute();
    if (hire.status === 'started')
      return { outcome: 'already' as const, requestId: hire.purchase_request_id };
    const request = hire.purchase_request_id
      ? await trx
          .selectFrom('purchase_requests')
          .select(['status'])
          .where('id', '=', hire.purchase_request_id)
          .forUpdate()
          .executeTakeFirstOrThrow()
      : undefined;
    // Not submitted yet, or submitted and not decided: seats wait for the approval.
    if (!request || request.status === 'pending' || request.status === 'approved') {
      return { outcome: 'waiting-approval' as const };
    }
    const assigned: Assigned[] = [];
    const awaiting: number[] = [];
    if (request.status === 'fulfilled' && hire.purchase_request_id) {
      const items = await trx
        .selectFrom('purchase_request_items')
        .select(['line', 'app_id', 'plan_id'])
        .where('request_id', '=', hire.purchase_request_id)
        .where('for_employee_id', '=', hire.employee_id)
        .orderBy('line')
        .execute();
      for (const item of items) {
        const held = await trx
          .selectFrom('license_assignments as a')
          .innerJoin('contracts as k', 'k.id', 'a.contract_id')
          .select('a.id')
          .where('a.employee_id', '=', hire.employee_id)
          .where('k.app_id', '=', item.app_id)
          .where('a.status', '=', 'active')
          .executeTakeFirst();
        if (held) continue;
        const free = await contractWithFreeSeat(
          trx,
          { companyId: hire.company_id },
          { appId: item.app_id, planId: item.plan_id },
        );
        const ordered = free
          ? undefined
          : await trx
              .selectFrom('purchase_orders')
              .select('id')
              .where('request_id', '=', hire.purchase_request_id)
              .where('line', '=', item.line)
              .where('status', '<>', 'cancelled')
              .executeTakeFirst();
        const own =
          !free && ordered ? await ownContract(trx, hire.company_id, item.app_id, item.plan_id) : undefined;
        const contract = free ?? (own ? { id: own.id, companyCode: own.code } : undefined);
        if (!contract) {
          awaiting.push(item.app_id);
          continue;
        }
        await trx
          .insertInto('license_assignments')
          .values({
            contract_id: contract.id,
            employee_id: hire.employee_id,
            assigned_at: at,
            status: 'active',
            purchase_request_id: hire.purchase_request_id,
          })
          .execute();
        assigned.push({
          line: item.line,
          contractId: contract.id,
          companyCode: contract.companyCode,
          appId: item.app_id,
        });
      }
    }
    await trx
      .updateTable('new_hires')
      .set({ status: 'started', started_at: at, updated_at: at })
      .where('id', '=', hireId)
      .execute();
    await writeAudit(trx, {
      occurredAt: at,
      companyId: hire.company_id,
      entityType: 'new_hire',
      entityId: hireId,
      action: 'started',
      actorId: null,
      details: {
        detail:
          request.status === 'fulfilled'
            ? `${assigned.length} seat(s) assigned${awaiting.length ? `, ${awaiting.length} still being bought` : ''}`
            : `started without software: the request was ${request.status}`,
        assigned,
        awaiting,
      },
      idempotencyKey: `new-hire:${hireId}:started`,
    });
    return { outcome: 'started' as const, requestId: hire.purchase_request_id };
  });
  if (step.outcome !== 'started' && step.outcome !== 'already') return step;
  // After the commit: events and the mail, each keyed, so a run again repeats nothing visible.
  return announce(deps, hireId, step.requestId, at);
}

async function announce(
  deps: StartDeps,
  hireId: string,
  requestId: string | null,
  at: Date,
): Promise<StartOutcome> {
  const { db } = deps;
  const hire = await db
    .selectFrom('new_hires as h')
    .innerJoin('employees as e', 'e.id', 'h.employee_id')
    .innerJoin('companies as c', 'c.id', 'h.company_id')
    .leftJoin('employees as m', 'm.id', 'h.manager_id')
    .select([
      'e.id as employee_id',
      'e.email',
      'e.display_name',
      'e.job_title',
      'c.name as company_name',
      'h.start_date',
      'm.display_name as manager_name',
      'm.email as manager_email',
    ])
    .where('h.id', '=', hireId)
    .executeTakeFirstOrThrow();
  const request = requestId ? await loadRequestSummary(db, requestId) : undefined;
  const seats = requestId
    ? await db
        .selectFrom('license_assignments as l')
        .innerJoin('contracts as k', 'k.id', 'l.contract_id')
        .innerJoin('companies as c', 'c.id', 'k.company_id')
        .innerJoin('apps as a', 'a.id', 'k.app_id')
        .innerJoin('vendors as v', 'v.id', 'a.vendor_id')
        .select(['l.contract_id', 'a.id as app_id', 'a.name', 'v.name as vendor', 'v.website', 'c.code'])
        .where('l.employee_id', '=', hire.employee_id)
        .where('l.purchase_request_id', '=', requestId)
        .where('l.status', '=', 'active')
        .orderBy('a.name')
        .execute()
    : [];
  if (request && seats.length) {
    await deps.events.publish(
      seats.map((s) => {
        const line = request.items.find((i) => i.appId === s.app_id)?.line ?? 0;
        return {
          id: `${request.id}:assigned:${line}:${hire.employee_id}`,
          type: LICENSE_ASSIGNED,
          subject: purchaseRequestSubject(request.companyCode, request.code),
          time: at,
          data: {
            requestId: request.id,
            code: request.code,
            employeeId: hire.employee_id,
            email: hire.email,
            appId: s.app_id,
            contractId: s.contract_id,
            contractCompanyCode: s.code,
            newHireId: hireId,
          },
        };
      }),
    );
  }
  const awaiting = (request?.items ?? [])
    .filter((i) => i.forEmployee?.id === hire.employee_id && !seats.some((s) => s.app_id === i.appId))
    .map((i) => i.appName);
  const mail = welcomeMail({
    hire: {
      displayName: hire.display_name,
      email: hire.email,
      jobTitle: hire.job_title,
      companyName: hire.company_name,
      startDate: dateOnly(hire.start_date),
    },
    manager: hire.manager_email ? { displayName: hire.manager_name ?? '', email: hire.manager_email } : null,
    seats: seats.map((s) => ({
      appName: s.name,
      vendor: s.vendor,
      website: s.website && /^https?:\/\//i.test(s.website) ? s.website : null,
      companyCode: s.code,
    })),
    awaiting,
    portalUrl: deps.publicBaseUrl,
  });
  const sent = await sendOnce(deps, `new-hire:${hireId}:welcome`, mail);
  if (sent === 'sent') {
    await db
      .updateTable('new_hires')
      .set({ welcome_sent_at: deps.now() })
      .where('id', '=', hireId)
      .where('welcome_sent_at', 'is', null)
      .execute();
  }
  return { outcome: 'started', seats: seats.length, awaiting: awaiting.length };
}
