// Sign-in as the rest of the portal sees it: a token for the API, or a trip to the sign-in page and
// back. Two implementations: Entra ID through MSAL (entraSession.ts, loaded only in that mode) and
// devhost's local issuer (devhostSession.ts). Tokens live in memory or session storage, never longer.
import type { RuntimeConfig } from '../config';

export interface Session {
  readonly mode: RuntimeConfig['mode'];
  /** a token for the API, or undefined when the person has to sign in (first visit, expired) */
  token: () => Promise<string | undefined>;
  /** leaves for the sign-in page; after it the portal comes back to `returnTo` */
  signIn: (returnTo: string) => Promise<void>;
  signOut: () => Promise<void>;
  /** on the callback page: takes the answer of the sign-in page, returns where to go back to */
  completeSignIn: () => Promise<string>;
}

export const CALLBACK_PATH = '/auth/callback';
export const SIGNED_OUT_PATH = '/signed-out';
export const RETURN_TO_KEY = 'asset-pulse.returnTo';

/** Only a path of this site: never another origin (`//evil.example`), never the callback itself. */
export function safeReturnTo(value: string | null | undefined): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  if (value.startsWith(CALLBACK_PATH)) return '/';
  return value;
}

export async function createSession(config: RuntimeConfig): Promise<Session> {
  if (config.mode === 'devhost') {
    const { devhostSession } = await import('./devhostSession');
    return devhostSession(config);
  }
  // MSAL is large; only the Entra mode loads it.
  const { entraSession } = await import('./entraSession');
  return entraSession(config);
}
