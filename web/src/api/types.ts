// The shapes of the API's answers the portal reads (docs: /work contract PORTAL_API, the routes in
// functions/). Only the fields the pages use.
export type Role = 'Employee' | 'Manager' | 'HR' | 'CTO' | 'Finance' | 'Admin';

export interface Me {
  kind: 'user';
  employee: { id: number; email: string; displayName: string };
  company: { id: number; code: string };
  group: { id: number; code: string };
  roles: Role[];
  groupWide: boolean;
  scope: 'self' | 'reports' | 'company' | 'group';
}

export interface License {
  assignmentId: number | string;
  app: { slug: string; name: string };
  plan: { name: string } | null;
  company: { code: string; name: string };
  since: string;
  lastUsed: string | null;
  status: string;
}

export interface CatalogPlan {
  id: number | string;
  /** the plan's code, what a request names; when absent the id is sent */
  code?: string;
  name: string;
  model: string;
  monthlyPrice: number | null;
  currency: string;
}

export interface CatalogApp {
  slug: string;
  name: string;
  vendor: string;
  category: string;
  description: string;
  plans: CatalogPlan[];
  freeSeats: { own: number; affiliates: { companyCode: string; companyName: string; seats: number }[] };
  ownedAlternatives: { slug: string; name: string }[];
}

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export interface Person {
  id: number;
  email: string;
  displayName: string;
  jobTitle: string | null;
}

export interface DraftItem {
  app: string;
  plan?: string;
  seats: number;
  forEmployee?: string;
}

export interface DraftRequest {
  items: DraftItem[];
  justification?: string;
  neededBy?: string;
}

export interface Quote {
  currency: string;
  monthly: number;
  annual: number;
  items: {
    line: number;
    appSlug: string;
    appName: string;
    planName: string;
    seats: number;
    unitPrice: number;
    monthly: number;
    priceSource: string;
  }[];
}

export type RequestStatus = 'pending' | 'approved' | 'fulfilled' | 'rejected' | 'expired' | 'cancelled';

export interface RequestListItem {
  id: string;
  code: string;
  status: RequestStatus;
  companyCode: string;
  requester: { email: string; displayName: string };
  apps: string[];
  monthlyCost: number;
  annualCost: number;
  currency: string;
  createdAt: string;
  closedAt: string | null;
  waitingFor: { step: number; approver: string } | null;
}

export interface RequestDetail {
  id: string;
  code: string;
  status: RequestStatus;
  companyCode: string;
  companyName: string;
  currency: string;
  monthlyCost: number;
  annualCost: number;
  justification: string;
  neededBy: string;
  createdAt: string;
  closedAt: string | null;
  outcomeReason: string | null;
  requester: { id: number; email: string; displayName: string; jobTitle: string };
  items: {
    line: number;
    appSlug: string;
    appName: string;
    planName: string;
    seats: number;
    forEmployee: { email: string; displayName: string } | null;
    unitPrice: number;
    monthlyCost: number;
    annualCost: number;
  }[];
  steps: {
    step: number;
    kind: string;
    status: string;
    approver: { email: string; displayName: string };
    escalatedFrom: { displayName: string } | null;
    askedAt: string | null;
    decision: { decision: string; by: string; comment: string | null; channel: string; at: string } | null;
  }[];
  timeline: { at: string; action: string; actor: string | null }[];
}

export interface PendingApproval {
  requestId: string;
  code: string;
  step: number;
  askedAt: string | null;
  escalated: boolean;
  requester: { displayName: string; email: string };
  monthlyCost: number;
  annualCost: number;
  currency: string;
  justification: string;
  neededBy: string;
}

export type ApproverKind = 'manager' | 'department_head' | 'cto' | 'finance';

export interface ApprovalPolicy {
  steps: { approver: ApproverKind; minMonthlyCost?: number; minAnnualCost?: number }[];
  reminderAfterHours: number;
  escalateAfterHours: number;
  expireAfterHours: number;
}

export interface UsageStats {
  from: string;
  to: string;
  totals: { events: number; quantity: number; activeUsers: number };
  byApp: { app: string; name: string; events: number; activeUsers: number }[];
  byCompany: { company: string; name: string; events: number }[];
  ingest: {
    quarantined: number;
    failedMessages: number;
    lastStoredAt: string | null;
    lagLastHour: { batches: number; p50Ms: number | null; p95Ms: number | null; maxMs: number | null };
  };
}

export interface QuarantineItem {
  id: number;
  eventId: string;
  occurredAt: string;
  reason: string;
  quarantinedAt: string;
}

export interface IngestFailure {
  messageId: string;
  queueName: string;
  reason: string;
  dequeueCount: number;
  failedAt: string;
}

export const FINAL_STATUSES: RequestStatus[] = ['fulfilled', 'rejected', 'expired', 'cancelled'];

// The AI engine (issue #10): similarity jobs, recommendations, app overlaps and unknown app names.

export interface AnsweredBy {
  provider: string;
  model: string;
  deterministic: boolean;
}

export type JobTrigger = 'nightly' | 'manual' | 'catalog-change';
export type JobStatus = 'running' | 'completed' | 'failed' | 'cancelled';

export interface SimilarityJobResult {
  appsEmbedded: number;
  textsEmbedded: number;
  pairsCompared: number;
  overlapsFound: number;
  overlapsWritten: number;
  recommendationsWritten: number;
  recommendationsUnchanged: number;
  /** prompt + completion tokens the job's calls used (0 for the local provider) */
  tokens: number;
  cost: number;
  /** the price table's currency */
  costCurrency: string;
  /** 0..1 */
  cacheHitRate: number;
  cacheHits: number;
  cacheMisses: number;
  provider: string;
  model: string;
}

export interface SimilarityJob {
  id: string;
  trigger: JobTrigger;
  status: JobStatus;
  phase: string;
  progress: { phase: string; done: number; total: number; percent: number; etaSeconds: number | null };
  createdAt: string;
  completedAt: string | null;
  requestedBy: { id: number; name: string } | null;
  scope: 'all' | { appIds: number[] };
  result: SimilarityJobResult | null;
  error: string | null;
}

export interface StartedJob {
  id: string;
  status: JobStatus;
  statusUrl: string;
}

export type RecommendationKind = 'cross-subsidiary-match' | 'consolidation';
export type RecommendationStatus = 'open' | 'accepted' | 'dismissed';

export interface Recommendation {
  id: string;
  companyCode: string;
  kind: RecommendationKind;
  status: RecommendationStatus;
  title: string;
  summary: string;
  monthlySaving: number;
  annualSaving: number;
  currency: string;
  appSlugs: string[];
  companyCodes: string[];
  /** kind-specific; read defensively (components/Evidence.tsx) */
  evidence: Record<string, unknown>;
  answeredBy: AnsweredBy;
  decision: { status: 'accepted' | 'dismissed'; reason: string; byName: string; at: string } | null;
  createdAt: string;
  updatedAt: string;
}

export interface RecommendationPage {
  items: Recommendation[];
  continuationToken?: string;
}

export type OverlapVerdict = 'same-job' | 'partial' | 'different';

export interface AppOverlaps {
  app: { slug: string; name: string };
  items: {
    app: { slug: string; name: string; vendor: string; category: string };
    /** 0..1 */
    similarity: number;
    verdict: OverlapVerdict;
    sharedFeatures: string[];
    rationale: string;
    answeredBy: AnsweredBy;
    computedAt: string;
  }[];
  notice?: string;
}

export interface UnknownApp {
  name: string;
  events: number;
  firstSeen: string;
  lastSeen: string;
  companies: string[];
  candidate: {
    slug: string;
    name: string;
    similarity: number;
    confirmed: boolean;
    rationale: string;
    answeredBy: AnsweredBy;
  } | null;
}

export interface CreatedAlias {
  alias: string;
  app: { slug: string; name: string };
  reingested: number;
}

/** GET /api/catalog/apps/{slug}: one app with its feature names */
export type CatalogAppDetail = CatalogApp & { features?: string[] };
