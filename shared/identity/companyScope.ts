// Which companies a principal reaches: HR, CTO, Finance and Admin reach their own company, or every
// company of the group when they hold the role group-wide. Employees and managers reach people, not
// companies (employeeScope.ts). A deployment serves one group: its database holds one company group,
// so "group-wide" is every company there.
import type { Principal } from './principal';
import { COMPANY_ROLES } from './roles';

/** True when the principal holds HR, CTO, Finance or Admin. */
export function holdsCompanyRole(principal: Principal): boolean {
  return principal.kind === 'user' && COMPANY_ROLES.some((role) => principal.roles.has(role));
}

export function companyInScope(principal: Principal, companyId: number): boolean {
  if (principal.kind !== 'user' || !holdsCompanyRole(principal)) return false;
  return principal.groupWide || principal.companyId === companyId;
}

export type ScopeLevel = 'none' | 'self' | 'reports' | 'company' | 'group';

/** The widest reach of a principal, for display (GET /api/me) and logs. */
export function scopeLevel(principal: Principal): ScopeLevel {
  if (principal.kind === 'app') return 'none';
  if (holdsCompanyRole(principal)) return principal.groupWide ? 'group' : 'company';
  return principal.roles.has('Manager') ? 'reports' : 'self';
}
