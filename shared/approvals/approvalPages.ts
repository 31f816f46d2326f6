// The small pages an approver sees after following a link from the e-mail: a confirmation form
// (the GET never decides: mail scanners follow links), and the outcome of the POST, including clear
// pages for a link that is used, expired, forged or for a step that moved on.
import { html, type SafeHtml } from '../platform/http/html';
import { formatMoney, type RequestSummary } from '../purchasing/requestSummary';
import type { LinkClaims } from './approvalLinkToken';
import type { DecideResult, RecordedDecision, Refusal } from './decideApproval';

export interface Page {
  status: number;
  body: string;
}

function layout(title: string, content: SafeHtml): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>${title} · Asset Pulse</title>
        <style>
          body {
            font-family: system-ui, sans-serif;
            color: #1b1f24;
            max-width: 680px;
            margin: 32px auto;
            padding: 0 16px;
          }
          table {
            border-collapse: collapse;
            width: 100%;
          }
          td,
          th {
            padding: 4px 8px;
            border-bottom: 1px solid #d0d7de;
            text-align: left;
          }
          .num {
            text-align: right;
          }
          .muted {
            color: #57606a;
          }
          textarea {
            width: 100%;
            min-height: 80px;
            font: inherit;
          }
          button {
            font: inherit;
            padding: 8px 20px;
            border-radius: 6px;
            border: 0;
            color: #fff;
            cursor: pointer;
          }
          .approve {
            background: #1f883d;
          }
          .reject {
            background: #cf222e;
          }
          .notice {
            padding: 12px 16px;
            border-radius: 6px;
            background: #f6f8fa;
            border: 1px solid #d0d7de;
          }
        </style>
      </head>
      <body>
        <p class="muted">Asset Pulse · purchase approval</p>
        ${content}
      </body>
    </html>`.value;
}

function summaryTable(r: RequestSummary): SafeHtml {
  const money = (v: number) => formatMoney(v, r.currency);
  return html`<h1>${r.code}</h1>
    <p>${r.requester.displayName} (${r.requester.jobTitle}, ${r.companyName}) · needed by ${r.neededBy}</p>
    <table>
      <tr>
        <th>App</th>
        <th>Plan</th>
        <th class="num">Seats</th>
        <th class="num">Monthly</th>
      </tr>
      ${r.items.map(
        (i) =>
          html`<tr>
            <td>
              ${i.appName}${i.forEmployee ? html`<br /><small class="muted">for ${i.forEmployee.displayName}</small>` : ''}
            </td>
            <td>${i.planName}</td>
            <td class="num">${i.seats}</td>
            <td class="num">${money(i.monthlyCost)}</td>
          </tr>`,
      )}
      <tr>
        <th colspan="3">Total</th>
        <th class="num">
          ${money(r.monthlyCost)}<br /><small class="muted">${money(r.annualCost)} a year</small>
        </th>
      </tr>
    </table>
    <h3>Justification</h3>
    <p>${r.justification}</p>`;
}

export function decisionFormPage(request: RequestSummary, claims: LinkClaims, approverName: string): Page {
  const verb = claims.action === 'approve' ? 'Approve' : 'Reject';
  return {
    status: 200,
    body: layout(
      `${verb} ${request.code}`,
      html`${summaryTable(request)}
        <form method="post">
          <input type="hidden" name="decision" value="${claims.action}" />
          <p>
            <label for="comment"
              >Comment${claims.action === 'reject' ? ' (the requester sees it)' : ' (optional)'}</label
            >
          </p>
          <textarea id="comment" name="comment" maxlength="2000"></textarea>
          <p><button type="submit" class="${claims.action}">${verb} as ${approverName}</button></p>
        </form>
        <p class="muted">
          <small
            >Step ${claims.step}. Nothing is decided until you press the button. To
            ${claims.action === 'approve' ? 'reject' : 'approve'} instead, use the other link in the
            e-mail.</small
          >
        </p>`,
    ),
  };
}

function decided(d: RecordedDecision): SafeHtml {
  return html`${d.code}, step ${d.step}: <b>${d.decision === 'approve' ? 'approved' : 'rejected'}</b> by
    ${d.decidedBy} on ${d.decidedAt.toISOString().slice(0, 16).replace('T', ' ')}
    UTC${d.comment ? html` (“${d.comment}”)` : ''}.`;
}

export function outcomePage(result: DecideResult): Page {
  if (result.kind === 'recorded') {
    const d = result.decision;
    return {
      status: 200,
      body: layout(
        'Decision recorded',
        html`<h1>Thank you</h1>
          <p class="notice">${decided(d)}</p>
          <p>The requester and the next approver are told.</p>`,
      ),
    };
  }
  return refusalPage(result);
}

export function refusalPage(refusal: Refusal): Page {
  const page = (status: number, title: string, body: SafeHtml): Page => ({
    status,
    body: layout(
      title,
      html`<h1>${title}</h1>
        <div class="notice">${body}</div>
        <p class="muted">Nothing was changed.</p>`,
    ),
  });
  switch (refusal.kind) {
    case 'invalid-link':
      return page(400, 'This link is not valid', html`<p>${refusal.detail}</p>`);
    case 'expired-link':
      return page(
        410,
        'This link has expired',
        html`<p>
          Approval links work for 72 hours. The latest e-mail about the request has a fresh link, or decide in
          the portal.
        </p>`,
      );
    case 'used-link':
      return page(
        409,
        'This link was already used',
        refusal.decision ? html`<p>${decided(refusal.decision)}</p>` : html`<p>Each link works once.</p>`,
      );
    case 'already-decided':
      return page(409, 'Already decided', html`<p>${decided(refusal.decision)}</p>`);
    case 'not-pending':
      return page(
        409,
        `${refusal.code} is ${refusal.status}`,
        html`<p>The request no longer waits for decisions.</p>`,
      );
    case 'not-your-step':
      return page(409, 'This step is not waiting for you', html`<p>${refusal.detail}</p>`);
    case 'not-found':
      return page(404, 'No such request', html`<p>The request of this link does not exist.</p>`);
  }
}
