// The app roles a token can carry (Entra app roles, or the local issuer's `roles` claim).
// People hold the directory roles; pipelines signing in with client credentials hold `Ingest`.
import { ROLES as DIRECTORY_ROLES } from '../platform/db/schema';

export const USER_ROLES = DIRECTORY_ROLES;
export const APP_ROLES = ['Ingest'] as const;
export const ROLES = [...USER_ROLES, ...APP_ROLES] as const;

export type UserRole = (typeof USER_ROLES)[number];
export type AppRole = (typeof APP_ROLES)[number];
export type Role = UserRole | AppRole;

/** Roles whose reach is a company, or the whole group for a group-wide holder. */
export const COMPANY_ROLES = ['HR', 'CTO', 'Finance', 'Admin'] as const satisfies readonly UserRole[];

/**
 * The known roles in a `roles` claim, for the kind of caller: people get the directory roles,
 * applications only `Ingest`. Anything else (unknown names, a role of the other kind, a claim that
 * is not a list of strings) is ignored rather than refused, so new Entra roles do not break sign-in.
 */
export function rolesFromClaim(claim: unknown, kind: 'user' | 'app'): Set<Role> {
  const allowed: readonly string[] = kind === 'user' ? USER_ROLES : APP_ROLES;
  const values = Array.isArray(claim) ? claim : typeof claim === 'string' ? [claim] : [];
  const roles = new Set<Role>();
  for (const value of values) {
    if (typeof value === 'string' && allowed.includes(value)) roles.add(value as Role);
  }
  return roles;
}
