// GET /api/me: who the bearer token signs in as — the employee, their company, their roles and how
// far they reach — or the application and its roles. The portal calls it first.
import { app } from '@azure/functions';
import { describePrincipal } from '../../shared/identity/describePrincipal';
import type { RequestIdentity } from '../../shared/identity/requestIdentity';
import { guardedHandler, type HttpGuardDeps } from '../../shared/platform/http/guardedHandler';

export function registerGetMe(deps: { guard: HttpGuardDeps; identity: RequestIdentity }): void {
  app.http('getMe', {
    route: 'me',
    methods: ['GET'],
    authLevel: 'anonymous',
    handler: guardedHandler(deps.guard, async (request) => {
      const auth = await deps.identity.principal(request);
      if (!auth.ok) return auth.response;
      return { status: 200, jsonBody: describePrincipal(auth.principal) };
    }),
  });
}
