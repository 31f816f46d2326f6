// Tells the requester what happened to their request. Runs on the purchase-request events from Event
// Grid (at-least-once delivery): the mail is sent once per event id.
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Mailer } from '../platform/clients/mailer';
import type { Database } from '../platform/db/schema';
import { PURCHASE_EVENTS } from './purchaseEvents';
import { html } from '../platform/http/html';
import { sendOnce } from '../platform/notifications/sendOnce';
import { formatMoney, loadRequestSummary, type RequestSummary } from './requestSummary';

export interface NotifyRequesterDeps {
  db: Kysely<Database>;
  mailer: Mailer;
  now: () => Date;
  publicBaseUrl: string;
}

export const purchaseEventSchema = z.object({
  id: z.string().min(1),
  type: z.enum(Object.values(PURCHASE_EVENTS) as [string, ...string[]]),
  data: z.looseObject({
    requestId: z.uuid(),
    step: z.number().int().optional(),
    decidedBy: z.string().optional(),
    comment: z.string().nullable().optional(),
    reason: z.string().nullable().optional(),
  }),
});
export type PurchaseEvent = z.infer<typeof purchaseEventSchema>;

/** Items whose person already had a seat of the app when the request was fulfilled. */
async function alreadyHeld(db: Kysely<Database>, request: RequestSummary) {
  const fulfilled = await db
    .selectFrom('audit_log')
    .select('details')
    .where('entity_type', '=', 'purchase_request')
    .where('entity_id', '=', request.id)
    .where('action', '=', 'fulfilled')
    .executeTakeFirst();
  const lines = z
    .object({ alreadyHeld: z.array(z.object({ line: z.number(), employeeId: z.number() })).default([]) })
    .safeParse(fulfilled?.details ?? {});
  if (!lines.success) return [];
  return lines.data.alreadyHeld.flatMap((h) => {
    const item = request.items.find((i) => i.line === h.line);
    if (!item) return [];
    const person = item.forEmployee ?? request.requester;
    return [{ display_name: person.displayName, name: item.appName }];
  });
}

export async function notifyRequester(
  deps: NotifyRequesterDeps,
  event: PurchaseEvent,
): Promise<'sent' | 'already-sent' | 'unknown-request'> {
  const request = await loadRequestSummary(deps.db, event.data.requestId);
  if (!request) return 'unknown-request';
  const money = (v: number) => formatMoney(v, request.currency);
  const what = `${request.code} (${request.items.map((i) => i.appName).join(', ')}, ${money(request.monthlyCost)}/month)`;
  const d = event.data;
  const waiting = await deps.db
    .selectFrom('approval_steps as s')
    .innerJoin('employees as e', 'e.id', 's.approver_id')
    .select(['s.step', 'e.display_name'])
    .where('s.request_id', '=', request.id)
    .where('s.status', 'in', ['queued', 'waiting'])
    .orderBy('s.step')
    .executeTakeFirst();
  const next = waiting ? `It now waits for ${waiting.display_name} (step ${waiting.step}).` : '';
  let subject: string;
  let lines: string[];
  switch (event.type) {
    case PURCHASE_EVENTS.submitted:
      subject = `Submitted: ${what}`;
      lines = [`Your request ${what} is submitted.`, next];
      break;
    case PURCHASE_EVENTS.stepApproved:
      subject = `Step ${d.step ?? ''} approved: ${request.code}`;
      lines = [
        `${d.decidedBy ?? 'The approver'} approved step ${d.step ?? ''} of ${what}.${d.comment ? ` Comment: “${d.comment}”` : ''}`,
        next,
      ];
      break;
    case PURCHASE_EVENTS.approved: {
      const assigned = await deps.db
        .selectFrom('license_assignments as l')
        .innerJoin('employees as e', 'e.id', 'l.employee_id')
        .innerJoin('contracts as k', 'k.id', 'l.contract_id')
        .innerJoin('apps as a', 'a.id', 'k.app_id')
        .select(['a.name', 'e.display_name'])
        .where('l.purchase_request_id', '=', request.id)
        .execute();
      const orders = await deps.db
        .selectFrom('purchase_orders as o')
        .innerJoin('apps as a', 'a.id', 'o.app_id')
        .select(['a.name', 'o.seats'])
        .where('o.request_id', '=', request.id)
        .execute();
      const held = await alreadyHeld(deps.db, request);
      subject = `Approved: ${request.code}`;
      lines = [
        `${what} is approved.`,
        ...assigned.map((a) => `A ${a.name} seat is assigned to ${a.display_name}.`),
        ...orders.map((o) => `${o.seats} ${o.name} seat(s) will be bought; Finance has the purchase order.`),
        ...held.map((h) => `${h.display_name} already had a ${h.name} seat, so none was added.`),
      ];
      break;
    }
    case PURCHASE_EVENTS.rejected:
      subject = `Rejected: ${request.code}`;
      lines = [
        `${d.decidedBy ?? 'An approver'} rejected ${what} at step ${d.step ?? ''}.`,
        `Reason: ${d.comment ?? d.reason ?? 'none given'}`,
      ];
      break;
    case PURCHASE_EVENTS.expired:
      subject = `Expired: ${request.code}`;
      lines = [`${what} expired: ${d.reason ?? 'no decision came in time'}. You can submit it again.`];
      break;
    default:
      subject = `Cancelled: ${request.code}`;
      lines = [`${what} is cancelled.`];
  }
  const link = `${deps.publicBaseUrl}/#/requests/${request.id}`;
  const body = lines.filter(Boolean);
  return sendOnce(deps, `event:${event.id}:requester`, {
    to: request.requester.email,
    subject,
    text: [`Hello ${request.requester.displayName},`, '', ...body, '', `Details: ${link}`].join('\n'),
    html: html`<p>Hello ${request.requester.displayName},</p>
      ${body.map((l) => html`<p>${l}</p>`)}
      <p><a href="${link}">See the request</a></p>`.value,
  });
}
