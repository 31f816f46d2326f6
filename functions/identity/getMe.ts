// GET /api/me: who the bearer token signs in as — the employee, their company, their roles and how
// far they reach — or the application and its roles. The portal calls it first.
import { app, type HttpRequest, type HttpResponseInit } from '@azure/functions';
import { authenticate } from '../../shared/identity/authenticate';
import { scopeLevel } from '../../shared/identity/companyScope';
import { ROLES } from '../../shared/identity/roles';
import { getServices } from '../../shared/services';

export async function getMe(request: HttpRequest): Promise<HttpResponseInit> {
  const auth = await authenticate(request, await getServices());
  if (!auth.ok) return auth.response;
  const principal = auth.principal;
  const roles = ROLES.filter((role) => principal.roles.has(role));
  if (principal.kind === 'app') {
    return { status: 200, jsonBody: { kind: 'app', clientId: principal.clientId, roles, scope: 'none' } };
  }
  return {
    status: 200,
    jsonBody: {
      kind: 'user',
      employee: { id: principal.employeeId, email: principal.email, displayName: principal.displayName },
      company: { id: principal.companyId, code: principal.companyCode },
      group: { id: principal.groupId, code: principal.groupCode },
      roles,
      groupWide: principal.groupWide,
      scope: scopeLevel(principal),
    },
  };
}

app.http('getMe', {
  route: 'me',
  methods: ['GET'],
  authLevel: 'anonymous',
  handler: getMe,
});
