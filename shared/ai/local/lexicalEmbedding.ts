// Deterministic lexical embeddings. A text becomes four groups of features:
//   words     stemmed content words                      ("messag", "channel")
//   bigrams   adjacent content words                     ("team chat", "video meet")
//   chars     character 3- to 5-grams of each word       ("<mes", "essa", "ging>")
//   concepts  lexicon concepts it names, and their broader concepts at half weight
// Each feature is weighted by sublinear term frequency × IDF (fitted once on the seeded catalog and
// shipped in data/idf.ts, so an embedding never changes when the catalog does), hashed into
// EMBEDDING_DIMENSION buckets with a sign from the hash (collisions cancel out instead of piling
// up), each group normalised, the groups mixed by fixed weights, and the result scaled to unit
// length. A text's vector depends on that text alone.
import { EMBEDDING_DIMENSION } from '../aiProvider';
import { broaderConcepts, matchConceptTokens } from './concepts';
import { IDF, IDF_UNSEEN } from './data/idf';
import { contentTokens, isStopword, words } from './text';

export type FeatureGroup = 'word' | 'bigram' | 'char' | 'concept';

/** how much each group counts in the mix (cosine ≈ the weighted mean of the groups' cosines) */
export const GROUP_WEIGHTS: Readonly<Record<FeatureGroup, number>> = {
  word: 0.45,
  bigram: 0.25,
  char: 0.3,
  concept: 0.6,
};

const PREFIX: Readonly<Record<FeatureGroup, string>> = {
  word: 'w:',
  bigram: 'b:',
  char: 'c:',
  concept: 'k:',
};

/** Texts longer than this are cut (the catalog's longest app text is under 1,000 characters). */
export const MAX_TEXT_LENGTH = 20_000;

/** The raw term counts of a text's features, keyed "<group prefix><feature>". */
export function textFeatures(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (key: string, amount = 1) => counts.set(key, (counts.get(key) ?? 0) + amount);
  const cut = text.slice(0, MAX_TEXT_LENGTH);
  const tokens = contentTokens(cut);
  for (const token of tokens) add(PREFIX.word + token);
  for (let i = 0; i + 1 < tokens.length; i += 1) add(`${PREFIX.bigram}${tokens[i]} ${tokens[i + 1]}`);
  for (const word of words(cut)) {
    if (isStopword(word)) continue;
    const padded = `<${word}>`;
    for (let n = 3; n <= 5; n += 1) {
      for (let i = 0; i + n <= padded.length; i += 1) add(PREFIX.char + padded.slice(i, i + n));
    }
  }
  for (const match of matchConceptTokens(tokens)) {
    add(PREFIX.concept + match.concept);
    for (const wider of broaderConcepts(match.concept)) add(PREFIX.concept + wider, 0.5);
  }
  return counts;
}

function groupOf(key: string): FeatureGroup {
  switch (key.slice(0, 2)) {
    case PREFIX.bigram:
      return 'bigram';
    case PREFIX.char:
      return 'char';
    case PREFIX.concept:
      return 'concept';
    default:
      return 'word';
  }
}

/** FNV-1a over UTF-16 code units, then a murmur3 finaliser so low bits mix well. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function euclideanNorm(vector: Float64Array): number {
  let sum = 0;
  for (const value of vector) sum += value * value;
  return Math.sqrt(sum);
}

export function idfOf(key: string): number {
  return IDF[key] ?? IDF_UNSEEN;
}

const EMPTY_TEXT_FEATURE = 'w:<empty>';

/** The unit-length embedding of one text. */
export function lexicalEmbedding(text: string): number[] {
  const groups = new Map<FeatureGroup, Float64Array>();
  for (const [key, count] of textFeatures(text)) {
    const group = groupOf(key);
    let vector = groups.get(group);
    if (!vector) {
      vector = new Float64Array(EMBEDDING_DIMENSION);
      groups.set(group, vector);
    }
    const h = hash32(key);
    const sign = h & 0x80000000 ? -1 : 1;
    vector[h % EMBEDDING_DIMENSION]! += sign * (1 + Math.log(count)) * idfOf(key);
  }
  const mixed = new Float64Array(EMBEDDING_DIMENSION);
  if (groups.size === 0) {
    // a text without a single word still gets a unit vector, the same for every such text
    mixed[hash32(EMPTY_TEXT_FEATURE) % EMBEDDING_DIMENSION] = 1;
    return Array.from(mixed);
  }
  for (const [group, vector] of groups) {
    const norm = euclideanNorm(vector);
    if (norm === 0) continue;
    const scale = GROUP_WEIGHTS[group] / norm;
    for (let i = 0; i < EMBEDDING_DIMENSION; i += 1) mixed[i]! += vector[i]! * scale;
  }
  const norm = euclideanNorm(mixed);
  return Array.from(mixed, (value) => (norm === 0 ? 0 : value / norm));
}
