// GET /api/recommendations and GET /api/recommendations/{id}: scoped reads of the store.
import { createHash } from 'node:crypto';
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

/**
 * The API's continuation token: the store's token wrapped with a hash of the query it belongs to
 * (base64url JSON), so a forged or truncated token, or one from another filter or another person's
 * scope, is a 400 naming it — on Azure and on the emulator alike (which ignores tokens it cannot read).
 */
function queryHash(parts: unknown): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 16);
}

function wrapToken(hash: string, token: string): string {
  return Buffer.from(JSON.stringify({ q: hash, t: token })).toString('base64url');
}

function unwrapToken(hash: string, wrapped: string): string | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(wrapped, 'base64url').toString('utf8')) as unknown;
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const { q, t } = parsed as { q?: unknown; t?: unknown };
    return q === hash && typeof t === 'string' && t !== '' ? t : undefined;
  } catch {
    return undefined;
  }
}

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
  const hash = queryHash([companyCodes, includeGroup, query.kind, query.status, query.limit]);
  let continuationToken: string | undefined;
  if (query.continuationToken !== undefined) {
    continuationToken = unwrapToken(hash, query.continuationToken);
    if (continuationToken === undefined) return { kind: 'bad-token' };
  }
  const page = await deps.store.list({
    companyCodes,
    includeGroup,
    limit: query.limit,
    ...(query.kind && { kind: query.kind }),
    ...(query.status && { status: query.status }),
    ...(continuationToken !== undefined && { continuationToken }),
  });
  return {
    kind: 'ok',
    items: page.items,
    continuationToken: page.continuationToken ? wrapToken(hash, page.continuationToken) : null,
  };
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
