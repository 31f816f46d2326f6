// POST /api/recommendations/{id}/accept|dismiss: a CTO or Admin decides, with a reason.
// The decision is written with If-Match on the etag just read (a concurrent decision or rerun makes
// it a 409 to retry), then published as the CloudEvent AssetPulse.Recommendation.Accepted /
// .Dismissed and audited (audit_log, entity "recommendation"). Event id and audit key are made from
// the recommendation id and the decision, so nothing is recorded twice; a repeat that finds the
// item decided already (409) first completes the event and audit row a failed earlier call left out.
import type { Kysely } from 'kysely';
import type { UserPrincipal } from '../../identity/principal';
import { writeAudit } from '../../platform/audit/auditLog';
import type { EventPublisher } from '../../platform/clients/eventPublisher';
import type { Database } from '../../platform/db/schema';
import {
  RecommendationConflictError,
  type Recommendation,
  type RecommendationDecision,
  type RecommendationStore,
} from './recommendation';
import { mayDecideRecommendations } from './recommendationScope';
import { readRecommendation } from './readRecommendations';

export type Decision = RecommendationDecision['status'];

export interface DecideDeps {
  db: Kysely<Database>;
  store: RecommendationStore;
  events: EventPublisher;
  now: () => Date;
}

export type DecideOutcome =
  | { kind: 'forbidden' }
  | { kind: 'not-found' }
  | { kind: 'already-decided'; status: Recommendation['status'] }
  | { kind: 'conflict' }
  | { kind: 'decided'; recommendation: Recommendation };

export const DECISION_EVENT_TYPES: Record<Decision, string> = {
  accepted: 'AssetPulse.Recommendation.Accepted',
  dismissed: 'AssetPulse.Recommendation.Dismissed',
};

/** The CloudEvent id and audit key of a decision: one per recommendation and decision. */
export function decisionKey(id: string, decision: Decision): string {
  return `recommendation:${id}:${decision}`;
}

/**
 * Publishes the decision's event, then writes its audit row. An audit row there means both were
 * done (a repeat does nothing); none means an earlier call stopped before (a repeat does both; the
 * event keeps its id, so a subscriber that saw it once dedupes it).
 */
async function recordDecision(deps: DecideDeps, item: Recommendation, decision: RecommendationDecision) {
  const key = decisionKey(item.id, decision.status);
  const audited = await deps.db
    .selectFrom('audit_log')
    .select('id')
    .where('idempotency_key', '=', key)
    .executeTakeFirst();
  if (audited) return;
  await deps.events.publish([
    {
      id: key,
      type: DECISION_EVENT_TYPES[decision.status],
      subject: `recommendations/${item.id}`,
      time: new Date(decision.at),
      data: {
        id: item.id,
        kind: item.kind,
        companyCode: item.companyCode,
        companyCodes: item.companyCodes,
        appSlugs: item.appSlugs,
        annualSaving: item.annualSaving,
        monthlySaving: item.monthlySaving,
        currency: item.currency,
        decision,
      },
    },
  ]);
  const company = await deps.db
    .selectFrom('companies')
    .select('id')
    .where('code', '=', item.companyCode)
    .executeTakeFirst();
  await writeAudit(deps.db, {
    occurredAt: new Date(decision.at),
    companyId: company?.id ?? null,
    entityType: 'recommendation',
    entityId: item.id,
    action: decision.status,
    actorId: decision.byEmployeeId,
    details: {
      reason: decision.reason,
      kind: item.kind,
      annualSaving: item.annualSaving,
      currency: item.currency,
      fingerprint: item.fingerprint,
    },
    idempotencyKey: key,
  });
}

export async function decideRecommendation(
  deps: DecideDeps,
  user: UserPrincipal,
  id: string,
  decision: Decision,
  reason: string,
): Promise<DecideOutcome> {
  if (!mayDecideRecommendations(user)) return { kind: 'forbidden' };
  const found = await readRecommendation(deps, user, id);
  if (found === 'forbidden') return { kind: 'forbidden' };
  if (!found) return { kind: 'not-found' };
  const { etag, ...current } = found;
  if (current.status !== 'open') {
    if (current.decision) await recordDecision(deps, current, current.decision);
    return { kind: 'already-decided', status: current.status };
  }
  const made: RecommendationDecision = {
    status: decision,
    reason,
    byEmployeeId: user.employeeId,
    byName: user.displayName,
    at: deps.now().toISOString(),
  };
  const next: Recommendation = { ...current, status: decision, decision: made, updatedAt: made.at };
  try {
    await deps.store.replace(next, etag);
  } catch (error) {
    if (error instanceof RecommendationConflictError) return { kind: 'conflict' };
    throw error;
  }
  await recordDecision(deps, next, made);
  return { kind: 'decided', recommendation: next };
}
