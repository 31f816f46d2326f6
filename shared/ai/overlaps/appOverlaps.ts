// Use case: the apps that do the same job as one catalog app, as the similarity job judged them:
// ranked by verdict (same job, then partial), then by similarity; 'different' only when asked for.
// Anyone signed in may read it: it is about the catalog, not about any company.
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { Database, OverlapVerdict } from '../../platform/db/schema';

export const overlapsQuerySchema = z.strictObject({
  all: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
});

export interface AppOverlapItem {
  app: { slug: string; name: string; vendor: string; category: string };
  similarity: number;
  verdict: OverlapVerdict;
  sharedFeatures: string[];
  rationale: string;
  answeredBy: { provider: string; model: string; deterministic: boolean };
  computedAt: string;
}

export interface AppOverlaps {
  app: { slug: string; name: string };
  items: AppOverlapItem[];
  notice?: string;
}

export const NO_JOB_YET_NOTICE =
  'No similarity job has completed yet, so no overlaps are known. A CTO or Admin can start one (POST /api/similarity-jobs); the nightly run does it too.';

const VERDICT_RANK: Record<OverlapVerdict, number> = { 'same-job': 0, partial: 1, different: 2 };

/** undefined when no app has this slug. */
export async function getAppOverlaps(
  db: Kysely<Database>,
  slug: string,
  options: { all: boolean },
): Promise<AppOverlaps | undefined> {
  const app = await db
    .selectFrom('apps')
    .select(['id', 'slug', 'name'])
    .where('slug', '=', slug)
    .executeTakeFirst();
  if (!app) return undefined;
  let query = db
    .selectFrom('app_overlaps as o')
    .innerJoin('apps as other', (join) =>
      join.on(sql<boolean>`other.id = case when o.app_id_a = ${app.id} then o.app_id_b else o.app_id_a end`),
    )
    .innerJoin('vendors as v', 'v.id', 'other.vendor_id')
    .select([
      'other.slug',
      'other.name',
      'other.category',
      'v.name as vendor',
      'o.similarity',
      'o.verdict',
      'o.shared_features',
      'o.rationale',
      'o.provider',
      'o.model',
      'o.deterministic',
      'o.computed_at',
    ])
    .where((eb) => eb.or([eb('o.app_id_a', '=', app.id), eb('o.app_id_b', '=', app.id)]));
  if (!options.all) query = query.where('o.verdict', '<>', 'different');
  const rows = await query.execute();
  const items: AppOverlapItem[] = rows
    .map((r) => ({
      app: { slug: r.slug, name: r.name, vendor: r.vendor, category: r.category },
      similarity: Number(r.similarity),
      verdict: r.verdict,
      sharedFeatures: r.shared_features ?? [],
      rationale: r.rationale,
      answeredBy: { provider: r.provider, model: r.model, deterministic: r.deterministic },
      computedAt: new Date(r.computed_at).toISOString(),
    }))
    .sort(
      (a, b) =>
        VERDICT_RANK[a.verdict] - VERDICT_RANK[b.verdict] ||
        b.similarity - a.similarity ||
        a.app.slug.localeCompare(b.app.slug),
    );
  const result: AppOverlaps = { app: { slug: app.slug, name: app.name }, items };
  if (items.length === 0) {
    const ran = await db
      .selectFrom('similarity_jobs')
      .select('id')
      .where('status', '=', 'completed')
      .limit(1)
      .executeTakeFirst();
    if (!ran) result.notice = NO_JOB_YET_NOTICE;
  }
  return result;
}
