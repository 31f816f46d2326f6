// Whether two candidate apps of a JD match do the same job when the similarity job has not judged
// the pair yet (no app_overlaps row, e.g. on a fresh seed): the same catalog category AND features
// that cover each other — for every feature of one app the closest feature of the other, the mean
// of those cosines, taken both ways and the smaller kept, at FEATURE_OVERLAP_THRESHOLD or above.
//
// The threshold was checked against the seeded catalog with the local embeddings: of the labelled
// pairs (scripts/eval/data/overlapPairs.json) in one category, no pair labelled "not overlapping"
// reaches 0.48 (Coupa × NetSuite is the closest), while Tableau × Power BI (0.79), Looker × Power BI
// (0.88) and Mixpanel × Amplitude (0.76) are above 0.6. Complementary tools of one category stay
// apart: Snowflake × dbt Cloud 0.12, Snowflake × Fivetran 0.18, Tableau × Mixpanel 0.12. Every
// same-category pair at 0.6 or above is either a pair the catalog sells as alternatives or one the
// labelled set calls an overlap (Apollo × ZoomInfo, Gong × Salesloft).
import { dot, type IndexedFeature } from './featureIndex';

export const FEATURE_OVERLAP_THRESHOLD = 0.6;

/** Mean over `a`'s features of the best cosine to any of `b`'s (0 when either has none). */
export function featureCoverage(a: readonly IndexedFeature[], b: readonly IndexedFeature[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  let sum = 0;
  for (const x of a) {
    let best = -1;
    for (const y of b) best = Math.max(best, dot(x.vector, y.vector));
    sum += best;
  }
  return sum / a.length;
}

/** The smaller of the two coverages: both apps must do what the other does. */
export function mutualFeatureCoverage(a: readonly IndexedFeature[], b: readonly IndexedFeature[]): number {
  return Math.min(featureCoverage(a, b), featureCoverage(b, a));
}

export interface OverlapCandidate {
  category: string;
  features: readonly IndexedFeature[];
}

/** The pair's coverage when it counts as the same job without a verdict, else null. */
export function sameJobByFeatures(a: OverlapCandidate, b: OverlapCandidate): number | null {
  if (a.category.trim().toLowerCase() !== b.category.trim().toLowerCase()) return null;
  const coverage = mutualFeatureCoverage(a.features, b.features);
  return coverage >= FEATURE_OVERLAP_THRESHOLD ? coverage : null;
}
