// Candidate pairs by nearest neighbours: per app, the k closest apps by cosine distance
// (`order by embedding <=> $1 limit k`, served by the HNSW index), kept above a similarity floor and
// deduplicated as unordered pairs (min id, max id).
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema';

export interface CandidatePair {
  a: number;
  b: number;
  similarity: number;
}

/** hnsw.ef_search: the search list size; 40 is pgvector's default, raised so k ≤ 20 keeps recall high. */
export const EF_SEARCH = 100;

export async function candidatePairs(
  db: Kysely<Database>,
  appIds: readonly number[],
  options: { k: number; floor: number; model: string },
): Promise<CandidatePair[]> {
  if (appIds.length === 0) return [];
  const own = await db
    .selectFrom('app_embeddings')
    .select(['app_id', 'embedding'])
    .where('app_id', 'in', [...appIds])
    .where('model', '=', options.model)
    .orderBy('app_id')
    .execute();
  const pairs = new Map<string, CandidatePair>();
  await db.transaction().execute(async (trx) => {
    // `set local` lasts for this transaction only: the pool's other users keep the default.
    await sql`select set_config('hnsw.ef_search', ${String(Math.max(EF_SEARCH, options.k))}, true)`.execute(
      trx,
    );
    for (const row of own) {
      const near = await sql<{ app_id: number; similarity: number }>`
        select app_id, 1 - (embedding <=> ${row.embedding}::vector) as similarity
        from app_embeddings
        where app_id <> ${row.app_id} and model = ${options.model}
        order by embedding <=> ${row.embedding}::vector
        limit ${options.k}`.execute(trx);
      for (const n of near.rows) {
        const similarity = Number(n.similarity);
        if (similarity < options.floor) continue;
        const a = Math.min(row.app_id, n.app_id);
        const b = Math.max(row.app_id, n.app_id);
        const key = `${a}:${b}`;
        if (!pairs.has(key)) pairs.set(key, { a, b, similarity: Math.round(similarity * 1e6) / 1e6 });
      }
    }
  });
  return [...pairs.values()].sort((x, y) => x.a - y.a || x.b - y.b);
}
