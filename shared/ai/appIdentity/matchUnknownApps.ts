// The similarity job's app-identity step: each unknown name seen in ingest is matched to its nearest
// catalog app (by embedding similarity, which the job supplies) and the model (or the local rules)
// is asked whether the name means that product. The answer is kept in app_identity_candidates, where
// an Admin finds it beside the name (GET /api/app-identity/unknown-apps) and accepts it or not.
//
// The task (shared/ai/tasks/confirmAppIdentity.ts) is written beside this; it is injected here so
// this step depends on its contract only: input { seenName, candidate: AppText, similarity },
// output { sameProduct, rationale }.
import type { Kysely } from 'kysely';
import type { AiProvider } from '../aiProvider';
import type { AiTask } from '../tasks/aiTask';
import type { Database } from '../../platform/db/schema';
import { findUnknownAppNames } from './unknownAppNames';

/** The app as the AI tasks see it (the same shape as judgeOverlap's AppText). */
export interface AppText {
  slug: string;
  name: string;
  vendor: string;
  category: string;
  description: string;
  features: { name: string; description: string }[];
}

export interface ConfirmAppIdentityInput {
  seenName: string;
  candidate: AppText;
  similarity: number;
}

export interface ConfirmAppIdentityOutput {
  sameProduct: boolean;
  rationale: string;
}

export interface NearestApp {
  appId: number;
  app: AppText;
  /** cosine similarity of the name's embedding and the app's */
  similarity: number;
}

export interface MatchUnknownAppsDeps {
  db: Kysely<Database>;
  provider: AiProvider;
  confirmAppIdentity: AiTask<ConfirmAppIdentityInput, ConfirmAppIdentityOutput>;
  /** the catalog apps nearest to a name, best first (the job embeds the name and asks pgvector) */
  nearestApps: (name: string) => Promise<NearestApp[]>;
}

/** Below this similarity a name is not worth asking about: no candidate is written. */
export const MIN_CANDIDATE_SIMILARITY = 0.2;

export async function matchUnknownApps(
  deps: MatchUnknownAppsDeps,
  ctx: { jobId: string; signal?: AbortSignal },
): Promise<{ candidates: number }> {
  let candidates = 0;
  for (const { name } of await findUnknownAppNames(deps.db)) {
    const [nearest] = await deps.nearestApps(name);
    if (!nearest || nearest.similarity < MIN_CANDIDATE_SIMILARITY) continue;
    const answer = await deps.provider.run(
      deps.confirmAppIdentity,
      { seenName: name, candidate: nearest.app, similarity: nearest.similarity },
      { feature: 'app-identity', jobId: ctx.jobId, ...(ctx.signal && { signal: ctx.signal }) },
    );
    const row = {
      name,
      app_id: nearest.appId,
      similarity: nearest.similarity,
      confirmed: answer.output.sameProduct,
      rationale: answer.output.rationale,
      provider: answer.answeredBy.provider,
      model: answer.answeredBy.model,
      job_id: ctx.jobId,
    };
    await deps.db
      .insertInto('app_identity_candidates')
      .values(row)
      .onConflict((oc) =>
        oc.column('name').doUpdateSet({
          app_id: row.app_id,
          similarity: row.similarity,
          confirmed: row.confirmed,
          rationale: row.rationale,
          provider: row.provider,
          model: row.model,
          job_id: row.job_id,
          computed_at: new Date(),
        }),
      )
      .execute();
    candidates++;
  }
  return { candidates };
}
