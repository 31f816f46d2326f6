// What an HTTP trigger calls first: the bearer token to a Principal, or the problem+json answer
// (401 with WWW-Authenticate for a missing or unusable token, 403 for a valid one without access).
import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { problem } from '../platform/http/problem';
import type { AuthFailure, Authenticator } from './authenticator';
import { hasRole, type Principal } from './principal';
import type { Role } from './roles';

export type Authenticated = { ok: true; principal: Principal } | { ok: false; response: HttpResponseInit };

export interface AuthenticateDeps {
  authenticator: Authenticator;
}

function challenge(error?: { code: string; description: string }): string {
  if (!error) return 'Bearer';
  const quoted = error.description.replace(/["\\]/g, '');
  return `Bearer error="${error.code}", error_description="${quoted}"`;
}

function failureResponse(failure: AuthFailure): HttpResponseInit {
  const response = problem(failure.status, failure.title, failure.detail);
  const headers: Record<string, string> = { 'content-type': 'application/problem+json' };
  if (failure.status === 401)
    headers['www-authenticate'] = challenge({ code: 'invalid_token', description: failure.detail });
  if (failure.status === 503) headers['retry-after'] = '5';
  return { ...response, headers };
}

/** The bearer token of the request, or undefined. */
export function bearerToken(request: HttpRequest): string | undefined {
  const header = request.headers.get('authorization');
  const match = header ? /^Bearer[ ]+([^\s]+)\s*$/i.exec(header) : null;
  return match?.[1];
}

export async function authenticate(request: HttpRequest, deps: AuthenticateDeps): Promise<Authenticated> {
  const token = bearerToken(request);
  if (!token) {
    const response = problem(401, 'Unauthorized', 'Sign in: send "Authorization: Bearer <access token>".');
    return {
      ok: false,
      response: {
        ...response,
        headers: { 'content-type': 'application/problem+json', 'www-authenticate': challenge() },
      },
    };
  }
  const outcome = await deps.authenticator.principalFor(token);
  return outcome.ok ? outcome : { ok: false, response: failureResponse(outcome) };
}

/** undefined when the principal holds one of the roles, else the 403 answer naming them. */
export function requireRole(principal: Principal, ...roles: Role[]): HttpResponseInit | undefined {
  if (hasRole(principal, ...roles)) return undefined;
  const who = principal.kind === 'user' ? principal.email : `the application ${principal.clientId}`;
  return problem(403, 'Forbidden', `This needs the ${roles.join(' or ')} role, which ${who} does not hold.`, {
    requiredRoles: roles,
  });
}
