// What the approval tests through devhost do again and again: sign in, submit, read the approver's
// e-mail, follow its link (GET the page, POST the form), and read the request back.
import { expect } from 'vitest';
import type { DevhostRun, MailMessage } from '../../devhost/childHost';

export interface RequestDetail {
  id: string;
  code: string;
  status: string;
  outcomeReason: string | null;
  steps: {
    step: number;
    status: string;
    approver: { email: string };
    escalatedFrom: { displayName: string } | null;
    decision: { decision: string; by: string; comment: string | null } | null;
  }[];
  assignments: { email: string; appName: string }[];
  purchaseOrders: { line: number; seats: number }[];
  timeline: { action: string }[];
}

export function approvalDriver(host: () => DevhostRun) {
  const bearer = async (email: string, roles?: string[]) =>
    `Bearer ${await host().tokenFor(email, roles ? { roles } : {})}`;

  return {
    bearer,
    async api(method: string, path: string, as: string, body?: unknown, roles?: string[]): Promise<Response> {
      return fetch(`${host().apiBase}${path}`, {
        method,
        headers: { authorization: await bearer(as, roles), 'content-type': 'application/json' },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
    },
    async submit(as: string, items: unknown[]): Promise<{ id: string; code: string }> {
      const response = await this.api('POST', '/purchase-requests', as, {
        items,
        justification: 'Needed for the billing migration project.',
        // Two weeks ahead: neededBy must lie between yesterday and two years from today.
        neededBy: new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10),
      });
      expect(response.status, await response.clone().text()).toBe(201);
      return (await response.json()) as { id: string; code: string };
    },
    async detail(id: string, as: string): Promise<RequestDetail> {
      const response = await this.api('GET', `/purchase-requests/${id}`, as);
      expect(response.status, await response.clone().text()).toBe(200);
      return (await response.json()) as RequestDetail;
    },
    /** the approval e-mail for this request that reached `to` with a subject starting `prefix` */
    approvalMail(code: string, to: string, prefix = 'Approval needed'): Promise<MailMessage> {
      return host().waitForMail(
        (m) => m.to.includes(to) && m.subject.startsWith(`${prefix}: ${code}`),
        60_000,
      );
    },
    link(mail: MailMessage, action: 'approve' | 'reject'): string {
      const match = new RegExp(`${action === 'approve' ? 'Approve' : 'Reject'}:\\s+(\\S+)`).exec(mail.text);
      if (!match?.[1]) throw new Error(`no ${action} link in: ${mail.text}`);
      expect(mail.links).toContain(match[1]);
      return match[1];
    },
    async follow(
      link: string,
      comment = '',
    ): Promise<{ get: Response; getText: string; post: Response; postText: string }> {
      const get = await fetch(link);
      const getText = await get.text();
      const post = await fetch(link, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ comment }).toString(),
      });
      return { get, getText, post, postText: await post.text() };
    },
    async waitForStatus(id: string, as: string, status: string, timeoutMs = 60_000): Promise<RequestDetail> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const detail = await this.detail(id, as);
        if (detail.status === status) return detail;
        if (Date.now() > deadline) throw new Error(`${detail.code} is ${detail.status}, not ${status}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    },
  };
}
