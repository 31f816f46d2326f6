// POST /api/recommendations/jd-match: the licences a new hire with this job description needs
// (F3, docs/onboarding-api.md). HR, Managers and Admins, for a company in their reach; the body is
// checked at the edge and the use case does the rest.
import { app } from '@azure/functions';
import { jdMatchInputSchema, type MatchJobDescription } from '../../shared/ai/jdMatch/jdMatchContract';
import type { RequestIdentity } from '../../shared/identity/requestIdentity';
import { guardedHandler, type HttpGuardDeps } from '../../shared/platform/http/guardedHandler';
import { problem, validationProblem } from '../../shared/platform/http/problem';
import { readJsonBody } from '../../shared/platform/http/readJson';

/** a 20,000-character description and the other fields, with room for escaping */
export const MAX_JD_MATCH_BODY_BYTES = 96 * 1024;

export interface JdMatchRouteDeps {
  guard: HttpGuardDeps;
  identity: RequestIdentity;
  matchJobDescription: MatchJobDescription;
}

export function registerJdMatch(deps: JdMatchRouteDeps): void {
  app.http('postJdMatch', {
    route: 'recommendations/jd-match',
    methods: ['POST'],
    authLevel: 'anonymous',
    handler: guardedHandler(deps.guard, async (request) => {
      const auth = await deps.identity.user(request);
      if (!auth.ok) return auth.response;
      const body = await readJsonBody(request, MAX_JD_MATCH_BODY_BYTES);
      if (!body.ok) return body.response;
      const input = jdMatchInputSchema.safeParse(body.value);
      if (!input.success) return validationProblem(input.error, 'The job description match is not valid.');
      const outcome = await deps.matchJobDescription(auth.user, input.data);
      switch (outcome.kind) {
        case 'invalid':
          return problem(400, 'Bad Request', 'The job description match is not valid.', {
            errors: outcome.errors,
          });
        case 'forbidden':
          return problem(403, 'Forbidden', outcome.detail);
        case 'matched':
          return { status: 200, jsonBody: outcome.result };
      }
    }),
  });
}
