// The similarity_jobs rows: one per job, kept current by the orchestration's activities, and the
// shape the API (and the portal) reads: { id, trigger, status, phase, progress, createdAt,
// completedAt, requestedBy, scope, result, error }.
import { sql, type Kysely } from 'kysely';
import type { Database, SimilarityJobsTable } from '../../platform/db/schema';

export type JobTrigger = SimilarityJobsTable['trigger'];
export type JobStatus = SimilarityJobsTable['status'];

export interface JobProgress {
  phase: string;
  done: number;
  total: number;
  percent: number;
  etaSeconds: number | null;
}

export interface SimilarityJobResult {
  appsEmbedded: number;
  textsEmbedded: number;
  pairsCompared: number;
  overlapsFound: number;
  overlapsWritten: number;
  recommendationsWritten: number;
  recommendationsUnchanged: number;
  tokens: number;
  cost: number;
  costCurrency: string;
  cacheHitRate: number;
  cacheHits: number;
  cacheMisses: number;
  provider: string;
  model: string;
}

export interface SimilarityJobView {
  id: string;
  trigger: JobTrigger;
  status: JobStatus;
  phase: string;
  progress: JobProgress;
  createdAt: string;
  completedAt: string | null;
  requestedBy: { id: number; name: string } | null;
  scope: 'all' | { appIds: number[] };
  result: SimilarityJobResult | null;
  error: string | null;
}

export const QUEUED_PROGRESS: JobProgress = {
  phase: 'queued',
  done: 0,
  total: 0,
  percent: 0,
  etaSeconds: null,
};

function baseQuery(db: Kysely<Database>) {
  return db
    .selectFrom('similarity_jobs as j')
    .leftJoin('employees as e', 'e.id', 'j.requested_by')
    .select([
      'j.id',
      'j.trigger',
      'j.status',
      'j.phase',
      'j.progress',
      'j.created_at',
      'j.completed_at',
      'j.requested_by',
      'e.display_name as requester_name',
      'j.scope_app_ids',
      'j.result',
      'j.error',
    ]);
}

type Row = Awaited<ReturnType<ReturnType<typeof baseQuery>['executeTakeFirstOrThrow']>>;

function toIso(value: Date | string | null): string | null {
  if (value === null) return null;
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

function toView(row: Row): SimilarityJobView {
  const progress = row.progress as Partial<JobProgress>;
  return {
    id: row.id,
    trigger: row.trigger,
    status: row.status,
    phase: row.phase,
    progress: {
      phase: progress.phase ?? row.phase,
      done: progress.done ?? 0,
      total: progress.total ?? 0,
      percent: progress.percent ?? (row.status === 'completed' ? 100 : 0),
      etaSeconds: progress.etaSeconds ?? null,
    },
    createdAt: toIso(row.created_at) ?? '',
    completedAt: toIso(row.completed_at),
    requestedBy: row.requested_by === null ? null : { id: row.requested_by, name: row.requester_name ?? '' },
    scope: row.scope_app_ids === null ? 'all' : { appIds: row.scope_app_ids },
    result: (row.result as SimilarityJobResult | null) ?? null,
    error: row.error,
  };
}

export async function getSimilarityJob(
  db: Kysely<Database>,
  id: string,
): Promise<SimilarityJobView | undefined> {
  const row = await baseQuery(db).where('j.id', '=', id).executeTakeFirst();
  return row ? toView(row) : undefined;
}

export async function listSimilarityJobs(db: Kysely<Database>, limit: number): Promise<SimilarityJobView[]> {
  const rows = await baseQuery(db)
    .orderBy('j.created_at', 'desc')
    .orderBy('j.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toView);
}

export async function runningSimilarityJob(db: Kysely<Database>): Promise<string | undefined> {
  const row = await db
    .selectFrom('similarity_jobs')
    .select('id')
    .where('status', '=', 'running')
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  return row?.id;
}

/**
 * Inserts the row for a new job unless one is running. One at a time is decided in the database: a
 * transaction-scoped advisory lock serialises the check and the insert across instances.
 */
export async function insertSimilarityJob(
  db: Kysely<Database>,
  job: { id: string; trigger: JobTrigger; requestedBy: number | null; scopeAppIds: number[] | null },
): Promise<{ ok: true } | { ok: false; reason: 'running' | 'duplicate'; runningId: string }> {
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext('similarity_jobs.one-at-a-time'))`.execute(trx);
    const running = await runningSimilarityJob(trx);
    if (running)
      return {
        ok: false as const,
        reason: running === job.id ? ('duplicate' as const) : ('running' as const),
        runningId: running,
      };
    const inserted = await trx
      .insertInto('similarity_jobs')
      .values({
        id: job.id,
        trigger: job.trigger,
        requested_by: job.requestedBy,
        scope_app_ids: job.scopeAppIds,
        status: 'running',
        progress: JSON.stringify(QUEUED_PROGRESS),
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0)
      return { ok: false as const, reason: 'duplicate' as const, runningId: job.id };
    return { ok: true as const };
  });
}

/** Phase and progress of a running job (a finished one is left alone); other keys are kept. */
export async function recordProgress(db: Kysely<Database>, id: string, progress: JobProgress): Promise<void> {
  await db
    .updateTable('similarity_jobs')
    .set((eb) => ({
      phase: progress.phase,
      progress: sql<string>`${eb.ref('progress')} || ${JSON.stringify(progress)}::jsonb`,
    }))
    .where('id', '=', id)
    .where('status', '=', 'running')
    .execute();
}

/** Ends a running job; false when it had already ended (a replayed activity changes nothing). */
export async function endSimilarityJob(
  db: Kysely<Database>,
  id: string,
  end:
    | { status: 'completed'; result: SimilarityJobResult; at: Date }
    | { status: 'failed'; error: string; at: Date }
    | { status: 'cancelled'; at: Date },
): Promise<boolean> {
  const finalPhase = end.status === 'completed' ? 'done' : end.status;
  const updated = await db
    .updateTable('similarity_jobs')
    .set((eb) => ({
      status: end.status,
      phase: finalPhase,
      completed_at: end.at,
      result: end.status === 'completed' ? JSON.stringify(end.result) : null,
      error: end.status === 'failed' ? end.error.slice(0, 2000) : null,
      progress:
        end.status === 'completed'
          ? JSON.stringify({ phase: 'done', done: 1, total: 1, percent: 100, etaSeconds: 0 })
          : sql<string>`jsonb_set(${eb.ref('progress')}, '{phase}', to_jsonb(${finalPhase}::text))`,
    }))
    .where('id', '=', id)
    .where('status', '=', 'running')
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) > 0;
}

export interface RecordedBatch {
  batchId: string;
  inputFileId: string;
  items: number;
}

/** Keeps a submitted batch's handle on the job, so a submit activity run again finds it. */
export async function rememberBatch(db: Kysely<Database>, id: string, batch: RecordedBatch): Promise<void> {
  await db
    .updateTable('similarity_jobs')
    .set((eb) => ({
      progress: sql<string>`jsonb_set(${eb.ref('progress')}, '{batch}', ${JSON.stringify(batch)}::jsonb)`,
    }))
    .where('id', '=', id)
    .execute();
}

export async function recordedBatch(db: Kysely<Database>, id: string): Promise<RecordedBatch | undefined> {
  const row = await db
    .selectFrom('similarity_jobs')
    .select('progress')
    .where('id', '=', id)
    .executeTakeFirst();
  const batch = (row?.progress as { batch?: RecordedBatch } | undefined)?.batch;
  return batch && typeof batch.batchId === 'string' ? batch : undefined;
}
