// From a bearer token to a Principal: validate the token, tell people from applications, map a
// person to their employee record (refusing leavers and people Asset Pulse does not know), read the
// roles and whether they reach the whole group.
import type { JWTPayload } from 'jose';
import type { EmployeeIdentities } from './employeeIdentities';
import type { Principal } from './principal';
import { COMPANY_ROLES, rolesFromClaim } from './roles';
import { InvalidTokenError, KeySetUnavailableError, type TokenValidator } from './tokenValidator';

/** Employees of a company with this code (a holding entity) hold their company roles group-wide. */
export const GROUP_COMPANY_CODE = 'GROUP';

export type AuthFailure = {
  ok: false;
  /** 401: no usable token; 403: a valid token without access; 503: sign-in cannot be checked now */
  status: 401 | 403 | 503;
  title: string;
  detail: string;
};

export type AuthOutcome = { ok: true; principal: Principal } | AuthFailure;

export interface Authenticator {
  principalFor(token: string): Promise<AuthOutcome>;
}

const unauthorized = (detail: string): AuthFailure => ({
  ok: false,
  status: 401,
  title: 'Unauthorized',
  detail,
});
const forbidden = (detail: string): AuthFailure => ({ ok: false, status: 403, title: 'Forbidden', detail });

/** Sign-in settings are absent: every bearer route answers 503 rather than letting anyone in. */
export const notConfigured: Authenticator = {
  principalFor: () =>
    Promise.resolve({
      ok: false,
      status: 503,
      title: 'Service Unavailable',
      detail: 'Sign-in is not configured on this server (AUTH_ISSUER, AUTH_AUDIENCE, AUTH_JWKS_URL).',
    }),
};

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;

/**
 * An application token (client credentials) has no person behind it. Entra marks it with the
 * optional `idtyp: "app"` claim; without that claim, a token with neither a delegated scope (`scp`)
 * nor any e-mail-like claim is taken to be an application's.
 */
export function isAppToken(claims: JWTPayload): boolean {
  if (claims.idtyp === 'app') return true;
  if (claims.idtyp === 'user') return false;
  return (
    claims.scp === undefined &&
    [claims.email, claims.preferred_username, claims.upn].every((c) => text(c) === undefined)
  );
}

/** The e-mail a person's token names, lower-cased: `email`, else `preferred_username`, else `upn`. */
export function emailOf(claims: JWTPayload): string | undefined {
  const value = [claims.email, claims.preferred_username, claims.upn].map(text).find((v) => v?.includes('@'));
  return value?.toLowerCase();
}

function groupClaimCovers(claim: unknown, groupCode: string): boolean {
  if (claim === true || claim === 'true') return true;
  return typeof claim === 'string' && claim.trim().toUpperCase() === groupCode.toUpperCase();
}

export function createAuthenticator(
  validator: TokenValidator,
  identities: EmployeeIdentities,
): Authenticator {
  return {
    async principalFor(token) {
      let claims: JWTPayload;
      try {
        claims = await validator.verify(token);
      } catch (error) {
        if (error instanceof InvalidTokenError) return unauthorized(error.message);
        if (error instanceof KeySetUnavailableError)
          return { ok: false, status: 503, title: 'Service Unavailable', detail: error.message };
        throw error;
      }

      if (isAppToken(claims)) {
        const clientId = [claims.azp, claims.appid, claims.client_id, claims.sub].map(text).find(Boolean);
        const roles = rolesFromClaim(claims.roles, 'app');
        if (!clientId) return unauthorized('The application token names no client (azp, appid or sub).');
        if (roles.size === 0)
          return forbidden(`The application ${clientId} holds no Asset Pulse role (Ingest) in its token.`);
        return { ok: true, principal: { kind: 'app', clientId, roles } };
      }

      const subjects = [text(claims.oid), text(claims.sub)].filter((s): s is string => s !== undefined);
      const email = emailOf(claims);
      const employee = await identities.find([...new Set(subjects)], email);
      if (!employee) {
        return forbidden(
          `No employee of the group matches this sign-in (${email ?? subjects[0] ?? 'no e-mail or subject'}).`,
        );
      }
      if (employee.status !== 'active')
        return forbidden(`${employee.email} has left the company; Asset Pulse is for current employees.`);

      // Everyone Asset Pulse knows is an employee, whether or not the directory put the role in the token.
      const roles = rolesFromClaim(claims.roles, 'user').add('Employee');
      const groupScoped =
        groupClaimCovers(claims.group, employee.groupCode) || employee.companyCode === GROUP_COMPANY_CODE;
      return {
        ok: true,
        principal: {
          kind: 'user',
          employeeId: employee.employeeId,
          companyId: employee.companyId,
          companyCode: employee.companyCode,
          groupId: employee.groupId,
          groupCode: employee.groupCode,
          email: employee.email,
          displayName: employee.displayName,
          roles,
          groupWide: groupScoped && COMPANY_ROLES.some((r) => roles.has(r)),
        },
      };
    },
  };
}
