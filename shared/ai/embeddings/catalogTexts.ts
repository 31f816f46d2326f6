// The catalog as the embedding and rationale steps see it: each app with its vendor, category,
// description and features (the AppText the AI tasks take), read in one pass.
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema';

export interface CatalogAppText {
  id: number;
  slug: string;
  name: string;
  vendor: string;
  category: string;
  description: string;
  features: { id: number; name: string; description: string }[];
}

/** How texts are made and fingerprinted (shared/ai/embeddingText.ts: appEmbeddingText, featureEmbeddingText, contentHash). */
export interface EmbeddingTexts {
  appText(app: CatalogAppText): string;
  featureText(feature: { name: string; description: string }, app: CatalogAppText): string;
  contentHash(text: string, model: string): string;
}

/** Apps by id (all of them when `appIds` is undefined), features in id order. */
export async function loadAppTexts(
  db: Kysely<Database>,
  appIds?: readonly number[],
): Promise<Map<number, CatalogAppText>> {
  if (appIds && appIds.length === 0) return new Map();
  let apps = db
    .selectFrom('apps')
    .innerJoin('vendors', 'vendors.id', 'apps.vendor_id')
    .select([
      'apps.id',
      'apps.slug',
      'apps.name',
      'vendors.name as vendor',
      'apps.category',
      'apps.description',
    ])
    .orderBy('apps.id');
  if (appIds) apps = apps.where('apps.id', 'in', [...appIds]);
  const rows = await apps.execute();
  const byId = new Map<number, CatalogAppText>(rows.map((r) => [r.id, { ...r, features: [] }]));
  if (byId.size === 0) return byId;
  const features = await db
    .selectFrom('app_features')
    .select(['id', 'app_id', 'name', 'description'])
    .where('app_id', 'in', [...byId.keys()])
    .orderBy('id')
    .execute();
  for (const f of features)
    byId.get(f.app_id)?.features.push({ id: f.id, name: f.name, description: f.description });
  return byId;
}
