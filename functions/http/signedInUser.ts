// PLACEHOLDER until feat/identity merges: the bearer-token check for routes used by people.
import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import type { Actor } from '../../shared/purchasing/actor';

export type SignedIn =
  { ok: true; user: Actor & { email: string } } | { ok: false; response: HttpResponseInit };

export function signedInUser(_request: HttpRequest): Promise<SignedIn> {
  throw new Error('placeholder');
}
