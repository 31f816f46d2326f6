// The shapes of the onboarding API the new-hire pages read (docs/onboarding-api.md, sections F3 and
// New hires; the JD match's own contract is shared/ai/jdMatch/jdMatchContract.ts).
import type { AnsweredBy } from './types';

export const SENIORITIES = ['junior', 'mid', 'senior', 'lead', 'executive'] as const;
export type Seniority = (typeof SENIORITIES)[number];

/** POST /api/recommendations/jd-match */
export interface JdMatchRequest {
  jobTitle: string;
  jobDescription: string;
  department?: string;
  companyCode?: string;
  seniority?: Seniority;
  limit?: number;
}

export interface ExtractedItem {
  label: string;
  concept?: string;
  quote: string;
  start: number;
  end: number;
}

export type JdReason =
  | { kind: 'skill'; text: string; skill: string; feature: string; similarity: number }
  | { kind: 'task'; text: string; task: string; feature: string; similarity: number }
  | {
      kind: 'peers';
      text: string;
      activePeers: number;
      peers: number;
      basis: 'title' | 'department';
    }
  | { kind: 'standard'; text: string; seatsInUse: number };

export type JdCoverage =
  | { kind: 'free-seat'; companyCode: string; freeSeats: number }
  | { kind: 'affiliate-seat'; companyCode: string; freeSeats: number }
  | { kind: 'purchase' };

export type PricingModel = 'per_seat' | 'tiered' | 'pay_per_use';

export interface JdRankedApp {
  rank: number;
  app: { id: number; slug: string; name: string; vendor: string; category: string };
  plan: { id: number; code: string; name: string; pricingModel: PricingModel };
  confidence: number;
  score: { skills: number; tasks: number; peers: number; total: number };
  reasons: JdReason[];
  monthlyCost: number;
  currency: string;
  coverage: JdCoverage;
  companyStandard: boolean;
}

export interface JdMatchResult {
  companyCode: string;
  currency: string;
  jobTitle: string;
  department: string | null;
  extracted: { skills: ExtractedItem[]; tasks: ExtractedItem[] };
  apps: JdRankedApp[];
  excluded: { slug: string; name: string; overlapsWith: string; reason: string }[];
  answeredBy: AnsweredBy;
}

export type NewHireStatus = 'draft' | 'requested' | 'started' | 'cancelled';
export const NEW_HIRE_STATUSES: NewHireStatus[] = ['draft', 'requested', 'started', 'cancelled'];

/** Body of POST /api/new-hires */
export interface NewHireInput {
  displayName: string;
  email: string;
  jobTitle: string;
  department?: string;
  managerEmail?: string;
  companyCode?: string;
  startDate: string;
  jobDescription: string;
  seniority?: Seniority;
}

export interface NewHireBundleItem {
  app: { slug: string; name: string };
  /** pricingModel: a pay-per-use plan's monthlyCost is 0, it is priced by use (older answers lack it) */
  plan: { code: string; name: string; pricingModel?: PricingModel } | null;
  source: 'jd-match' | 'added' | 'template';
  monthlyCost: number;
  coverage: JdCoverage;
  reasons: JdReason[];
}

export type NewHireEvent =
  'recorded' | 'bundle-changed' | 'submitted' | 'approved' | 'start-date-moved' | 'started' | 'cancelled';

/** GET /api/new-hires/{id} */
export interface NewHire {
  id: string;
  status: NewHireStatus;
  revision: number;
  person: {
    employeeId: number;
    displayName: string;
    email: string;
    jobTitle: string;
    department: string | null;
    status: string;
  };
  manager: { displayName: string; email: string } | null;
  companyCode: string;
  currency: string;
  startDate: string;
  jobDescription: string;
  seniority: Seniority | null;
  match: JdMatchResult | null;
  bundle: NewHireBundleItem[];
  bundleMonthlyCost: number;
  template: { id: number; version: number; name: string } | null;
  request: {
    id: string;
    code: string;
    status: string;
    steps: { step: number; kind: string; approver: string; status: string }[];
  } | null;
  seats: { app: { slug: string; name: string }; contractCompanyCode: string; assignedAt: string }[];
  /** what: a NewHireEvent, or a kind this page does not know yet (shown humanized) */
  timeline: { at: string; what: string; detail: string }[];
}

/** GET /api/new-hires: a summary of each hire (the heavy parts are on the hire's own page) */
export type NewHireListItem = Pick<NewHire, 'id' | 'status' | 'companyCode' | 'startDate'> & {
  person: Pick<NewHire['person'], 'employeeId' | 'displayName' | 'email' | 'jobTitle' | 'status'>;
  manager?: NewHire['manager'];
  /** how many apps the bundle has */
  bundleSize?: number;
  request?: { id: string; code: string; status: string } | null;
};

/** PUT /api/new-hires/{id}/bundle */
export type BundleUpdate =
  | { revision: number; items: { app: string; plan?: string }[] }
  | { revision: number; templateId: number; optionalItems?: string[] };
