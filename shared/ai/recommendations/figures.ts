// The arithmetic the recommendations share: money rounding, the price spread (quartiles), the
// fingerprint of what a recommendation says, and the context a job passes in.
import { createHash } from 'node:crypto';
import type { AnsweredBy } from '../aiProvider';
import type { Recommendation } from './recommendation';

/** What the similarity job passes to each feature: its id, its clock, and who answered the job's AI steps. */
export interface RecommendationContext {
  jobId: string;
  now: Date;
  answeredBy: AnsweredBy;
}

export const round2 = (value: number): number => Math.round(value * 100) / 100;
export const round4 = (value: number): number => Math.round(value * 1e4) / 1e4;

export interface Spread {
  min: number;
  q1: number;
  median: number;
  q3: number;
  max: number;
}

/**
 * Min, quartiles and max with linear interpolation between the sorted values (the "inclusive"
 * method of spreadsheets: QUARTILE.INC), each kept to four decimals.
 */
export function spreadOf(values: readonly number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) throw new Error('no values to spread');
  const at = (p: number): number => {
    const index = (sorted.length - 1) * p;
    const lower = Math.floor(index);
    const upper = Math.ceil(index);
    const low = sorted[lower]!;
    return round4(low + (sorted[upper]! - low) * (index - lower));
  };
  return { min: at(0), q1: at(0.25), median: at(0.5), q3: at(0.75), max: at(1) };
}

/** JSON with object keys sorted at every level, so equal content always gives equal text. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** SHA-256 (hex) of the figures a recommendation rests on; never of timestamps or job ids. */
export function fingerprintOf(content: unknown): string {
  return createHash('sha256').update(stableJson(content)).digest('hex');
}

/** A short, stable hash for ids (hex, `length` characters). */
export function shortHash(text: string, length = 10): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}

/** The fields every recommendation of a run shares. */
export function recommendationBase(
  ctx: RecommendationContext,
): Pick<Recommendation, 'status' | 'answeredBy' | 'jobId' | 'createdAt' | 'updatedAt' | 'decision'> {
  const at = ctx.now.toISOString();
  return {
    status: 'open',
    answeredBy: ctx.answeredBy,
    jobId: ctx.jobId,
    createdAt: at,
    updatedAt: at,
    decision: null,
  };
}

export function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
