// Sign-in with Entra ID: MSAL's authorization code flow with PKCE, redirects (no pop-ups), its cache
// in session storage. The state of the sign-in request carries the path to come back to.
import {
  BrowserCacheLocation,
  InteractionRequiredAuthError,
  PublicClientApplication,
  type AccountInfo,
} from '@azure/msal-browser';
import type { RuntimeConfig } from '../config';
import { CALLBACK_PATH, SIGNED_OUT_PATH, safeReturnTo, type Session } from './session';

export async function entraSession(config: RuntimeConfig): Promise<Session> {
  const origin = window.location.origin;
  const msal = new PublicClientApplication({
    auth: {
      clientId: config.clientId,
      authority: config.authority ?? config.issuer.replace(/\/v2\.0\/?$/, ''),
      redirectUri: `${origin}${CALLBACK_PATH}`,
      postLogoutRedirectUri: `${origin}${SIGNED_OUT_PATH}`,
    },
    cache: { cacheLocation: BrowserCacheLocation.SessionStorage },
  });
  await msal.initialize();
  const redirect = await msal.handleRedirectPromise();
  if (redirect?.account) msal.setActiveAccount(redirect.account);
  const account = (): AccountInfo | undefined =>
    msal.getActiveAccount() ?? msal.getAllAccounts()[0] ?? undefined;
  const scopes = [config.apiScope];

  return {
    mode: 'entra',
    async token() {
      const signedIn = account();
      if (!signedIn) return undefined;
      try {
        return (await msal.acquireTokenSilent({ scopes, account: signedIn })).accessToken;
      } catch (error) {
        if (error instanceof InteractionRequiredAuthError) return undefined;
        throw error;
      }
    },
    signIn: (returnTo) => msal.loginRedirect({ scopes, state: safeReturnTo(returnTo) }),
    signOut: async () => {
      const signedIn = account();
      await msal.logoutRedirect(signedIn ? { account: signedIn } : {});
    },
    completeSignIn: () => Promise.resolve(safeReturnTo(redirect?.state)),
  };
}
