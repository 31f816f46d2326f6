// Who is calling: a person (an employee of a company, with roles) or an application (a pipeline
// with client credentials). Built once per request by the authenticator from a validated token.
import type { Role } from './roles';

export interface UserPrincipal {
  kind: 'user';
  employeeId: number;
  companyId: number;
  companyCode: string;
  groupId: number;
  groupCode: string;
  email: string;
  displayName: string;
  roles: ReadonlySet<Role>;
  /** HR, CTO, Finance and Admin reach every company of the group, not only the person's own */
  groupWide: boolean;
}

export interface AppPrincipal {
  kind: 'app';
  clientId: string;
  roles: ReadonlySet<Role>;
}

export type Principal = UserPrincipal | AppPrincipal;

/** True when the principal holds at least one of the roles. */
export function hasRole(principal: Principal, ...roles: Role[]): boolean {
  return roles.some((role) => principal.roles.has(role));
}
