// GET and POST /api/approvals/{token}: the page an approval e-mail's link opens. The GET only shows
// the request and a confirmation form (mail scanners follow links); the POST decides, once.
import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import { z } from 'zod';
import { DECISION_EVENT } from '../../../orchestrations/purchaseApprovalWorkflow';
import { decideApproval, inspectLink, type DecideResult } from '../../../shared/approvals/decideApproval';
import {
  decisionFormPage,
  outcomePage,
  refusalPage,
  type Page,
} from '../../../shared/approvals/approvalPages';
import { readFormBody } from '../../../shared/http/readJson';
import { loadRequestSummary } from '../../../shared/purchasing/requestSummary';
import { getServices, workflowDepsOf } from '../../../shared/services';

const TOKEN = /^[A-Za-z0-9_-]{10,600}\.[A-Za-z0-9_-]{43}$/;
const formSchema = z.strictObject({
  decision: z.enum(['approve', 'reject']).optional(),
  comment: z.string().max(2000).optional(),
});

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

export async function showApprovalPage(request: HttpRequest): Promise<HttpResponseInit> {
  const token = request.params.token ?? '';
  const services = await getServices();
  const deps = workflowDepsOf(services);
  if (!TOKEN.test(token))
    return pageResponse(refusalPage({ kind: 'invalid-link', detail: 'This link is incomplete.' }));
  const link = await inspectLink({ db: deps.db, now: deps.now, linkSecret: deps.linkSecret }, token);
  if (link.kind !== 'usable') return pageResponse(refusalPage(link));
  const summary = await loadRequestSummary(deps.db, link.claims.requestId);
  if (!summary) return pageResponse(refusalPage({ kind: 'not-found' }));
  const approver = await deps.db
    .selectFrom('employees')
    .select('display_name')
    .where('id', '=', link.claims.approverId)
    .executeTakeFirstOrThrow();
  return pageResponse(decisionFormPage(summary, link.claims, approver.display_name));
}

/** Tells the workflow; for a repeat it re-sends (the workflow ignores a step it has passed). */
export async function raiseDecision(context: InvocationContext, result: DecideResult): Promise<void> {
  const decision =
    result.kind === 'recorded' || result.kind === 'already-decided'
      ? result.decision
      : result.kind === 'used-link'
        ? result.decision
        : undefined;
  if (!decision) return;
  try {
    await df
      .getClient(context)
      .raiseEvent(decision.requestId, DECISION_EVENT, { step: decision.step, decision: decision.decision });
  } catch (error) {
    // Recorded is recorded: the workflow also finds the decision at its next reminder or escalation.
    if (result.kind === 'recorded')
      context.warn(`The decision event for ${decision.code} was not raised: ${String(error)}`);
  }
}

export async function submitApprovalDecision(
  request: HttpRequest,
  context: InvocationContext,
): Promise<HttpResponseInit> {
  const token = request.params.token ?? '';
  if (!TOKEN.test(token))
    return pageResponse(refusalPage({ kind: 'invalid-link', detail: 'This link is incomplete.' }));
  const body = await readFormBody(request, 16 * 1024);
  if (!body.ok) return body.response;
  const form = formSchema.safeParse(Object.fromEntries(body.form));
  if (!form.success)
    return pageResponse(refusalPage({ kind: 'invalid-link', detail: 'The form is not valid.' }));
  const services = await getServices();
  const deps = workflowDepsOf(services);
  const decideDeps = { db: deps.db, now: deps.now, linkSecret: deps.linkSecret };
  const result = await decideApproval(decideDeps, {
    via: 'email',
    token,
    ...(form.data.comment !== undefined && { comment: form.data.comment }),
    ...(form.data.decision !== undefined && { action: form.data.decision }),
  });
  await raiseDecision(context, result);
  return pageResponse(outcomePage(result));
}

app.http('showApprovalPage', {
  route: 'approvals/{token}',
  methods: ['GET'],
  authLevel: 'anonymous',
  handler: showApprovalPage,
});

app.http('submitApprovalDecision', {
  route: 'approvals/{token}',
  methods: ['POST'],
  authLevel: 'anonymous',
  extraInputs: [df.input.durableClient()],
  handler: submitApprovalDecision,
});
