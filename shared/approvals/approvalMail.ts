// The e-mail that asks an approver to decide (also the reminder and the escalation): the request,
// its cost, the justification, the facts that help decide, and two signed links. The links open a
// confirmation page; nothing is decided until the approver presses the button there.
import type { OutgoingMail } from '../platform/clients/mailer';
import { html } from '../platform/http/html';
import { formatMoney, type RequestSummary } from '../purchasing/requestSummary';
import type { AppFacts } from './decisionFacts';

export type AskReason = 'ask' | 'remind' | 'escalate';

export interface ApprovalMailInput {
  request: RequestSummary;
  step: number;
  stepCount: number;
  approver: { email: string; displayName: string };
  reason: AskReason;
  /** for an escalation: who did not answer */
  escalatedFrom?: string;
  facts: AppFacts[];
  approveUrl: string;
  rejectUrl: string;
  portalUrl: string;
  linksExpireAt: Date;
}

const SUBJECT_PREFIX: Record<AskReason, string> = {
  ask: 'Approval needed',
  remind: 'Reminder: approval needed',
  escalate: 'Escalated: approval needed',
};

export function approvalMail(input: ApprovalMailInput): OutgoingMail {
  const { request: r } = input;
  const money = (v: number) => formatMoney(v, r.currency);
  const subject = `${SUBJECT_PREFIX[input.reason]}: ${r.code}, ${r.items.map((i) => i.appName).join(', ')} for ${r.requester.displayName} (${money(r.monthlyCost)}/month)`;
  const intro =
    input.reason === 'escalate'
      ? `${input.escalatedFrom ?? 'The approver'} has not answered within the time the policy allows, so this request comes to you.`
      : input.reason === 'remind'
        ? 'This request is still waiting for your decision.'
        : `${r.requester.displayName} (${r.requester.jobTitle}) asks for software. You approve step ${input.step} of ${input.stepCount}.`;
  // Per app: the headline, then the details under it.
  const facts = r.items.flatMap((item) => {
    const f = input.facts.find((x) => x.appId === item.appId);
    if (!f) return [];
    const details: string[] = [];
    if (f.freeSeatsInSiblings.length)
      details.push(
        `free seats in sibling companies (affiliate use allowed): ${f.freeSeatsInSiblings.map((s) => `${s.companyCode} ${s.freeSeats}`).join(', ')}`,
      );
    if (f.overlappingApps.length)
      details.push(
        `already owned in the same category: ${f.overlappingApps.map((o) => `${o.name} (${o.seats} seats)`).join(', ')}`,
      );
    const headline =
      `${item.appName}: ${f.freeSeatsInCompany} free seat(s) in ${r.companyCode}` +
      (f.renewalDate ? `; contract renews ${f.renewalDate}` : '; no contract in this company yet');
    return [{ headline, details }];
  });
  const factLines = facts.flatMap((f) => [f.headline, ...f.details.map((d) => `  ${d}`)]);
  const expires = input.linksExpireAt.toISOString().replace('T', ' ').slice(0, 16) + ' UTC';

  const text = [
    `Hello ${input.approver.displayName},`,
    '',
    intro,
    '',
    `Request ${r.code} (${r.companyName})`,
    ...r.items.map(
      (i) =>
        `- ${i.appName}, ${i.planName}, ${i.seats} seat(s)${i.forEmployee ? ` for ${i.forEmployee.displayName}` : ''}: ${money(i.monthlyCost)}/month`,
    ),
    `Total: ${money(r.monthlyCost)} a month, ${money(r.annualCost)} a year`,
    `Needed by: ${r.neededBy}`,
    '',
    'Justification:',
    r.justification,
    '',
    'To help you decide:',
    ...factLines,
    '',
    `Approve: ${input.approveUrl}`,
    `Reject:  ${input.rejectUrl}`,
    '',
    `Each link opens a page where you confirm, and works once until ${expires}.`,
    `You can also decide in the portal: ${input.portalUrl}`,
  ].join('\n');

  const body = html`<!doctype html>
    <html>
      <body style="font-family: system-ui, sans-serif; color: #1b1f24; max-width: 640px">
        <p>Hello ${input.approver.displayName},</p>
        <p>${intro}</p>
        <h2 style="margin-bottom: 4px">${r.code}</h2>
        <p style="margin-top: 0; color: #57606a">${r.companyName} · needed by ${r.neededBy}</p>
        <table style="border-collapse: collapse; width: 100%">
          <tr>
            <th align="left">App</th>
            <th align="left">Plan</th>
            <th align="right">Seats</th>
            <th align="right">Monthly</th>
          </tr>
          ${r.items.map(
            (i) =>
              html`<tr>
                <td>
                  ${i.appName}${i.forEmployee ? html`<br /><small>for ${i.forEmployee.displayName}</small>` : ''}
                </td>
                <td>${i.planName}</td>
                <td align="right">${i.seats}</td>
                <td align="right">${money(i.monthlyCost)}</td>
              </tr>`,
          )}
          <tr>
            <td colspan="3"><b>Total</b></td>
            <td align="right">
              <b>${money(r.monthlyCost)}</b><br /><small>${money(r.annualCost)} a year</small>
            </td>
          </tr>
        </table>
        <h3>Justification</h3>
        <blockquote style="margin: 0; padding-left: 12px; border-left: 3px solid #d0d7de">
          ${r.justification}
        </blockquote>
        <h3>To help you decide</h3>
        <ul>
          ${facts.map(
            (f) =>
              html`<li>
                ${f.headline}${
                  f.details.length
                    ? html`<ul>
                        ${f.details.map((d) => html`<li>${d}</li>`)}
                      </ul>`
                    : ''
                }
              </li>`,
          )}
        </ul>
        <p>
          <a
            href="${input.approveUrl}"
            style="background: #1f883d; color: #fff; padding: 8px 16px; border-radius: 6px; text-decoration: none"
            >Approve</a
          >
          &nbsp;
          <a
            href="${input.rejectUrl}"
            style="background: #cf222e; color: #fff; padding: 8px 16px; border-radius: 6px; text-decoration: none"
            >Reject</a
          >
        </p>
        <p style="color: #57606a">
          <small
            >Each button opens a page where you confirm and can add a comment; it works once, until
            ${expires}. Or decide in the <a href="${input.portalUrl}">portal</a>.</small
          >
        </p>
      </body>
    </html>`;

  return { to: input.approver.email, subject, text, html: body.value };
}

export interface DigestLine {
  request: RequestSummary;
  step: number;
  stepCount: number;
  /** the latest way it was asked: a first ask, a reminder, or an escalation to this approver */
  reason: AskReason;
  approveUrl: string;
  rejectUrl: string;
}

export interface ApprovalDigestInput {
  approver: { email: string; displayName: string };
  lines: DigestLine[];
  /** the approver's hourly limit, said in the mail so the batching is not a surprise */
  hourlyLimit: number;
  portalUrl: string;
  linksExpireAt: Date;
}

const DIGEST_NOTE: Record<AskReason, string> = {
  ask: '',
  remind: ' (reminder)',
  escalate: ' (escalated to you)',
};

/** One mail for the asks that came beyond the approver's hourly limit: every one, with its links. */
export function approvalDigestMail(input: ApprovalDigestInput): OutgoingMail {
  const { lines } = input;
  const expires = input.linksExpireAt.toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
  const headline = (l: DigestLine) => {
    const r = l.request;
    return `${r.code}: ${r.items.map((i) => i.appName).join(', ')} for ${r.requester.displayName} (${formatMoney(r.monthlyCost, r.currency)}/month), step ${l.step} of ${l.stepCount}${DIGEST_NOTE[l.reason]}`;
  };
  const subject = `Approvals waiting: ${lines.length} request${lines.length === 1 ? '' : 's'}`;
  const intro = `More approval requests reached you this hour than the ${input.hourlyLimit} mails we send one by one, so these come together. Nothing is decided yet.`;

  const text = [
    `Hello ${input.approver.displayName},`,
    '',
    intro,
    '',
    ...lines.flatMap((l, index) => [
      `${index + 1}. ${headline(l)}`,
      `   Justification: ${l.request.justification}`,
      `   Approve: ${l.approveUrl}`,
      `   Reject:  ${l.rejectUrl}`,
      '',
    ]),
    `Each link opens a page where you confirm, and works once until ${expires}.`,
    `Everything waiting for you, with the details: ${input.portalUrl}`,
  ].join('\n');

  const body = html`<!doctype html>
    <html>
      <body style="font-family: system-ui, sans-serif; color: #1b1f24; max-width: 640px">
        <p>Hello ${input.approver.displayName},</p>
        <p>${intro}</p>
        <ol>
          ${lines.map(
            (l) =>
              html`<li style="margin-bottom: 12px">
                ${headline(l)}<br /><i>${l.request.justification}</i><br />
                <a href="${l.approveUrl}">Approve</a> · <a href="${l.rejectUrl}">Reject</a>
              </li>`,
          )}
        </ol>
        <p style="color: #57606a">
          <small
            >Each link opens a page where you confirm and can add a comment; it works once, until ${expires}.
            Everything waiting for you is in the <a href="${input.portalUrl}">portal</a>.</small
          >
        </p>
      </body>
    </html>`;

  return { to: input.approver.email, subject, text, html: body.value };
}
