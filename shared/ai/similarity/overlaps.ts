// app_overlaps: one row per unordered candidate pair, judged by the overlap task. A pair's pair_hash
// covers both apps' embedded texts (their content hashes), the embedding and chat models and the
// task's version: a pair whose hash is unchanged is not judged again and its row is not touched, and
// an upsert only changes a row whose hash differs — so an activity run twice writes nothing twice.
import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { TaskResult } from '../aiProvider';
import type { CandidatePair } from '../embeddings/nearestNeighbours';
import { loadAppTexts, type CatalogAppText } from '../embeddings/catalogTexts';
import type { Database } from '../../platform/db/schema';
import type { AppText, JudgeOverlapInput, JudgeOverlapOutput, SimilarityJobDeps } from './similarityJobDeps';

export type OverlapDeps = Pick<SimilarityJobDeps, 'db' | 'provider' | 'judgeOverlap' | 'batchAnswers'>;

export const pairKey = (pair: { a: number; b: number }) => `${pair.a}-${pair.b}`;

function appText(app: CatalogAppText): AppText {
  return {
    slug: app.slug,
    name: app.name,
    vendor: app.vendor,
    category: app.category,
    description: app.description,
    features: app.features.map((f) => ({ name: f.name, description: f.description })),
  };
}

async function embeddedHashes(db: Kysely<Database>, appIds: number[], model: string) {
  if (appIds.length === 0) return new Map<number, string>();
  const rows = await db
    .selectFrom('app_embeddings')
    .select(['app_id', 'content_hash'])
    .where('app_id', 'in', appIds)
    .where('model', '=', model)
    .execute();
  return new Map(rows.map((r) => [r.app_id, r.content_hash]));
}

interface PairWork {
  pair: CandidatePair;
  hash: string;
  input: JudgeOverlapInput;
}

/** The pairs whose stored pair_hash differs (or that have no row yet), with what judging them takes. */
async function pairsToJudge(deps: OverlapDeps, pairs: readonly CandidatePair[]): Promise<PairWork[]> {
  if (pairs.length === 0) return [];
  const { db, provider, judgeOverlap } = deps;
  const appIds = [...new Set(pairs.flatMap((p) => [p.a, p.b]))];
  const [hashes, apps, stored] = await Promise.all([
    embeddedHashes(db, appIds, provider.embeddingModel),
    loadAppTexts(db, appIds),
    db
      .selectFrom('app_overlaps')
      .select(['app_id_a', 'app_id_b', 'pair_hash'])
      .where((eb) => eb.or([eb('app_id_a', 'in', appIds), eb('app_id_b', 'in', appIds)]))
      .execute(),
  ]);
  const storedHash = new Map(stored.map((r) => [`${r.app_id_a}-${r.app_id_b}`, r.pair_hash]));
  const work: PairWork[] = [];
  for (const pair of pairs) {
    const a = apps.get(pair.a);
    const b = apps.get(pair.b);
    const ha = hashes.get(pair.a);
    const hb = hashes.get(pair.b);
    if (!a || !b || !ha || !hb) continue; // removed from the catalog meanwhile
    const hash = createHash('sha256')
      .update(
        JSON.stringify([
          judgeOverlap.name,
          judgeOverlap.version,
          provider.embeddingModel,
          provider.chatModel,
          ha,
          hb,
        ]),
      )
      .digest('hex');
    if (storedHash.get(pairKey(pair)) === hash) continue;
    work.push({ pair, hash, input: { a: appText(a), b: appText(b), similarity: pair.similarity } });
  }
  return work;
}

export async function selectPairsToJudge(
  deps: OverlapDeps,
  pairs: readonly CandidatePair[],
): Promise<CandidatePair[]> {
  return (await pairsToJudge(deps, pairs)).map((w) => w.pair);
}

async function writeJudged(
  db: Kysely<Database>,
  jobId: string,
  judged: { work: PairWork; result: TaskResult<JudgeOverlapOutput> }[],
): Promise<void> {
  if (judged.length === 0) return;
  await db
    .insertInto('app_overlaps')
    .values(
      judged.map(({ work, result }) => ({
        app_id_a: work.pair.a,
        app_id_b: work.pair.b,
        similarity: work.pair.similarity,
        shared_features: JSON.stringify(result.output.sharedFeatures.slice(0, 50)),
        verdict: result.output.verdict,
        rationale: result.output.rationale.slice(0, 4000),
        provider: result.answeredBy.provider,
        model: result.answeredBy.model,
        deterministic: result.answeredBy.deterministic,
        pair_hash: work.hash,
        job_id: jobId,
      })),
    )
    .onConflict((oc) =>
      oc
        .columns(['app_id_a', 'app_id_b'])
        .doUpdateSet((eb) => ({
          similarity: eb.ref('excluded.similarity'),
          shared_features: eb.ref('excluded.shared_features'),
          verdict: eb.ref('excluded.verdict'),
          rationale: eb.ref('excluded.rationale'),
          provider: eb.ref('excluded.provider'),
          model: eb.ref('excluded.model'),
          deterministic: eb.ref('excluded.deterministic'),
          pair_hash: eb.ref('excluded.pair_hash'),
          job_id: eb.ref('excluded.job_id'),
          computed_at: sql<Date>`now()`,
        }))
        .whereRef('app_overlaps.pair_hash', '<>', 'excluded.pair_hash'),
    )
    .execute();
}

/** Judges the pairs that still need it with synchronous calls and writes their rows. */
export async function judgePairs(
  deps: OverlapDeps,
  jobId: string,
  pairs: readonly CandidatePair[],
): Promise<{ judged: number }> {
  const work = await pairsToJudge(deps, pairs);
  const judged: { work: PairWork; result: TaskResult<JudgeOverlapOutput> }[] = [];
  for (const item of work) {
    const result = await deps.provider.run(deps.judgeOverlap, item.input, {
      feature: 'similarity.rationale',
      jobId,
    });
    judged.push({ work: item, result });
  }
  await writeJudged(deps.db, jobId, judged);
  return { judged: judged.length };
}

/** Submits the pairs still to judge as one Batch API job; null when nothing is left to judge. */
export async function submitJudgeBatch(
  deps: OverlapDeps,
  jobId: string,
  pairs: readonly CandidatePair[],
): Promise<{ batchId: string; inputFileId: string; items: number } | null> {
  const runner = deps.provider.batch;
  if (!runner) throw new Error('the provider has no batch runner');
  const context = { feature: 'similarity.rationale', jobId };
  const work = await pairsToJudge(deps, pairs);
  // Answers the cache already has are written now; only the rest goes into the batch.
  const cached: { work: PairWork; result: TaskResult<JudgeOverlapOutput> }[] = [];
  const misses: PairWork[] = [];
  for (const item of work) {
    const hit = await deps.batchAnswers?.lookup(deps.judgeOverlap, item.input, context);
    if (hit) cached.push({ work: item, result: hit });
    else misses.push(item);
  }
  await writeJudged(deps.db, jobId, cached);
  if (misses.length === 0) return null;
  const handle = await runner.submit(
    deps.judgeOverlap,
    misses.map((w) => ({ customId: `${jobId}:${pairKey(w.pair)}`, input: w.input })),
    context,
  );
  return { ...handle, items: misses.length };
}

/** Writes what a completed batch answered; returns the pairs it left unanswered (for direct calls). */
export async function collectJudgeBatch(
  deps: OverlapDeps,
  jobId: string,
  outputFileId: string | null,
  pairs: readonly CandidatePair[],
): Promise<CandidatePair[]> {
  const runner = deps.provider.batch;
  if (!runner) throw new Error('the provider has no batch runner');
  const results = outputFileId
    ? await runner.results(deps.judgeOverlap, outputFileId, { feature: 'similarity.rationale', jobId })
    : new Map<string, TaskResult<JudgeOverlapOutput>>();
  const work = await pairsToJudge(deps, pairs);
  const judged: { work: PairWork; result: TaskResult<JudgeOverlapOutput> }[] = [];
  const left: CandidatePair[] = [];
  for (const item of work) {
    const result = results.get(`${jobId}:${pairKey(item.pair)}`);
    if (result) {
      judged.push({ work: item, result });
      await deps.batchAnswers?.store(deps.judgeOverlap, item.input, result);
    } else left.push(item.pair);
  }
  await writeJudged(deps.db, jobId, judged);
  return left;
}

/**
 * Closes the overlap phase: drops the rows of pairs in the job's reach that are no longer candidates
 * (for the whole catalog: every pair; for a catalog change: pairs touching the changed apps), and
 * counts what the job found and wrote.
 */
export async function finishOverlaps(
  db: Kysely<Database>,
  jobId: string,
  scopeAppIds: number[] | null,
  candidates: readonly { a: number; b: number }[],
): Promise<{ overlapsFound: number; overlapsWritten: number }> {
  const keep = new Set(candidates.map(pairKey));
  let inReach = db.selectFrom('app_overlaps').select(['app_id_a', 'app_id_b', 'verdict']);
  if (scopeAppIds) {
    if (scopeAppIds.length === 0) return { overlapsFound: 0, overlapsWritten: 0 };
    inReach = inReach.where((eb) =>
      eb.or([eb('app_id_a', 'in', scopeAppIds), eb('app_id_b', 'in', scopeAppIds)]),
    );
  }
  const rows = await inReach.execute();
  const stale = rows.filter((r) => !keep.has(`${r.app_id_a}-${r.app_id_b}`));
  for (const row of stale) {
    await db
      .deleteFrom('app_overlaps')
      .where('app_id_a', '=', row.app_id_a)
      .where('app_id_b', '=', row.app_id_b)
      .execute();
  }
  const overlapsFound = rows.filter(
    (r) => keep.has(`${r.app_id_a}-${r.app_id_b}`) && r.verdict !== 'different',
  ).length;
  const written = await db
    .selectFrom('app_overlaps')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('job_id', '=', jobId)
    .executeTakeFirst();
  return { overlapsFound, overlapsWritten: Number(written?.n ?? 0) };
}
