// GET /config.json on devhost: the portal's runtime configuration for the local issuer (mode
// "devhost"), built from the issuer's settings. In Azure the same file is deployed beside the build
// with mode "entra" (docs/web.md); the portal is one build for both.
import type { ServerResponse } from 'node:http';
import type { LocalIssuer } from './localIssuer';

/** The portal's client id on devhost: the local issuer does not check it, Entra does. */
export const LOCAL_PORTAL_CLIENT_ID = 'asset-pulse-portal-local';
export const PORTAL_CONFIG_PATH = '/config.json';

export interface PortalConfig {
  mode: 'devhost';
  issuer: string;
  clientId: string;
  apiScope: string;
  apiBase: string;
  loginUrl: string;
}

export function portalConfig(issuer: LocalIssuer, routePrefix: string): PortalConfig {
  const origin = new URL(issuer.issuer).origin;
  return {
    mode: 'devhost',
    issuer: issuer.issuer,
    clientId: LOCAL_PORTAL_CLIENT_ID,
    apiScope: `${issuer.audience}/access_as_user`,
    apiBase: routePrefix ? `/${routePrefix}` : '',
    loginUrl: `${origin}/dev/login`,
  };
}

export function sendPortalConfig(res: ServerResponse, config: PortalConfig): void {
  res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(config));
}
