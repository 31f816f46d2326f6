// What GET /api/approvals/{token} shows: the request and a confirmation form for a usable link
// (only the POST decides: mail scanners follow links), or why the link cannot be used.
import type { Kysely } from 'kysely';
import type { Database } from '../platform/db/schema';
import { loadRequestSummary } from '../purchasing/requestSummary';
import { decisionFormPage, refusalPage, type Page } from './approvalPages';
import { inspectLink, type DecideDeps } from './decideApproval';

export async function showApprovalLink(
  deps: DecideDeps & { db: Kysely<Database> },
  token: string,
): Promise<Page> {
  const link = await inspectLink(deps, token);
  if (link.kind !== 'usable') return refusalPage(link);
  const summary = await loadRequestSummary(deps.db, link.claims.requestId);
  if (!summary) return refusalPage({ kind: 'not-found' });
  const approver = await deps.db
    .selectFrom('employees')
    .select('display_name')
    .where('id', '=', link.claims.approverId)
    .executeTakeFirstOrThrow();
  return decisionFormPage(summary, link.claims, approver.display_name);
}
