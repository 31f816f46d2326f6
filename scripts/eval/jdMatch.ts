// The JD match (F3) against a labelled set (data/jobDescriptions.json): realistic job descriptions
// across the seeded departments, each with the apps a hiring manager would expect the role to need
// (alternatives that do the same job are all listed: a company has one of them). Scores the top 5
// the use case proposes: precision@5 (share of the five that the role needs) and nDCG@5 (binary
// relevance, ideal = as many hits as the label allows, up to 5), and lists each description's misses.
// Since the match proposes one app per job (overlapping alternatives are set aside), a label's
// alternatives are also grouped into needs by the same rule (needGroups): the per-need figures
// divide by min(5, needs), the most hits a bundle without duplicates can have. Both are printed.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { AiProvider } from '../../shared/ai/aiProvider';
import type { IndexedFeature } from '../../shared/ai/jdMatch/featureIndex';
import { createFeatureIndex } from '../../shared/ai/jdMatch/featureIndex';
import type { MatchJobDescription, JdMatchResult } from '../../shared/ai/jdMatch/jdMatchContract';
import { sameJobByFeatures } from '../../shared/ai/jdMatch/overlapFallback';
import type { UserPrincipal } from '../../shared/identity/principal';
import type { Database } from '../../shared/platform/db/schema';

export const TARGET_PRECISION_AT_5 = 0.8;

export interface LabelledJobDescription {
  id: string;
  companyCode: string;
  department: string;
  jobTitle: string;
  jobDescription: string;
  relevant: string[];
  note: string;
}

export interface JdCaseResult {
  id: string;
  top: string[];
  hits: number;
  precision: number;
  ndcg: number;
  /** the label's relevant apps grouped into jobs (alternatives that do the same job are one) */
  needs: number;
  needPrecision: number;
  needNdcg: number;
  confidences: { confidence: number; hit: boolean }[];
}

const DATA_FILE = path.resolve(
  __dirname,
  __dirname.split(path.sep).includes('dist') ? '../../../scripts/eval/data' : 'data',
  'jobDescriptions.json',
);

export function loadJobDescriptions(file = DATA_FILE): LabelledJobDescription[] {
  return JSON.parse(readFileSync(file, 'utf8')) as LabelledJobDescription[];
}

/** An HR person of the group's first company who reaches every company. */
export async function groupHr(db: Kysely<Database>): Promise<UserPrincipal> {
  const company = await db
    .selectFrom('companies')
    .innerJoin('company_groups', 'company_groups.id', 'companies.group_id')
    .select(['companies.id', 'companies.code', 'companies.group_id', 'company_groups.code as group_code'])
    .orderBy('companies.id')
    .executeTakeFirstOrThrow();
  return {
    kind: 'user',
    employeeId: 0,
    companyId: company.id,
    companyCode: company.code,
    groupId: company.group_id,
    groupCode: company.group_code,
    email: 'eval@example.invalid',
    displayName: 'Evaluation',
    roles: new Set(['HR']),
    groupWide: true,
  };
}

export function scoreTop(
  top: readonly string[],
  relevant: readonly string[],
  k = 5,
  /** per need: the label's jobs (needGroups); a bundle without duplicates has at most one hit each */
  needs?: number,
): { hits: number; precision: number; ndcg: number } {
  const wanted = new Set(relevant);
  const head = top.slice(0, k);
  const hits = head.filter((slug) => wanted.has(slug)).length;
  const dcg = head.reduce((sum, slug, i) => sum + (wanted.has(slug) ? 1 / Math.log2(i + 2) : 0), 0);
  const best = Math.min(k, wanted.size, needs ?? wanted.size);
  const ideal = Array.from({ length: best }, (_, i) => 1 / Math.log2(i + 2)).reduce((a, b) => a + b, 0);
  const precision = needs === undefined ? hits / k : Math.min(1, hits / Math.max(1, best));
  return { hits, precision, ndcg: ideal === 0 ? 0 : Math.min(1, dcg / ideal) };
}

/**
 * How many separate jobs a label's relevant apps stand for: apps joined when the similarity job
 * called them the same job or, without a verdict, by the JD match's own rule (overlapFallback.ts),
 * and alternatives joined through one another (Tableau ~ Power BI ~ Looker is one need).
 */
export async function needGroups(
  db: Kysely<Database>,
  provider: AiProvider,
): Promise<(relevant: readonly string[]) => number> {
  const features = await createFeatureIndex().features(db, provider);
  const apps = await db.selectFrom('apps').select(['id', 'slug', 'category']).execute();
  const verdicts = await db.selectFrom('app_overlaps').select(['app_id_a', 'app_id_b', 'verdict']).execute();
  const bySlug = new Map(apps.map((a) => [a.slug, a]));
  const featuresOf = new Map<number, IndexedFeature[]>();
  for (const f of features) featuresOf.set(f.appId, [...(featuresOf.get(f.appId) ?? []), f]);
  const verdictOf = new Map(verdicts.map((v) => [`${v.app_id_a}:${v.app_id_b}`, v.verdict]));
  const same = (x: number, y: number): boolean => {
    const verdict = verdictOf.get(x < y ? `${x}:${y}` : `${y}:${x}`);
    if (verdict !== undefined) return verdict === 'same-job';
    const a = apps.find((app) => app.id === x)!;
    const b = apps.find((app) => app.id === y)!;
    return (
      sameJobByFeatures(
        { category: a.category, features: featuresOf.get(x) ?? [] },
        { category: b.category, features: featuresOf.get(y) ?? [] },
      ) !== null
    );
  };
  return (relevant) => {
    const ids = relevant.map((slug) => bySlug.get(slug)?.id).filter((id): id is number => id !== undefined);
    const parent = ids.map((_, i) => i);
    const root = (i: number): number => (parent[i] === i ? i : (parent[i] = root(parent[i]!)));
    for (let i = 0; i < ids.length; i += 1)
      for (let j = i + 1; j < ids.length; j += 1) if (same(ids[i]!, ids[j]!)) parent[root(i)] = root(j);
    return new Set(ids.map((_, i) => root(i))).size + (relevant.length - ids.length);
  };
}

export interface JdEvaluation {
  cases: JdCaseResult[];
  precision: number;
  ndcg: number;
  needPrecision: number;
  needNdcg: number;
  results: Map<string, JdMatchResult>;
}

export async function evaluateJdMatch(
  match: MatchJobDescription,
  actor: UserPrincipal,
  cases: readonly LabelledJobDescription[],
  needsOf: (relevant: readonly string[]) => number = (relevant) => relevant.length,
): Promise<JdEvaluation> {
  const out: JdCaseResult[] = [];
  const results = new Map<string, JdMatchResult>();
  for (const c of cases) {
    const outcome = await match(actor, {
      jobTitle: c.jobTitle,
      jobDescription: c.jobDescription,
      department: c.department,
      companyCode: c.companyCode,
      limit: 8,
    });
    if (outcome.kind !== 'matched') throw new Error(`${c.id}: ${JSON.stringify(outcome)}`);
    results.set(c.id, outcome.result);
    const top = outcome.result.apps.map((a) => a.app.slug);
    const wanted = new Set(c.relevant);
    const needs = needsOf(c.relevant);
    const perNeed = scoreTop(top, c.relevant, 5, needs);
    out.push({
      id: c.id,
      top,
      ...scoreTop(top, c.relevant),
      needs,
      needPrecision: perNeed.precision,
      needNdcg: perNeed.ndcg,
      confidences: outcome.result.apps
        .slice(0, 5)
        .map((a) => ({ confidence: a.confidence, hit: wanted.has(a.app.slug) })),
    });
  }
  const mean = (f: (r: JdCaseResult) => number) =>
    out.reduce((s, r) => s + f(r), 0) / Math.max(1, out.length);
  return {
    cases: out,
    precision: mean((r) => r.precision),
    ndcg: mean((r) => r.ndcg),
    needPrecision: mean((r) => r.needPrecision),
    needNdcg: mean((r) => r.needNdcg),
    results,
  };
}

export function jdReport(
  evaluation: Omit<JdEvaluation, 'results'>,
  cases: readonly LabelledJobDescription[],
): string {
  const byId = new Map(cases.map((c) => [c.id, c]));
  const bins = [0, 0.5, 0.7, 0.85, 1.01];
  const calibration = bins.slice(0, -1).map((low, i) => {
    const inBin = evaluation.cases
      .flatMap((c) => c.confidences)
      .filter((x) => x.confidence >= low && x.confidence < bins[i + 1]!);
    const right = inBin.filter((x) => x.hit).length;
    return `${low.toFixed(2)}–${Math.min(1, bins[i + 1]!).toFixed(2)}: ${inBin.length === 0 ? '—' : `${((right / inBin.length) * 100).toFixed(0)} % right of ${inBin.length}`}`;
  });
  const lines = [
    `JD match evaluation: ${evaluation.cases.length} labelled job descriptions, top 5 of each`,
    `per need (alternatives that do the same job count once; at most min(5, needs) hits):`,
    `  precision@5 ${evaluation.needPrecision.toFixed(3)}   nDCG@5 ${evaluation.needNdcg.toFixed(3)}   (target precision@5 ≥ ${TARGET_PRECISION_AT_5})`,
    `per app (every alternative a hit, out of 5; a bundle without duplicates cannot reach 1 here):`,
    `  precision@5 ${evaluation.precision.toFixed(3)}   nDCG@5 ${evaluation.ndcg.toFixed(3)}`,
    `confidence calibration (top 5s): ${calibration.join('; ')}`,
    '',
    'misses (proposed in the top 5 but not what the role needs):',
  ];
  for (const c of evaluation.cases) {
    const label = byId.get(c.id);
    const wanted = new Set(label?.relevant ?? []);
    const misses = c.top.slice(0, 5).filter((slug) => !wanted.has(slug));
    lines.push(
      `  ${c.id.padEnd(22)} needs ${String(c.needs).padStart(2)}  P@5 ${c.needPrecision.toFixed(2)}  nDCG ${c.needNdcg.toFixed(2)}  (per app ${c.precision.toFixed(2)})  ${misses.length === 0 ? 'no misses' : `misses: ${misses.join(', ')}`}`,
    );
  }
  return lines.join('\n');
}
