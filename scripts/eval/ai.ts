// `npm run eval:ai`: how well the overlap judgement separates apps that do the same job from apps
// that do not, on a labelled set of real pairs from the seeded catalog (data/overlapPairs.json).
// It embeds each app's catalog text, takes the cosine similarity, runs judgeOverlapTask and counts
// "same-job" and "partial" as overlap. No database: the apps come from the seed catalog module.
// evaluateOverlaps takes any AiProvider, so the same set can score a model later.
import { existsSync, readFileSync } from 'node:fs';
import type { Kysely } from 'kysely';
import path from 'node:path';
import type { AiProvider } from '../../shared/ai/aiProvider';
import { appEmbeddingText } from '../../shared/ai/embeddingText';
import { createLocalAiProvider } from '../../shared/ai/local/localAiProvider';
import { cosineSimilarity } from '../../shared/ai/similarity';
import {
  judgeOverlapTask,
  overlapDecision,
  type AppText,
  type OverlapVerdict,
} from '../../shared/ai/tasks/judgeOverlap';
import { seedAppTexts } from '../ai/seedAppTexts';
import { createFeatureIndex } from '../../shared/ai/jdMatch/featureIndex';
import { createMatchJobDescription } from '../../shared/ai/jdMatch/matchJobDescription';
import { extractJobProfileTask } from '../../shared/ai/tasks/extractJobProfile';
import { openDatabase, type DatabaseHandle } from '../../shared/platform/db/database';
import { migrateToLatest } from '../../shared/platform/db/migrate';
import type { Database } from '../../shared/platform/db/schema';
import { createBenchDatabase } from '../bench/benchDatabase';
import { APPS } from '../seed/catalog';
import { seedDemoData } from '../seed/seedDemoData';
import {
  evaluateJdMatch,
  groupHr,
  jdReport,
  loadJobDescriptions,
  needGroups,
  TARGET_PRECISION_AT_5,
} from './jdMatch';

export const TARGET_F1 = 0.85;

export interface LabelledPair {
  a: string;
  b: string;
  /** true when the two apps do the same job, fully or in part */
  overlap: boolean;
  note: string;
}

export interface JudgedPair extends LabelledPair {
  similarity: number;
  verdict: OverlapVerdict;
  predicted: boolean;
  sharedFeatures: string[];
  rationale: string;
}

export interface Scores {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  trueNegatives: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface OverlapEvaluation {
  provider: string;
  embeddingModel: string;
  chatModel: string;
  pairs: JudgedPair[];
  scores: Scores;
  verdicts: Record<OverlapVerdict, number>;
  /** share of overlapping pairs where one app is among the other's k nearest catalog apps */
  neighbourRecall: { k: number; recall: number }[];
  /** similarity alone, at its best threshold on this set: what the rules add */
  similarityOnly: { threshold: number; scores: Scores };
}

/** The shipped set: next to this file in the sources, three folders up from the compiled script. */
const PAIRS_FILE = path.resolve(
  __dirname,
  __dirname.split(path.sep).includes('dist') ? '../../../scripts/eval/data' : 'data',
  'overlapPairs.json',
);

export function loadLabelledPairs(file = PAIRS_FILE): LabelledPair[] {
  return JSON.parse(readFileSync(file, 'utf8')) as LabelledPair[];
}

export function score(labels: readonly boolean[], predictions: readonly boolean[]): Scores {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  labels.forEach((label, i) => {
    const predicted = predictions[i] ?? false;
    if (label && predicted) tp += 1;
    else if (!label && predicted) fp += 1;
    else if (label && !predicted) fn += 1;
    else tn += 1;
  });
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return {
    truePositives: tp,
    falsePositives: fp,
    falseNegatives: fn,
    trueNegatives: tn,
    precision,
    recall,
    f1,
  };
}

function bestSimilarityThreshold(pairs: readonly JudgedPair[]): { threshold: number; scores: Scores } {
  const labels = pairs.map((pair) => pair.overlap);
  let best = {
    threshold: 0,
    scores: score(
      labels,
      pairs.map(() => true),
    ),
  };
  for (let t = 0; t <= 100; t += 1) {
    const threshold = t / 100;
    const scores = score(
      labels,
      pairs.map((pair) => pair.similarity >= threshold),
    );
    if (scores.f1 > best.scores.f1) best = { threshold, scores };
  }
  return best;
}

/** How many overlapping pairs nearest-neighbour search would propose at all, for each k. */
function neighbourRecall(
  labelled: readonly LabelledPair[],
  vectors: ReadonlyMap<string, number[]>,
  ks: readonly number[],
): { k: number; recall: number }[] {
  const rankOf = (from: string, to: string): number => {
    const origin = vectors.get(from) ?? [];
    const target = cosineSimilarity(origin, vectors.get(to) ?? []);
    let nearer = 0;
    for (const [slug, vector] of vectors) {
      if (slug !== from && slug !== to && cosineSimilarity(origin, vector) > target) nearer += 1;
    }
    return nearer + 1;
  };
  const positives = labelled.filter((pair) => pair.overlap);
  const ranks = positives.map((pair) => Math.min(rankOf(pair.a, pair.b), rankOf(pair.b, pair.a)));
  return ks.map((k) => ({
    k,
    recall: positives.length === 0 ? 0 : ranks.filter((rank) => rank <= k).length / positives.length,
  }));
}

export async function evaluateOverlaps(
  provider: AiProvider,
  labelled: readonly LabelledPair[],
  apps: readonly AppText[],
): Promise<OverlapEvaluation> {
  const bySlug = new Map(apps.map((app) => [app.slug, app]));
  const app = (slug: string): AppText => {
    const found = bySlug.get(slug);
    if (!found) throw new Error(`overlap pair names ${slug}, which is not in the catalog`);
    return found;
  };
  for (const pair of labelled) [pair.a, pair.b].forEach(app);
  const context = { feature: 'eval.overlap' };
  // every catalog app, so nearest neighbours are found among all of them, as the similarity job does
  const embedded = await provider.embed(
    apps.map((candidate) => appEmbeddingText(candidate)),
    context,
  );
  const vectors = new Map(apps.map((candidate, i) => [candidate.slug, embedded.vectors[i] ?? []]));
  const pairs: JudgedPair[] = [];
  for (const pair of labelled) {
    const similarity = cosineSimilarity(vectors.get(pair.a) ?? [], vectors.get(pair.b) ?? []);
    const { output } = await provider.run(
      judgeOverlapTask,
      { a: app(pair.a), b: app(pair.b), similarity },
      context,
    );
    pairs.push({
      ...pair,
      similarity,
      verdict: output.verdict,
      predicted: overlapDecision(output),
      sharedFeatures: output.sharedFeatures,
      rationale: output.rationale,
    });
  }
  const verdicts: Record<OverlapVerdict, number> = { 'same-job': 0, partial: 0, different: 0 };
  for (const pair of pairs) verdicts[pair.verdict] += 1;
  return {
    provider: provider.name,
    embeddingModel: provider.embeddingModel,
    chatModel: provider.chatModel,
    pairs,
    scores: score(
      pairs.map((pair) => pair.overlap),
      pairs.map((pair) => pair.predicted),
    ),
    verdicts,
    neighbourRecall: neighbourRecall(labelled, vectors, [5, 10, 20]),
    similarityOnly: bestSimilarityThreshold(pairs),
  };
}

const pct = (value: number) => `${(value * 100).toFixed(1)} %`;

export function report(evaluation: OverlapEvaluation): string {
  const { scores, pairs } = evaluation;
  const positives = pairs.filter((pair) => pair.overlap).length;
  const wrong = pairs.filter((pair) => pair.predicted !== pair.overlap);
  const lines = [
    `Overlap evaluation: ${pairs.length} labelled pairs (${positives} overlapping, ${pairs.length - positives} not)`,
    `provider ${evaluation.provider}, embeddings ${evaluation.embeddingModel}, judgement ${evaluation.chatModel}`,
    '',
    `precision ${scores.precision.toFixed(3)}   recall ${scores.recall.toFixed(3)}   F1 ${scores.f1.toFixed(3)}   (target F1 ≥ ${TARGET_F1})`,
    `accuracy ${pct((scores.truePositives + scores.trueNegatives) / pairs.length)}; verdicts: same-job ${evaluation.verdicts['same-job']}, partial ${evaluation.verdicts.partial}, different ${evaluation.verdicts.different}`,
    '',
    'confusion matrix      predicted overlap   predicted different',
    `  labelled overlap    ${String(scores.truePositives).padStart(17)}   ${String(scores.falseNegatives).padStart(19)}`,
    `  labelled different  ${String(scores.falsePositives).padStart(17)}   ${String(scores.trueNegatives).padStart(19)}`,
    '',
    `nearest neighbours, share of overlapping pairs among them: ${evaluation.neighbourRecall
      .map(({ k, recall }) => `${pct(recall)} within ${k}`)
      .join(', ')}`,
    `similarity alone (best threshold ${evaluation.similarityOnly.threshold.toFixed(2)} on this set): precision ${evaluation.similarityOnly.scores.precision.toFixed(3)}, recall ${evaluation.similarityOnly.scores.recall.toFixed(3)}, F1 ${evaluation.similarityOnly.scores.f1.toFixed(3)}`,
    '',
    wrong.length === 0 ? 'misclassified: none' : `misclassified (${wrong.length}):`,
    ...wrong.map(
      (pair) =>
        `  ${pair.overlap ? 'missed ' : 'false +'} ${pair.a} × ${pair.b}  sim ${pair.similarity.toFixed(3)}  said ${pair.verdict}\n` +
        `          label: ${pair.note}\n          rationale: ${pair.rationale}`,
    ),
  ];
  return lines.join('\n');
}

/**
 * The JD match over the demo seed (size 1) in a throwaway PGlite, or a schema on DATABASE_URL;
 * JD_EVAL_PGLITE_DIR keeps a seeded PGlite folder between runs (seeded when empty).
 */
async function evaluateJdMatchOnSeed(): Promise<boolean> {
  const keep = process.env.JD_EVAL_PGLITE_DIR;
  const serverUrl = process.env.DATABASE_URL || undefined;
  const seed = (db: Kysely<Database>) => seedDemoData(db, { size: 1, now: new Date() });
  let handle: DatabaseHandle;
  let dispose: () => Promise<void>;
  if (keep && !serverUrl) {
    const fresh = !existsSync(keep);
    handle = await openDatabase({ pgliteDataDir: keep, poolMax: 1 });
    if (fresh) {
      await migrateToLatest(handle.db);
      await seed(handle.db);
    }
    dispose = () => handle.close();
  } else {
    const database = await createBenchDatabase(serverUrl, { employees: 0, apps: 0 }, seed);
    handle = await database.open();
    dispose = async () => {
      await handle.close();
      await database.dispose();
    };
  }
  try {
    const provider = createLocalAiProvider();
    const match = createMatchJobDescription({
      db: handle.db,
      provider,
      extractJobProfile: extractJobProfileTask,
      features: createFeatureIndex(),
      now: () => new Date(),
    });
    const cases = loadJobDescriptions();
    const evaluation = await evaluateJdMatch(
      match,
      await groupHr(handle.db),
      cases,
      await needGroups(handle.db, provider),
    );
    console.log(jdReport(evaluation, cases));
    if (process.env.JD_EVAL_VERBOSE) {
      for (const [id, result] of evaluation.results) {
        console.log(`\n${id}: skills ${result.extracted.skills.map((s) => s.label).join(', ')}`);
        for (const a of result.apps.slice(0, 8))
          console.log(`  ${a.rank} ${a.app.slug.padEnd(28)} ${JSON.stringify(a.score)} c=${a.confidence}`);
      }
    }
    if (evaluation.needPrecision < TARGET_PRECISION_AT_5) {
      console.error(
        `precision@5 per need ${evaluation.needPrecision.toFixed(3)} is below the target ${TARGET_PRECISION_AT_5}`,
      );
      return false;
    }
    return true;
  } finally {
    await dispose();
  }
}

async function main(): Promise<void> {
  const evaluation = await evaluateOverlaps(createLocalAiProvider(), loadLabelledPairs(), seedAppTexts(APPS));
  console.log(report(evaluation));
  if (evaluation.scores.f1 < TARGET_F1) {
    console.error(`F1 ${evaluation.scores.f1.toFixed(3)} is below the target ${TARGET_F1}`);
    process.exitCode = 1;
  }
  console.log('');
  if (!(await evaluateJdMatchOnSeed())) process.exitCode = 1;
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
