// GET /api/recommendations and GET /api/recommendations/{id}: scoped reads of the store.
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { UserPrincipal } from '../../identity/principal';
import type { Database } from '../../platform/db/schema';
import {
  GROUP_PARTITION,
  RECOMMENDATION_KINDS,
  RECOMMENDATION_STATUSES,
  recommendationPartition,
  type Recommendation,
  type RecommendationStore,
} from './recommendation';
import { partitionInScope, recommendationScope } from './recommendationScope';

export interface RecommendationReadDeps {
  db: Kysely<Database>;
  store: RecommendationStore;
}

export const recommendationListQuerySchema = z.strictObject({
  kind: z.enum(RECOMMENDATION_KINDS).optional(),
  /** a company code, or GROUP for group-level items */
  company: z
    .string()
    .regex(/^[A-Z][A-Z0-9]{1,11}$/, 'must be a company code like SCB, or GROUP')
    .optional(),
  status: z.enum(RECOMMENDATION_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  /** from the previous page's `continuationToken` */
  continuationToken: z.string().min(1).max(8192).optional(),
});
export type RecommendationListQuery = z.infer<typeof recommendationListQuerySchema>;

export type ListOutcome =
  | { kind: 'forbidden'; detail: string }
  | { kind: 'bad-token' }
  | { kind: 'ok'; items: Recommendation[]; continuationToken: string | null };

export async function listRecommendations(
  deps: RecommendationReadDeps,
  user: UserPrincipal,
  query: RecommendationListQuery,
): Promise<ListOutcome> {
  const scope = await recommendationScope(deps.db, user);
  if (!scope) return { kind: 'forbidden', detail: 'Recommendations are for CTO, Finance and Admin.' };
  let companyCodes = scope.companyCodes;
  let includeGroup = scope.includeGroup;
  if (query.company !== undefined) {
    if (!partitionInScope(scope, query.company))
      return { kind: 'forbidden', detail: `Company ${query.company} is outside your reach.` };
    companyCodes = query.company === GROUP_PARTITION ? [] : [query.company];
    includeGroup = query.company === GROUP_PARTITION;
  }
  try {
    const page = await deps.store.list({
      companyCodes,
      includeGroup,
      limit: query.limit,
      ...(query.kind && { kind: query.kind }),
      ...(query.status && { status: query.status }),
      ...(query.continuationToken !== undefined && { continuationToken: query.continuationToken }),
    });
    return { kind: 'ok', items: page.items, continuationToken: page.continuationToken ?? null };
  } catch (error) {
    // a token that is not one of ours (or from another query) is the caller's mistake, not a 500
    const status = (error as { code?: unknown }).code;
    if (query.continuationToken !== undefined && (status === 400 || error instanceof SyntaxError))
      return { kind: 'bad-token' };
    throw error;
  }
}

/** The recommendation, or undefined when it is absent, malformed or outside the caller's reach. */
export async function readRecommendation(
  deps: RecommendationReadDeps,
  user: UserPrincipal,
  id: string,
): Promise<(Recommendation & { etag: string }) | 'forbidden' | undefined> {
  const scope = await recommendationScope(deps.db, user);
  if (!scope) return 'forbidden';
  const partition = recommendationPartition(id);
  if (partition === undefined || !partitionInScope(scope, partition)) return undefined;
  return deps.store.get(partition, id);
}
