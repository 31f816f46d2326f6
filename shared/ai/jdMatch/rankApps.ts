// The blend of the JD match: three signals per app, each 0 … 1, and their weighted sum.
//   skills  for each skill, the app's closest feature (cosine of the embeddings), rescaled above a
//           floor below which a match is noise, times its share of the catalog's best match for
//           that skill (a match far below the best is a word in common, not the skill), and less
//           for a feature late in the app's list (featureWeight); the app's best three skills,
//           0.6/0.25/0.15
//   tasks   the same over the responsibilities
//   peers   how much more people with the title (or the department) use it than the company at
//           large (peerUsage.ts, peerLift)
// A signal with nothing to go on (no skills named, no peers) drops out and the others share its
// weight. The confidence maps the blend and the number of signals that agree to 0 … 1; its
// calibration against the labelled set is printed by `npm run eval:ai`.
import type { IndexedFeature } from './featureIndex';

export const BLEND_WEIGHTS = { skills: 0.45, tasks: 0.2, peers: 0.35 } as const;
/** cosine below this between a skill and a feature is treated as no match */
export const SIMILARITY_FLOOR = 0.2;
/**
 * A match counts by how close it comes to the catalog's best feature for that skill, not only by
 * its cosine: for "Data analysis" a BI tool's feature scores far above an MFA feature that shares a
 * word, so the MFA feature is a coincidence. Below this share of the best match (rescaled above the
 * floor) a match is not counted nor shown as a reason.
 */
export const MEANINGFUL_RELATIVE = 0.3;
const TOP_WEIGHTS = [0.6, 0.25, 0.15];

/**
 * A catalog lists an app's headline features first (Zoom: video meetings, recording, … whiteboard
 * fifth): a match on the first counts in full, each later place PERIPHERAL_STEP less, down to
 * PERIPHERAL_WEIGHT, so an app is not proposed for a job it does on the side (a whiteboard in a
 * video client, goals in a task tool) ahead of the apps made for it.
 */
export const PERIPHERAL_STEP = 0.2;
export const PERIPHERAL_WEIGHT = 0.5;

export function featureWeight(position: number): number {
  return Math.max(PERIPHERAL_WEIGHT, 1 - PERIPHERAL_STEP * position);
}

export interface QueryItem {
  label: string;
  vector: ArrayLike<number>;
  /** 0 … 1, how much a match on it counts (everyday office work counts less: everyone has it) */
  weight?: number;
}

/**
 * Office work every role does (e-mail, documents, chat, video calls): a description that mentions
 * e-mail does not make an e-mail service this role's tool, so such skills count at this weight.
 */
export const EVERYDAY_CONCEPTS: ReadonlySet<string> = new Set([
  'email',
  'docs',
  'cloud-storage',
  'file-sharing',
  'team-chat',
  'huddles',
  'video-meetings',
]);
export const EVERYDAY_WEIGHT = 0.35;

export interface ItemMatch {
  item: string;
  feature: string;
  similarity: number;
  strength: number;
}

export interface SignalScore {
  score: number;
  /** the app's matches, strongest first */
  matches: ItemMatch[];
}

/** A query vector's non-zero entries, ascending: the dot product over them is the same sum. */
interface SparseVector {
  index: Int32Array;
  value: Float64Array;
}

function sparse(vector: ArrayLike<number>): SparseVector {
  const index: number[] = [];
  for (let i = 0; i < vector.length; i += 1) if (vector[i] !== 0) index.push(i);
  return { index: Int32Array.from(index), value: Float64Array.from(index, (i) => vector[i]!) };
}

function sparseDot(query: SparseVector, vector: ArrayLike<number>): number {
  let sum = 0;
  for (let k = 0; k < query.index.length; k += 1) sum += query.value[k]! * (vector[query.index[k]!] ?? 0);
  return sum;
}

/**
 * Per app: its best feature for each item, and the signal they give. Every item is compared with
 * every feature (exact search); a query vector is walked over its non-zero entries only, which for
 * the local lexical embeddings is a few dozen of 512 (a dense model's vectors cost the full length).
 */
export function signalByApp(
  items: readonly QueryItem[],
  features: readonly IndexedFeature[],
): Map<number, SignalScore> {
  const best = new Map<number, Map<number, ItemMatch>>();
  // each feature's place in its app's list (the index reads them in catalog order)
  const position = new Int32Array(features.length);
  const seenPerApp = new Map<number, number>();
  features.forEach((f, i) => {
    const n = seenPerApp.get(f.appId) ?? 0;
    position[i] = n;
    seenPerApp.set(f.appId, n + 1);
  });
  items.forEach((item, index) => {
    const query = sparse(item.vector);
    const sims = new Float64Array(features.length);
    let top = 0;
    for (let f = 0; f < features.length; f += 1) {
      const similarity = sparseDot(query, features[f]!.vector);
      sims[f] = similarity;
      if (similarity > top) top = similarity;
    }
    if (top <= SIMILARITY_FLOOR) return;
    for (let f = 0; f < features.length; f += 1) {
      const feature = features[f]!;
      const similarity = sims[f]!;
      if (similarity <= SIMILARITY_FLOOR) continue;
      const relative = (similarity - SIMILARITY_FLOOR) / (top - SIMILARITY_FLOOR);
      if (relative < MEANINGFUL_RELATIVE) continue;
      let perItem = best.get(feature.appId);
      if (!perItem) {
        perItem = new Map();
        best.set(feature.appId, perItem);
      }
      const known = perItem.get(index);
      if (!known || similarity > known.similarity) {
        perItem.set(index, {
          item: item.label,
          feature: feature.name,
          similarity,
          strength:
            ((similarity - SIMILARITY_FLOOR) / (1 - SIMILARITY_FLOOR)) *
            relative *
            featureWeight(position[f]!) *
            (item.weight ?? 1),
        });
      }
    }
  });
  const out = new Map<number, SignalScore>();
  for (const [appId, perItem] of best) {
    const matches = [...perItem.values()].sort((a, b) => b.strength - a.strength);
    const score = matches
      .slice(0, TOP_WEIGHTS.length)
      .reduce((sum, m, i) => sum + m.strength * TOP_WEIGHTS[i]!, 0);
    out.set(appId, { score: Math.min(1, score), matches });
  }
  return out;
}

/**
 * The peers signal gated by the description: peers alone (an app the description does not touch)
 * count at 40 %, reaching full weight once the skills or tasks support the app (≥ 0.25).
 */
export function gatedPeers(peers: number, skills: number, tasks: number): number {
  const support = Math.min(1, Math.max(skills, tasks) / 0.25);
  return peers * (0.4 + 0.6 * support);
}

export function blend(
  signals: { skills: number; tasks: number; peers: number },
  available: { skills: boolean; tasks: boolean; peers: boolean },
): number {
  let weight = 0;
  let sum = 0;
  for (const key of ['skills', 'tasks', 'peers'] as const) {
    if (!available[key]) continue;
    weight += BLEND_WEIGHTS[key];
    sum += BLEND_WEIGHTS[key] * signals[key];
  }
  return weight === 0 ? 0 : sum / weight;
}

/**
 * 0 … 1. A logistic of the blend, lifted when two or three signals agree (each above 0.15): a
 * recommendation both the description and the peers support is right more often.
 */
export function confidenceOf(total: number, agreeing: number): number {
  const raw = 1 / (1 + Math.exp(-10 * (total - 0.2)));
  const lift = agreeing >= 3 ? 0.1 : agreeing === 2 ? 0.05 : 0;
  return Math.round(Math.min(0.99, raw * 0.9 + lift) * 100) / 100;
}
