// GET /api/catalog/apps?q=&category=&limit=&offset= (apps found by name, vendor, category or feature
// words, priced in the caller's company currency, with free seats and owned alternatives) and
// GET /api/catalog/apps/{slug} (one app, with its features). People only; 404 for an unknown slug.
import { app } from '@azure/functions';
import type { Kysely } from 'kysely';
import {
  catalogQuerySchema,
  catalogSlugSchema,
  getCatalogApp,
  searchCatalog,
} from '../../shared/catalog/searchCatalog';
import type { RequestIdentity } from '../../shared/identity/requestIdentity';
import type { Database } from '../../shared/platform/db/schema';
import { guardedHandler, type HttpGuardDeps } from '../../shared/platform/http/guardedHandler';
import { problem, validationProblem } from '../../shared/platform/http/problem';
import { queryObject } from '../../shared/platform/http/queryParams';

export interface CatalogRouteDeps {
  guard: HttpGuardDeps;
  identity: RequestIdentity;
  db: Kysely<Database>;
}

export function registerCatalogRoutes(deps: CatalogRouteDeps): void {
  app.http('searchCatalog', {
    route: 'catalog/apps',
    methods: ['GET'],
    authLevel: 'anonymous',
    handler: guardedHandler(deps.guard, async (request) => {
      const auth = await deps.identity.user(request);
      if (!auth.ok) return auth.response;
      const query = catalogQuerySchema.safeParse(queryObject(request));
      if (!query.success) return validationProblem(query.error, 'The catalog query is not valid.');
      return { status: 200, jsonBody: await searchCatalog(deps.db, auth.user, query.data) };
    }),
  });

  app.http('getCatalogApp', {
    route: 'catalog/apps/{slug}',
    methods: ['GET'],
    authLevel: 'anonymous',
    handler: guardedHandler(deps.guard, async (request) => {
      const auth = await deps.identity.user(request);
      if (!auth.ok) return auth.response;
      const path = catalogSlugSchema.safeParse({ slug: request.params.slug ?? '' });
      if (!path.success) return validationProblem(path.error, 'The app in the path is not valid.');
      const found = await getCatalogApp(deps.db, auth.user, path.data.slug);
      if (!found) return problem(404, 'Not Found', `No app ${path.data.slug} in the catalog.`);
      return { status: 200, jsonBody: found };
    }),
  });
}
