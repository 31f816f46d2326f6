// Routes used by people: the bearer token must belong to a person (an employee), not a pipeline.
import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { authenticate } from '../../shared/identity/authenticate';
import type { UserPrincipal } from '../../shared/identity/principal';
import { problem } from '../../shared/platform/http/problem';
import { getServices } from '../../shared/services';

export type SignedIn = { ok: true; user: UserPrincipal } | { ok: false; response: HttpResponseInit };

export async function signedInUser(request: HttpRequest): Promise<SignedIn> {
  const services = await getServices();
  const auth = await authenticate(request, services);
  if (!auth.ok) return auth;
  if (auth.principal.kind !== 'user') {
    return {
      ok: false,
      response: problem(403, 'Forbidden', 'This route is for people; an application token cannot use it.'),
    };
  }
  return { ok: true, user: auth.principal };
}
