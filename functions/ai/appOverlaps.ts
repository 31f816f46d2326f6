// GET /api/catalog/apps/{slug}/overlaps?all=true: the apps that do the same job as this one, as the
// similarity job judged them. Anyone signed in; 404 for an unknown slug.
import { app } from '@azure/functions';
import type { Kysely } from 'kysely';
import { getAppOverlaps, overlapsQuerySchema } from '../../shared/ai/overlaps/appOverlaps';
import { catalogSlugSchema } from '../../shared/catalog/searchCatalog';
import type { RequestIdentity } from '../../shared/identity/requestIdentity';
import type { Database } from '../../shared/platform/db/schema';
import { guardedHandler, type HttpGuardDeps } from '../../shared/platform/http/guardedHandler';
import { problem, validationProblem } from '../../shared/platform/http/problem';
import { queryObject } from '../../shared/platform/http/queryParams';

export interface AppOverlapsDeps {
  guard: HttpGuardDeps;
  identity: RequestIdentity;
  db: Kysely<Database>;
}

export function registerAppOverlaps(deps: AppOverlapsDeps): void {
  app.http('getAppOverlaps', {
    route: 'catalog/apps/{slug}/overlaps',
    methods: ['GET'],
    authLevel: 'anonymous',
    handler: guardedHandler(deps.guard, async (request) => {
      const auth = await deps.identity.user(request);
      if (!auth.ok) return auth.response;
      const path = catalogSlugSchema.safeParse({ slug: request.params.slug ?? '' });
      if (!path.success) return validationProblem(path.error, 'The app in the path is not valid.');
      const query = overlapsQuerySchema.safeParse(queryObject(request));
      if (!query.success) return validationProblem(query.error, 'The overlaps query is not valid.');
      const found = await getAppOverlaps(deps.db, path.data.slug, query.data);
      if (!found) return problem(404, 'Not Found', `No app ${path.data.slug} in the catalog.`);
      return { status: 200, jsonBody: found };
    }),
  });
}
