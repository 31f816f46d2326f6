// What the similarity-job triggers are built from (composed in functions/index.ts).
import type { Kysely } from 'kysely';
import type { RequestIdentity } from '../../shared/identity/requestIdentity';
import type { Database } from '../../shared/platform/db/schema';
import type { HttpGuardDeps } from '../../shared/platform/http/guardedHandler';

export interface SimilarityTriggerDeps {
  guard: HttpGuardDeps;
  identity: RequestIdentity;
  db: Kysely<Database>;
  now: () => Date;
  newId: () => string;
  /** AI_BATCH_MIN_ITEMS */
  batchMinItems: number;
  /** SIMILARITY_JOB_SCHEDULE (NCRONTAB, 6 fields) */
  schedule: string;
}
