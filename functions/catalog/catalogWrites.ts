// The Admin's catalog writes: POST /api/catalog/apps (a new app with vendor, category, description
// and features; 201, 409 when the slug is taken) and PUT /api/catalog/apps/{slug} (its description
// and features; 200, 404 unknown). Admin only; audited; each publishes AssetPulse.Catalog.Changed.
import { app, type HttpRequest } from '@azure/functions';
import type { Kysely } from 'kysely';
import {
  createAppSchema,
  createCatalogApp,
  editAppSchema,
  editCatalogApp,
} from '../../shared/catalog/catalogWrites';
import { catalogSlugSchema, getCatalogApp } from '../../shared/catalog/searchCatalog';
import { hasRole } from '../../shared/identity/principal';
import type { RequestIdentity } from '../../shared/identity/requestIdentity';
import type { EventPublisher } from '../../shared/platform/clients/eventPublisher';
import type { Database } from '../../shared/platform/db/schema';
import { guardedHandler, type HttpGuardDeps } from '../../shared/platform/http/guardedHandler';
import { problem, validationProblem } from '../../shared/platform/http/problem';
import { readJsonBody } from '../../shared/platform/http/readJson';

export interface CatalogWriteRouteDeps {
  guard: HttpGuardDeps;
  identity: RequestIdentity;
  db: Kysely<Database>;
  events: EventPublisher;
  now: () => Date;
  newId: () => string;
}

const MAX_BODY_BYTES = 64 * 1024;

async function admin(deps: CatalogWriteRouteDeps, request: HttpRequest) {
  const auth = await deps.identity.user(request);
  if (!auth.ok) return auth;
  if (!hasRole(auth.user, 'Admin'))
    return { ok: false as const, response: problem(403, 'Forbidden', 'Only an Admin edits the catalog.') };
  return auth;
}

export function registerCatalogWrites(deps: CatalogWriteRouteDeps): void {
  app.http('createCatalogApp', {
    route: 'catalog/apps',
    methods: ['POST'],
    authLevel: 'anonymous',
    handler: guardedHandler(deps.guard, async (request) => {
      const auth = await admin(deps, request);
      if (!auth.ok) return auth.response;
      const read = await readJsonBody(request, MAX_BODY_BYTES);
      if (!read.ok) return read.response;
      const body = createAppSchema.safeParse(read.value);
      if (!body.success) return validationProblem(body.error, 'The app is not valid.');
      const outcome = await createCatalogApp(deps, auth.user, body.data);
      if (outcome.kind !== 'written')
        return problem(409, 'Conflict', `The catalog already has an app ${body.data.slug}.`);
      return {
        status: 201,
        headers: { location: `/api/catalog/apps/${outcome.app.slug}` },
        jsonBody: await getCatalogApp(deps.db, auth.user, outcome.app.slug),
      };
    }),
  });

  app.http('editCatalogApp', {
    route: 'catalog/apps/{slug}',
    methods: ['PUT'],
    authLevel: 'anonymous',
    handler: guardedHandler(deps.guard, async (request) => {
      const auth = await admin(deps, request);
      if (!auth.ok) return auth.response;
      const path = catalogSlugSchema.safeParse({ slug: request.params.slug ?? '' });
      if (!path.success) return validationProblem(path.error, 'The app in the path is not valid.');
      const read = await readJsonBody(request, MAX_BODY_BYTES);
      if (!read.ok) return read.response;
      const body = editAppSchema.safeParse(read.value);
      if (!body.success) return validationProblem(body.error, 'The change is not valid.');
      const outcome = await editCatalogApp(deps, auth.user, path.data.slug, body.data);
      if (outcome.kind !== 'written')
        return problem(404, 'Not Found', `No app ${path.data.slug} in the catalog.`);
      return { status: 200, jsonBody: await getCatalogApp(deps.db, auth.user, outcome.app.slug) };
    }),
  });
}
