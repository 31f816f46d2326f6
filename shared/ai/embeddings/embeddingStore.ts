// App and feature embeddings in pgvector (app_embeddings, app_feature_embeddings): a text is embedded
// again only when its (content_hash, model) differs from the stored row, so a rerun over an unchanged
// catalog embeds nothing. Writes are upserts keyed by app/feature id: an activity run twice (Durable
// Functions runs activities at least once) finds the texts already stored and embeds nothing.
import { sql, type Kysely } from 'kysely';
import type { AiProvider, TokenUsage } from '../aiProvider';
import { EMBEDDING_DIMENSION } from '../aiProvider';
import type { Database } from '../../platform/db/schema';
import { loadAppTexts, type CatalogAppText, type EmbeddingTexts } from './catalogTexts';
import { toVectorText } from './vectorText';

export interface TextRefs {
  apps: number[];
  features: number[];
}

interface PreparedText {
  kind: 'app' | 'feature';
  id: number;
  appId: number;
  text: string;
  hash: string;
}

function prepare(apps: Map<number, CatalogAppText>, texts: EmbeddingTexts, model: string): PreparedText[] {
  const out: PreparedText[] = [];
  for (const app of apps.values()) {
    const text = texts.appText(app);
    out.push({ kind: 'app', id: app.id, appId: app.id, text, hash: texts.contentHash(text, model) });
    for (const feature of app.features) {
      const ftext = texts.featureText(feature, app);
      out.push({
        kind: 'feature',
        id: feature.id,
        appId: app.id,
        text: ftext,
        hash: texts.contentHash(ftext, model),
      });
    }
  }
  return out;
}

async function storedHashes(
  db: Kysely<Database>,
  appIds: number[],
  model: string,
): Promise<{ apps: Map<number, string>; features: Map<number, string> }> {
  if (appIds.length === 0) return { apps: new Map(), features: new Map() };
  const [apps, features] = await Promise.all([
    db
      .selectFrom('app_embeddings')
      .select(['app_id', 'content_hash'])
      .where('app_id', 'in', appIds)
      .where('model', '=', model)
      .execute(),
    db
      .selectFrom('app_feature_embeddings')
      .select(['feature_id', 'content_hash'])
      .where('app_id', 'in', appIds)
      .where('model', '=', model)
      .execute(),
  ]);
  return {
    apps: new Map(apps.map((r) => [r.app_id, r.content_hash])),
    features: new Map(features.map((r) => [r.feature_id, r.content_hash])),
  };
}

function changedOnly(
  prepared: PreparedText[],
  stored: { apps: Map<number, string>; features: Map<number, string> },
): PreparedText[] {
  return prepared.filter((t) => (t.kind === 'app' ? stored.apps : stored.features).get(t.id) !== t.hash);
}

/** The apps in scope (all when `scope` is null) and, of their texts, those to embed (again). */
export async function planChangedTexts(
  db: Kysely<Database>,
  texts: EmbeddingTexts,
  model: string,
  scope: readonly number[] | null,
): Promise<{ appIds: number[]; changed: TextRefs }> {
  const apps = await loadAppTexts(db, scope ?? undefined);
  const appIds = [...apps.keys()];
  const changed = changedOnly(prepare(apps, texts, model), await storedHashes(db, appIds, model));
  return {
    appIds,
    changed: {
      apps: changed.filter((t) => t.kind === 'app').map((t) => t.id),
      features: changed.filter((t) => t.kind === 'feature').map((t) => t.id),
    },
  };
}

/**
 * Embeds the given texts that still differ from what is stored and upserts them. Returns how many it
 * embedded now (0 for a batch a previous run of the same activity already stored) and the tokens.
 */
export async function embedTexts(
  db: Kysely<Database>,
  provider: AiProvider,
  texts: EmbeddingTexts,
  refs: TextRefs,
  context: { jobId: string },
): Promise<{ embedded: number; usage: TokenUsage }> {
  const model = provider.embeddingModel;
  const featureApps =
    refs.features.length === 0
      ? []
      : (
          await db
            .selectFrom('app_features')
            .select('app_id')
            .distinct()
            .where('id', 'in', refs.features)
            .execute()
        ).map((r) => r.app_id);
  const appIds = [...new Set([...refs.apps, ...featureApps])];
  const apps = await loadAppTexts(db, appIds);
  const wantedApps = new Set(refs.apps);
  const wantedFeatures = new Set(refs.features);
  const wanted = prepare(apps, texts, model).filter((t) =>
    t.kind === 'app' ? wantedApps.has(t.id) : wantedFeatures.has(t.id),
  );
  const todo = changedOnly(wanted, await storedHashes(db, appIds, model));
  if (todo.length === 0) return { embedded: 0, usage: { promptTokens: 0, completionTokens: 0 } };

  const result = await provider.embed(
    todo.map((t) => t.text),
    { feature: 'similarity.embed', jobId: context.jobId },
  );
  if (result.vectors.length !== todo.length) {
    throw new Error(`the provider returned ${result.vectors.length} embeddings for ${todo.length} texts`);
  }
  const rows = todo.map((t, i) => {
    const vector = result.vectors[i] ?? [];
    if (vector.length !== EMBEDDING_DIMENSION) {
      throw new Error(`an embedding has ${vector.length} dimensions, not ${EMBEDDING_DIMENSION}`);
    }
    return { ...t, embedding: toVectorText(vector) };
  });
  await db.transaction().execute(async (trx) => {
    const appRows = rows.filter((r) => r.kind === 'app');
    const featureRows = rows.filter((r) => r.kind === 'feature');
    if (appRows.length > 0) {
      await trx
        .insertInto('app_embeddings')
        .values(
          appRows.map((r) => ({
            app_id: r.id,
            model,
            dimension: EMBEDDING_DIMENSION,
            content_hash: r.hash,
            embedding: r.embedding,
          })),
        )
        .onConflict((oc) =>
          oc.column('app_id').doUpdateSet((eb) => ({
            model: eb.ref('excluded.model'),
            dimension: eb.ref('excluded.dimension'),
            content_hash: eb.ref('excluded.content_hash'),
            embedding: eb.ref('excluded.embedding'),
            embedded_at: sql<Date>`now()`,
          })),
        )
        .execute();
    }
    if (featureRows.length > 0) {
      await trx
        .insertInto('app_feature_embeddings')
        .values(
          featureRows.map((r) => ({
            feature_id: r.id,
            app_id: r.appId,
            model,
            dimension: EMBEDDING_DIMENSION,
            content_hash: r.hash,
            embedding: r.embedding,
          })),
        )
        .onConflict((oc) =>
          oc.column('feature_id').doUpdateSet((eb) => ({
            app_id: eb.ref('excluded.app_id'),
            model: eb.ref('excluded.model'),
            dimension: eb.ref('excluded.dimension'),
            content_hash: eb.ref('excluded.content_hash'),
            embedding: eb.ref('excluded.embedding'),
            embedded_at: sql<Date>`now()`,
          })),
        )
        .execute();
    }
  });
  return { embedded: rows.length, usage: result.usage };
}
