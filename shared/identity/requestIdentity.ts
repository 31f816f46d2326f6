// Who is calling: the bearer token to a Principal (shared/identity/authenticate.ts), then that
// principal's own token bucket, so one person or pipeline cannot flood an instance. Built once in
// the composition root and handed to every HTTP trigger that needs a signed-in caller.
import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { tooManyRequests } from '../platform/http/guardedHandler';
import { problem } from '../platform/http/problem';
import type { TokenBuckets } from '../platform/http/tokenBucket';
import { authenticate, type Authenticated } from './authenticate';
import type { Authenticator } from './authenticator';
import type { Principal, UserPrincipal } from './principal';

export type SignedIn = { ok: true; user: UserPrincipal } | { ok: false; response: HttpResponseInit };

export interface RequestIdentity {
  /** a person or an application, within its rate limit */
  principal(request: HttpRequest): Promise<Authenticated>;
  /** a person (routes used by people: an application token is refused) */
  user(request: HttpRequest): Promise<SignedIn>;
}

function principalKey(principal: Principal): string {
  return principal.kind === 'user' ? `user:${principal.employeeId}` : `app:${principal.clientId}`;
}

export function createRequestIdentity(deps: {
  authenticator: Authenticator;
  perPrincipal: TokenBuckets;
}): RequestIdentity {
  const principal = async (request: HttpRequest): Promise<Authenticated> => {
    const auth = await authenticate(request, deps);
    if (!auth.ok) return auth;
    const taken = deps.perPrincipal.take(principalKey(auth.principal));
    if (!taken.ok) {
      return {
        ok: false,
        response: tooManyRequests(taken.retryAfterSeconds, 'Too many requests for one caller; slow down.'),
      };
    }
    return auth;
  };
  return {
    principal,
    async user(request) {
      const auth = await principal(request);
      if (!auth.ok) return auth;
      if (auth.principal.kind !== 'user') {
        return {
          ok: false,
          response: problem(
            403,
            'Forbidden',
            'This route is for people; an application token cannot use it.',
          ),
        };
      }
      return { ok: true, user: auth.principal };
    },
  };
}
