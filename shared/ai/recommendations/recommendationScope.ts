// Who sees which recommendations: CTO, Finance and Admin see their company's items; holding the role
// group-wide, every company's of the group and the group-level items (partition GROUP). Anyone else
// sees none (403). A recommendation outside the caller's reach reads as absent (404), so its
// existence does not leak.
import type { Kysely } from 'kysely';
import type { UserPrincipal } from '../../identity/principal';
import type { Role } from '../../identity/roles';
import type { Database } from '../../platform/db/schema';
import { GROUP_PARTITION } from './recommendation';

export const RECOMMENDATION_READERS: readonly Role[] = ['CTO', 'Finance', 'Admin'];
export const RECOMMENDATION_DECIDERS: readonly Role[] = ['CTO', 'Admin'];

export interface RecommendationScope {
  companyCodes: string[];
  includeGroup: boolean;
}

export function mayReadRecommendations(user: UserPrincipal): boolean {
  return RECOMMENDATION_READERS.some((role) => user.roles.has(role));
}

export function mayDecideRecommendations(user: UserPrincipal): boolean {
  return RECOMMENDATION_DECIDERS.some((role) => user.roles.has(role));
}

/** The partitions the caller may read (undefined: none, the caller gets 403). */
export async function recommendationScope(
  db: Kysely<Database>,
  user: UserPrincipal,
): Promise<RecommendationScope | undefined> {
  if (!mayReadRecommendations(user)) return undefined;
  if (!user.groupWide) return { companyCodes: [user.companyCode], includeGroup: false };
  const companies = await db
    .selectFrom('companies')
    .select('code')
    .where('group_id', '=', user.groupId)
    .orderBy('code')
    .execute();
  return { companyCodes: companies.map((c) => c.code), includeGroup: true };
}

export function partitionInScope(scope: RecommendationScope, partition: string): boolean {
  return partition === GROUP_PARTITION ? scope.includeGroup : scope.companyCodes.includes(partition);
}
