// GET /api/me/licenses: the licences assigned to the signed-in person, with the last use from the
// usage rollups.
import { app } from '@azure/functions';
import { listMyLicenses } from '../../shared/catalog/myLicenses';
import { guardedHandler } from '../../shared/platform/http/guardedHandler';
import type { CatalogRouteDeps } from './catalogRoutes';

export function registerGetMyLicenses(deps: CatalogRouteDeps): void {
  app.http('getMyLicenses', {
    route: 'me/licenses',
    methods: ['GET'],
    authLevel: 'anonymous',
    handler: guardedHandler(deps.guard, async (request) => {
      const auth = await deps.identity.user(request);
      if (!auth.ok) return auth.response;
      return { status: 200, jsonBody: await listMyLicenses(deps.db, auth.user) };
    }),
  });
}
