// What the database's pgvector can do: the similarity job needs the extension (vector type, cosine
// distance), HNSW indexes need ≥ 0.5.0 and halfvec ≥ 0.7.0. Read once at start and logged; where the
// extension is absent a job start answers 503 with NO_PGVECTOR_PROBLEM and nothing else is affected.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema';

export interface VectorSupport {
  installed: boolean;
  /** e.g. "0.8.0"; null when not installed */
  version: string | null;
  hnsw: boolean;
  halfvec: boolean;
  /** one line for the start-up log */
  summary: string;
}

export const NO_PGVECTOR_PROBLEM =
  'pgvector is not installed on this PostgreSQL server: similarity jobs need it';

function atLeast(version: string, major: number, minor: number): boolean {
  const [a = 0, b = 0] = version.split('.').map((part) => Number.parseInt(part, 10) || 0);
  return a > major || (a === major && b >= minor);
}

export function describeVectorSupport(version: string | null): VectorSupport {
  if (!version) {
    return { installed: false, version: null, hnsw: false, halfvec: false, summary: NO_PGVECTOR_PROBLEM };
  }
  const hnsw = atLeast(version, 0, 5);
  const halfvec = atLeast(version, 0, 7);
  const can = [
    'vector(512) with cosine distance',
    hnsw ? 'HNSW indexes' : 'no HNSW (needs 0.5.0; searches scan)',
    halfvec ? 'halfvec' : 'no halfvec (needs 0.7.0)',
  ];
  return { installed: true, version, hnsw, halfvec, summary: `pgvector ${version}: ${can.join(', ')}` };
}

export async function checkVectorSupport(db: Kysely<Database>): Promise<VectorSupport> {
  const result = await sql<{ extversion: string }>`
    select extversion from pg_extension where extname = 'vector'`.execute(db);
  return describeVectorSupport(result.rows[0]?.extversion ?? null);
}
