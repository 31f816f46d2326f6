// GET /api/people?q=&limit=: the people the signed-in person may request software for (self; reports
// for a manager; their company for HR, CTO, Finance and Admin), as a submission would allow.
import { app } from '@azure/functions';
import type { Kysely } from 'kysely';
import { listRequestablePeople, peopleQuerySchema } from '../../shared/identity/requestablePeople';
import type { RequestIdentity } from '../../shared/identity/requestIdentity';
import type { Database } from '../../shared/platform/db/schema';
import { guardedHandler, type HttpGuardDeps } from '../../shared/platform/http/guardedHandler';
import { validationProblem } from '../../shared/platform/http/problem';
import { queryObject } from '../../shared/platform/http/queryParams';

export function registerListPeople(deps: {
  guard: HttpGuardDeps;
  identity: RequestIdentity;
  db: Kysely<Database>;
}): void {
  app.http('listPeople', {
    route: 'people',
    methods: ['GET'],
    authLevel: 'anonymous',
    handler: guardedHandler(deps.guard, async (request) => {
      const auth = await deps.identity.user(request);
      if (!auth.ok) return auth.response;
      const query = peopleQuerySchema.safeParse(queryObject(request));
      if (!query.success) return validationProblem(query.error, 'The people query is not valid.');
      return { status: 200, jsonBody: await listRequestablePeople(deps.db, auth.user, query.data) };
    }),
  });
}
