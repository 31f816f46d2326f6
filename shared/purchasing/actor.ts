// The signed-in person a use case acts for: what the scope rules need from a user principal.
export interface Actor {
  employeeId: number;
  companyId: number;
  roles: ReadonlySet<string>;
  /** HR, CTO, Finance and Admin cover the whole group, not only the actor's company */
  groupWide: boolean;
}

export const COMPANY_WIDE_ROLES = ['HR', 'CTO', 'Finance', 'Admin'] as const;

export function hasCompanyWideRole(actor: Actor): boolean {
  return COMPANY_WIDE_ROLES.some((r) => actor.roles.has(r));
}
