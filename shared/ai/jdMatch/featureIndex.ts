// An in-process exact index of the catalog's feature embeddings, for the JD match. Feature vectors
// are kept by content hash + model: a feature is embedded once per text and model, whether the
// database has pgvector or not. Where pgvector is installed and the similarity job has stored the
// features (app_feature_embeddings), those vectors are read instead of embedding again (with Azure
// OpenAI that saves the tokens); on a fresh database or a PostgreSQL without pgvector the index
// embeds the catalog's feature texts itself through provider.embed, once.
//
// A read of the features serves the requests of the next 30 seconds (FeatureIndexOptions.maxAgeMs);
// after that the rows are read again and only changed texts are embedded.
//
// Why exact search in memory rather than one HNSW query per skill: the catalog has about a thousand
// features, an exact scan of them for 30 queries is a few milliseconds, needs no round trips and
// gives the same answer on both databases.
import { sql, type Kysely } from 'kysely';
import type { AiProvider } from '../aiProvider';
import { contentHash, featureEmbeddingText } from '../embeddingText';
import type { Database } from '../../platform/db/schema';

export interface IndexedFeature {
  featureId: number;
  appId: number;
  name: string;
  vector: Float64Array;
}

export interface FeatureIndex {
  /** The catalog's features with their vectors, current for the provider's embedding model. */
  features(db: Kysely<Database>, provider: AiProvider): Promise<IndexedFeature[]>;
}

function parseVector(text: string): Float64Array {
  return Float64Array.from(text.replace(/^\[|\]$/g, '').split(','), Number);
}

export interface FeatureIndexOptions {
  /**
   * how long a read of the catalog's features serves requests before it is read again (default 30 s):
   * a catalog edit reaches the JD match within this time, and a request does not re-read ~1,000 rows
   */
  maxAgeMs?: number;
  now?: () => number;
}

export function createFeatureIndex(options: FeatureIndexOptions = {}): FeatureIndex {
  const maxAgeMs = options.maxAgeMs ?? 30_000;
  const now = options.now ?? Date.now;
  let latest: { model: string; at: number; features: IndexedFeature[] } | undefined;
  /** vectors by model, then by content hash: a changed text or model misses and is embedded */
  const vectors = new Map<string, Map<string, Float64Array>>();
  let storedTable: boolean | undefined;
  // one catalog read at a time: concurrent first requests share it instead of embedding twice
  let pending: Promise<IndexedFeature[]> | undefined;

  async function build(db: Kysely<Database>, provider: AiProvider): Promise<IndexedFeature[]> {
    const model = provider.embeddingModel;
    const byHash = vectors.get(model) ?? new Map<string, Float64Array>();
    vectors.set(model, byHash);
    const rows = await db
      .selectFrom('app_features')
      .select(['id', 'app_id', 'name', 'description'])
      .orderBy('id')
      .execute();
    const texts = rows.map((row) => featureEmbeddingText(row));
    const hashes = texts.map((text) => contentHash(text, model));
    let missing = rows.map((_, i) => i).filter((i) => !byHash.has(hashes[i]!));
    if (missing.length > 0) {
      storedTable ??= await hasStoredEmbeddings(db);
      if (storedTable) {
        const wanted = new Set(missing.map((i) => hashes[i]!));
        const stored = await sql<{ content_hash: string; embedding: string }>`
          select content_hash, embedding::text as embedding from app_feature_embeddings
          where model = ${model}`.execute(db);
        for (const row of stored.rows) {
          if (wanted.has(row.content_hash)) byHash.set(row.content_hash, parseVector(row.embedding));
        }
        missing = missing.filter((i) => !byHash.has(hashes[i]!));
      }
    }
    if (missing.length > 0) {
      const result = await provider.embed(
        missing.map((i) => texts[i]!),
        { feature: 'jd-match' },
      );
      missing.forEach((i, k) => byHash.set(hashes[i]!, Float64Array.from(result.vectors[k] ?? [])));
    }
    return rows.map((row, i) => ({
      featureId: row.id,
      appId: row.app_id,
      name: row.name,
      vector: byHash.get(hashes[i]!) as Float64Array,
    }));
  }

  return {
    async features(db, provider) {
      const model = provider.embeddingModel;
      if (latest && latest.model === model && now() - latest.at < maxAgeMs) return latest.features;
      pending ??= build(db, provider)
        .then((features) => {
          latest = { model, at: now(), features };
          return features;
        })
        .finally(() => {
          pending = undefined;
        });
      return pending;
    },
  };
}

/** True where pgvector made app_feature_embeddings (it is absent on a server without the extension). */
async function hasStoredEmbeddings(db: Kysely<Database>): Promise<boolean> {
  const found = await sql<{ ok: boolean }>`
    select to_regclass('app_feature_embeddings') is not null as ok`.execute(db);
  return found.rows[0]?.ok === true;
}

/** Cosine similarity of unit vectors: the dot product. */
export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i += 1) sum += a[i]! * b[i]!;
  return sum;
}
