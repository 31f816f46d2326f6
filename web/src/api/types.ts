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
