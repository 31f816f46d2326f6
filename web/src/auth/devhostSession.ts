// Sign-in on devhost: its /dev/login page, given `redirect_uri` = the portal's callback, answers with
// a 303 to `<callback>#access_token=...&token_type=Bearer&expires_in=3600` (devhost/identity). The
// token is kept in session storage (this tab only, gone when it closes) with its expiry.
import type { RuntimeConfig } from '../config';
import { CALLBACK_PATH, RETURN_TO_KEY, SIGNED_OUT_PATH, safeReturnTo, type Session } from './session';

export const TOKEN_KEY = 'asset-pulse.devhost.token';
/** a token this close to expiry is not sent: the person signs in again instead of meeting a 401 */
const EXPIRY_MARGIN_MS = 30_000;

interface StoredToken {
  accessToken: string;
  expiresAt: number;
}

export interface BrowserPlace {
  origin: string;
  hash: string;
  assign(url: string): void;
  /** removes the fragment (the token) from the address bar and history */
  clearHash(): void;
}

const browserPlace = (): BrowserPlace => ({
  origin: window.location.origin,
  hash: window.location.hash,
  assign: (url) => window.location.assign(url),
  clearHash: () => window.history.replaceState(null, '', window.location.pathname + window.location.search),
});

export function devhostSession(
  config: RuntimeConfig,
  storage: Storage = window.sessionStorage,
  place: () => BrowserPlace = browserPlace,
  now: () => number = Date.now,
): Session {
  const loginUrl = config.loginUrl ?? `${new URL(config.issuer).origin}/dev/login`;
  const read = (): StoredToken | undefined => {
    try {
      const stored = JSON.parse(storage.getItem(TOKEN_KEY) ?? 'null') as StoredToken | null;
      return stored && typeof stored.accessToken === 'string' ? stored : undefined;
    } catch {
      return undefined;
    }
  };
  let completion: Promise<string> | undefined;
  const complete = (): Promise<string> => {
    const here = place();
    const answer = new URLSearchParams(here.hash.replace(/^#/, ''));
    here.clearHash();
    const accessToken = answer.get('access_token');
    const expiresIn = Number(answer.get('expires_in') ?? '3600');
    if (!accessToken) return Promise.reject(new Error('The sign-in page gave no token.'));
    storage.setItem(
      TOKEN_KEY,
      JSON.stringify({ accessToken, expiresAt: now() + expiresIn * 1000 } satisfies StoredToken),
    );
    const returnTo = safeReturnTo(storage.getItem(RETURN_TO_KEY));
    storage.removeItem(RETURN_TO_KEY);
    return Promise.resolve(returnTo);
  };
  return {
    mode: 'devhost',
    token() {
      const stored = read();
      if (!stored || stored.expiresAt - EXPIRY_MARGIN_MS <= now()) {
        storage.removeItem(TOKEN_KEY);
        return Promise.resolve(undefined);
      }
      return Promise.resolve(stored.accessToken);
    },
    signIn(returnTo) {
      storage.setItem(RETURN_TO_KEY, safeReturnTo(returnTo));
      const here = place();
      const url = new URL(loginUrl);
      url.searchParams.set('redirect_uri', `${here.origin}${CALLBACK_PATH}`);
      here.assign(url.toString());
      return Promise.resolve();
    },
    signOut() {
      storage.removeItem(TOKEN_KEY);
      storage.removeItem(RETURN_TO_KEY);
      place().assign(SIGNED_OUT_PATH);
      return Promise.resolve();
    },
    /** once per page load: the fragment is read and cleared the first time */
    completeSignIn() {
      completion ??= complete();
      return completion;
    },
  };
}
