// F3, job description → licences: what POST /api/recommendations/jd-match takes and answers, and the
// use case's signature. New-hire onboarding (shared/onboarding/) stores a JdMatchResult as the
// hire's match and builds the default bundle from it, so this shape is shared by both.
import { z } from 'zod';
import type { AnsweredBy } from '../aiProvider';
import type { UserPrincipal } from '../../identity/principal';
import { boundedText, companyCode } from '../../platform/validation/columnBounds';

export const SENIORITIES = ['junior', 'mid', 'senior', 'lead', 'executive'] as const;

export const jdMatchInputSchema = z.strictObject({
  jobTitle: boundedText(200, { min: 2, trim: true, minMessage: 'give the job title' }),
  jobDescription: boundedText(20_000, {
    min: 20,
    trim: true,
    minMessage: 'paste the job description (at least a sentence)',
  }),
  /** a department code of the company, e.g. "DATA" */
  department: z
    .string()
    .trim()
    .regex(/^[A-Z][A-Z0-9]{1,9}$/, 'must be a department code such as "DATA"')
    .optional(),
  /** default: the caller's company */
  companyCode: companyCode().optional(),
  seniority: z.enum(SENIORITIES).optional(),
  /** how many apps to propose; default 8 */
  limit: z.number().int().min(1).max(20).default(8),
});
export type JdMatchInput = z.infer<typeof jdMatchInputSchema>;

/** A skill or task the description names, with the text it came from (offsets into jobDescription). */
export interface ExtractedItem {
  /** e.g. "SQL", "Dashboards" or "Build dashboards for the sales team" */
  label: string;
  /** the lexicon concept it maps to, when there is one (local provider), e.g. "sql-querying" */
  concept?: string;
  /** the words of the description it came from */
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
      /** people with this title (or, failing enough of them, this department) active on it in 60 days */
      activePeers: number;
      peers: number;
      basis: 'title' | 'department';
    }
  | { kind: 'standard'; text: string; seatsInUse: number };

export type JdCoverage =
  | { kind: 'free-seat'; companyCode: string; freeSeats: number }
  | { kind: 'affiliate-seat'; companyCode: string; freeSeats: number }
  | { kind: 'purchase' };

export interface JdRankedApp {
  rank: number;
  app: { id: number; slug: string; name: string; vendor: string; category: string };
  plan: { id: number; code: string; name: string; pricingModel: 'per_seat' | 'tiered' | 'pay_per_use' };
  /** 0 … 1 */
  confidence: number;
  /** the three signals, each 0 … 1, and their blend */
  score: { skills: number; tasks: number; peers: number; total: number };
  reasons: JdReason[];
  /** per person per month, in the company's currency */
  monthlyCost: number;
  currency: string;
  coverage: JdCoverage;
  /** the company already runs it as a standard (an active contract with seats in use) */
  companyStandard: boolean;
}

export interface JdMatchResult {
  companyCode: string;
  currency: string;
  jobTitle: string;
  department: string | null;
  extracted: { skills: ExtractedItem[]; tasks: ExtractedItem[] };
  apps: JdRankedApp[];
  /** apps left out because they overlap with one already proposed */
  excluded: { slug: string; name: string; overlapsWith: string; reason: string }[];
  answeredBy: AnsweredBy;
}

export type JdMatchOutcome =
  | { kind: 'matched'; result: JdMatchResult }
  | { kind: 'forbidden'; detail: string }
  | { kind: 'invalid'; errors: { path: string; message: string }[] };

/** The use case as the composition root hands it to the route and to onboarding. */
export type MatchJobDescription = (actor: UserPrincipal, input: JdMatchInput) => Promise<JdMatchOutcome>;
