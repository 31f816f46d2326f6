// Writes the portal's runtime config for Azure beside a build: dist/config.json in the "entra" mode,
// from the environment, and — when the API is on a host of its own rather than the static web app's
// linked /api — adds that origin to the CSP's connect-src in dist/staticwebapp.config.json.
//
//   PORTAL_ISSUER     https://login.microsoftonline.com/<tenant>/v2.0
//   PORTAL_CLIENT_ID  the portal's app registration (a single-page application)
//   PORTAL_API_SCOPE  e.g. api://asset-pulse/access_as_user
//   PORTAL_API_BASE   /api (linked API, the default) or https://<function app host>/api
//
// node web/scripts/deployConfig.mjs [dist folder, default web/dist]. Exits 1 naming what is missing.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'dist'));
const env = process.env;
const config = {
  mode: 'entra',
  issuer: env.PORTAL_ISSUER ?? '',
  clientId: env.PORTAL_CLIENT_ID ?? '',
  apiScope: env.PORTAL_API_SCOPE ?? '',
  apiBase: env.PORTAL_API_BASE || '/api',
};
const missing = ['issuer', 'clientId', 'apiScope']
  .filter((key) => !config[key])
  .map(
    (key) => ({ issuer: 'PORTAL_ISSUER', clientId: 'PORTAL_CLIENT_ID', apiScope: 'PORTAL_API_SCOPE' })[key],
  );
if (missing.length > 0) {
  console.error(`deployConfig: set ${missing.join(', ')}`);
  process.exit(1);
}
try {
  if (new URL(config.issuer).protocol !== 'https:') throw new Error();
} catch {
  console.error('deployConfig: PORTAL_ISSUER must be an https URL');
  process.exit(1);
}
writeFileSync(join(dist, 'config.json'), `${JSON.stringify(config, null, 2)}\n`);

if (/^https:\/\//.test(config.apiBase)) {
  const origin = new URL(config.apiBase).origin;
  const file = join(dist, 'staticwebapp.config.json');
  const swa = JSON.parse(readFileSync(file, 'utf8'));
  const csp = swa.globalHeaders['content-security-policy'];
  if (!csp.includes(origin))
    swa.globalHeaders['content-security-policy'] = csp.replace(
      /connect-src ([^;]*)/,
      `connect-src $1 ${origin}`,
    );
  writeFileSync(file, `${JSON.stringify(swa, null, 2)}\n`);
}
console.log(`portal: config.json written to ${dist} (API at ${config.apiBase})`);
