// GET and POST /api/approvals/{token}: the page an approval e-mail's link opens. The GET only shows
// the request and a confirmation form (mail scanners follow links); the POST decides, once.
import { app, type HttpResponseInit } from '@azure/functions';
import * as df from 'durable-functions';
import { outcomePage, refusalPage, type Page } from '../../shared/approvals/approvalPages';
import { decideApproval } from '../../shared/approvals/decideApproval';
import { linkDecisionFormSchema } from '../../shared/approvals/decisionInput';
import { showApprovalLink } from '../../shared/approvals/showApprovalLink';
import { guardedHandler } from '../../shared/platform/http/guardedHandler';
import { readFormBody } from '../../shared/platform/http/readJson';
import type { ApprovalRouteDeps } from './approvalRouteDeps';
import { raiseDecision } from './raiseDecision';

export const MAX_FORM_BYTES = 16 * 1024;
const TOKEN = /^[A-Za-z0-9_-]{10,600}\.[A-Za-z0-9_-]{43}$/;

function pageResponse(page: Page): HttpResponseInit {
  return {
    status: page.status,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      // The token is in the URL: keep it out of caches and Referer headers.
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      'x-robots-tag': 'noindex',
      'content-security-policy':
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
    },
    body: page.body,
  };
}

const incomplete = () =>
  pageResponse(refusalPage({ kind: 'invalid-link', detail: 'This link is incomplete.' }));

export function registerApprovalLink({ guard, workflow }: ApprovalRouteDeps): void {
  const decideDeps = { db: workflow.db, now: workflow.now, linkSecret: workflow.linkSecret };

  app.http('showApprovalPage', {
    route: 'approvals/{token}',
    methods: ['GET'],
    authLevel: 'anonymous',
    handler: guardedHandler(guard, async (request) => {
      const token = request.params.token ?? '';
      if (!TOKEN.test(token)) return incomplete();
      return pageResponse(await showApprovalLink(decideDeps, token));
    }),
  });

  app.http('submitApprovalDecision', {
    route: 'approvals/{token}',
    methods: ['POST'],
    authLevel: 'anonymous',
    extraInputs: [df.input.durableClient()],
    handler: guardedHandler(guard, async (request, context) => {
      const token = request.params.token ?? '';
      if (!TOKEN.test(token)) return incomplete();
      const body = await readFormBody(request, MAX_FORM_BYTES);
      if (!body.ok) return body.response;
      const form = linkDecisionFormSchema.safeParse(Object.fromEntries(body.form));
      if (!form.success)
        return pageResponse(refusalPage({ kind: 'invalid-link', detail: 'The form is not valid.' }));
      const result = await decideApproval(decideDeps, {
        via: 'email',
        token,
        ...(form.data.comment !== undefined && { comment: form.data.comment }),
        ...(form.data.decision !== undefined && { action: form.data.decision }),
      });
      await raiseDecision(context, result);
      return pageResponse(outcomePage(result));
    }),
  });
}
