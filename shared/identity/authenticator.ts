// From a bearer token to a Principal: validate the token, tell people from applications, map a
// person to their employee record by the token's immutable ids (tid + oid; see employeeIdentities.ts
// for how a person gets bound), refuse leavers, strangers and tokens that contradict a binding, read
// the roles and whether they reach the whole group.
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

/** `true`, as a JSON boolean or (some issuers) the string "true". */
const isTrue = (value: unknown): boolean => value === true || value === 'true';

/**
 * The token's `email`, lower-cased, when the issuer vouches for it: `email_verified: true` (OpenID
 * Connect), or Entra's optional `xms_edov: true` (the e-mail's domain is verified by the tenant the
 * account lives in). Entra's `email` alone is an editable directory attribute, and
 * `preferred_username` and `upn` are mutable display names: none of them is ever used to find or
 * bind a person. A verified e-mail only binds someone who is not bound yet.
 */
export function verifiedEmailOf(claims: JWTPayload): string | undefined {
  const email = text(claims.email);
  if (!email?.includes('@')) return undefined;
  return isTrue(claims.email_verified) || isTrue(claims.xms_edov) ? email.toLowerCase() : undefined;
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

      const tenantId = text(claims.tid);
      const objectId = text(claims.oid);
      if (!tenantId || !objectId)
        return unauthorized(
          'The token does not name its tenant and object id (tid, oid); Asset Pulse binds people by them.',
        );
      const verifiedEmail = verifiedEmailOf(claims);
      const found = await identities.resolve({ tenantId, objectId, verifiedEmail });
      if (found.kind === 'conflict') {
        return forbidden(
          `${found.email} signs in with another account (its tenant and object id are bound already); this sign-in is not theirs.`,
        );
      }
      if (found.kind === 'unknown') {
        return forbidden(
          verifiedEmail
            ? `No employee of the group matches this sign-in (${verifiedEmail}).`
            : 'No employee of the group is bound to this sign-in, and it carries no verified e-mail to bind one by.',
        );
      }
      const { employee } = found;
      if (employee.status === 'starting')
        return forbidden(`${employee.email} has not started yet; Asset Pulse opens on their start date.`);
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
