// What GET /api/me says about the caller: the employee, their company, roles and reach, or the
// application and its roles.
import { scopeLevel } from './companyScope';
import type { Principal } from './principal';
import { ROLES } from './roles';

export function describePrincipal(principal: Principal) {
  const roles = ROLES.filter((role) => principal.roles.has(role));
  if (principal.kind === 'app') {
    return { kind: 'app' as const, clientId: principal.clientId, roles, scope: 'none' as const };
  }
  return {
    kind: 'user' as const,
    employee: { id: principal.employeeId, email: principal.email, displayName: principal.displayName },
    company: { id: principal.companyId, code: principal.companyCode },
    group: { id: principal.groupId, code: principal.groupCode },
    roles,
    groupWide: principal.groupWide,
    scope: scopeLevel(principal),
  };
}
