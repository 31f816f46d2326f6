// A recommendation as stored in Cosmos DB (container `recommendations`, partition key /companyCode,
// "GROUP" for group-level ones) and returned by GET /api/recommendations.
import { z } from 'zod';

export const RECOMMENDATION_KINDS = ['cross-subsidiary-match', 'consolidation'] as const;
export type RecommendationKind = (typeof RECOMMENDATION_KINDS)[number];
export const RECOMMENDATION_STATUSES = ['open', 'accepted', 'dismissed'] as const;
export type RecommendationStatus = (typeof RECOMMENDATION_STATUSES)[number];

export const GROUP_PARTITION = 'GROUP';

export function recommendationId(kind: RecommendationKind, companyCode: string, subject: string): string {
  return `${kind}.${companyCode}.${subject.toLowerCase().replace(/[^a-z0-9-]+/g, '-')}`;
}

/** The partition key (company code or GROUP) of a recommendation id; undefined for a malformed id. */
export function recommendationPartition(id: string): string | undefined {
  const match = /^(?:cross-subsidiary-match|consolidation)\.([A-Z0-9]{2,12})\.[a-z0-9-]{1,120}$/.exec(id);
  return match?.[1];
}

export interface RecommendationDecision {
  status: 'accepted' | 'dismissed';
  reason: string;
  byEmployeeId: number;
  byName: string;
  at: string;
}

export interface Recommendation {
  /**
   * `${kind}.${companyCode}.${subject}` (e.g. "consolidation.SCB.team-chat", "cross-subsidiary-match.GROUP.slack"):
   * deterministic, so a rerun upserts and never duplicates, and the partition key is its second part
   * (recommendationPartition), so GET /api/recommendations/{id} is a point read.
   */
  id: string;
  /** a company code, or GROUP_PARTITION */
  companyCode: string;
  kind: RecommendationKind;
  status: RecommendationStatus;
  title: string;
  summary: string;
  /** the saving in `currency` per month and per year (annual = 12 × monthly unless stated) */
  monthlySaving: number;
  annualSaving: number;
  /** EUR for group-level items, the company's currency for company-level ones */
  currency: string;
  /** the apps it is about (slugs), for filters and links */
  appSlugs: string[];
  /** the companies it touches (codes), for scoping: a user sees it when they may see one of them */
  companyCodes: string[];
  /** kind-specific evidence (contracts and price spread for F1; cluster, per-app figures, kept app for F2) */
  evidence: Record<string, unknown>;
  answeredBy: { provider: string; model: string; deterministic: boolean };
  /** SHA-256 of the evidence that matters: a rerun that finds the same fingerprint writes nothing */
  fingerprint: string;
  jobId: string;
  createdAt: string;
  updatedAt: string;
  decision: RecommendationDecision | null;
}

export const decisionBodySchema = z.strictObject({
  reason: z.string().trim().min(3, 'say why in a few words').max(2000),
});

export interface RecommendationQuery {
  /** companies the caller may see (already scoped); GROUP items show for group-wide roles */
  companyCodes: string[];
  includeGroup: boolean;
  kind?: RecommendationKind;
  status?: RecommendationStatus;
  limit: number;
  continuationToken?: string;
}

export interface RecommendationStore {
  /** Writes only what is new or whose fingerprint changed; an accepted/dismissed one keeps its decision. Returns how many were written. */
  upsertMany(items: readonly Recommendation[]): Promise<{ written: number; unchanged: number }>;
  get(companyCode: string, id: string): Promise<(Recommendation & { etag: string }) | undefined>;
  /** sorted by annualSaving descending */
  list(query: RecommendationQuery): Promise<{ items: Recommendation[]; continuationToken?: string }>;
  /** optimistic concurrency: fails with RecommendationConflictError when the etag moved */
  replace(item: Recommendation, etag: string): Promise<void>;
}

export class RecommendationConflictError extends Error {
  constructor(id: string) {
    super(`recommendation ${id} changed meanwhile; read it again`);
    this.name = 'RecommendationConflictError';
  }
}
