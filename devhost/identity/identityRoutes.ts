// The local issuer's HTTP surface on devhost:
//   GET  /dev/identity/keys                               JWKS (public keys; anyone may read them)
//   GET  /dev/identity/.well-known/openid-configuration   discovery document
//   POST /dev/identity/token                              a token for a person or an app (loopback only)
//   GET  /dev/login, POST /dev/login                      the sign-in page (loopback only)
import type { ServerResponse } from 'node:http';
import { z } from 'zod';
import { sendProblem, type HttpHost } from '../http/httpHost';
import { DEV_PAGE_MAX_BODY_BYTES } from '../http/requestBodyLimits';
import { requestText } from '../http/requestText';
import { DISCOVERY_PATH, JWKS_PATH, TOKEN_PATH, type LocalIssuer } from './localIssuer';
import { loginPage, messagePage, tokenPage, type LoginSection } from './loginPage';
import type { SignInDirectory } from './signInDirectory';

const overrides = {
  roles: z.array(z.string().min(1).max(50)).max(20).optional(),
  audience: z.string().min(1).max(500).optional(),
  expiresInSeconds: z.number().int().min(-31_536_000).max(2_592_000).optional(),
  notBeforeInSeconds: z.number().int().min(-31_536_000).max(31_536_000).optional(),
  claims: z.record(z.string(), z.unknown()).optional(),
};
const tokenRequestSchema = z.union([
  z.strictObject({ email: z.string().min(3).max(320), ...overrides }),
  z.strictObject({ clientId: z.string().min(1).max(200), ...overrides }),
]);

function sendJson(res: ServerResponse, status: number, body: unknown, cache = 'no-store'): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': cache });
  res.end(JSON.stringify(body));
}

function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(html);
}

/**
 * A redirect_uri the page may send a token to: devhost's own origin (the issuer's, from its
 * configuration — never from the request's Host header, which a caller chooses), or any loopback
 * address (a local portal).
 */
export function allowedRedirect(value: string | null | undefined, ownOrigin: string): URL | undefined {
  if (!value) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (url.username || url.password) return undefined;
  // URL normalises IPv4 hosts, so a 127.x.y.z address is exactly four numbers here (not 127.0.0.1.evil.com)
  const loopback =
    url.hostname === 'localhost' || url.hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(url.hostname);
  if (url.origin !== ownOrigin && !loopback) return undefined;
  url.hash = '';
  return url;
}

export function mountIdentity(
  http: HttpHost,
  issuer: LocalIssuer,
  directory: SignInDirectory | undefined,
  apiBase: string,
): void {
  const noDirectory =
    'No sign-in directory: set DEVHOST_SIGNIN_DIRECTORY to the app module that lists people ' +
    '(Asset Pulse: dist/functions/index.js).';

  http.devRoutes.set(JWKS_PATH, (_req, res) => sendJson(res, 200, issuer.jwks(), 'max-age=300'));
  http.devRoutes.set(DISCOVERY_PATH, (_req, res) => sendJson(res, 200, issuer.discovery(), 'max-age=300'));

  http.devRoutes.set(TOKEN_PATH, async (req, res) => {
    if (req.method !== 'POST') return sendProblem(res, 405, 'Method Not Allowed', 'POST a JSON body.');
    const text = await requestText(req, DEV_PAGE_MAX_BODY_BYTES);
    let body: unknown;
    try {
      body = JSON.parse(text) as unknown;
    } catch {
      return sendProblem(res, 400, 'Bad Request', 'The body must be JSON.');
    }
    const parsed = tokenRequestSchema.safeParse(body);
    if (!parsed.success) {
      return sendProblem(
        res,
        400,
        'Bad Request',
        'Send { "email": "..." } for a person or { "clientId": "...", "roles": ["Ingest"] } for an app, ' +
          'optionally with roles, audience, expiresInSeconds, notBeforeInSeconds, claims.',
      );
    }
    const request = parsed.data;
    const options = {
      ...(request.roles ? { roles: request.roles } : {}),
      ...(request.audience ? { audience: request.audience } : {}),
      ...(request.expiresInSeconds !== undefined ? { expiresInSeconds: request.expiresInSeconds } : {}),
      ...(request.notBeforeInSeconds !== undefined ? { notBeforeInSeconds: request.notBeforeInSeconds } : {}),
      ...(request.claims ? { claims: request.claims } : {}),
    };
    if ('clientId' in request)
      return sendJson(res, 200, await issuer.mintForApp(request.clientId, request.roles ?? [], options));
    if (!directory) return sendProblem(res, 501, 'Not Implemented', noDirectory);
    const person = await directory.find(request.email);
    if (!person)
      return sendProblem(res, 404, 'Not Found', `Nobody in the directory has the e-mail ${request.email}.`);
    return sendJson(res, 200, await issuer.mintForPerson(person, options));
  });

  // Redirects are built from the issuer's configured origin, not from the request.
  const origin = new URL(issuer.issuer).origin;
  http.formRoutes.add('/dev/login');
  http.devRoutes.set('/dev/login', async (req, res, url) => {
    if (req.method === 'POST') {
      const form = new URLSearchParams(await requestText(req, DEV_PAGE_MAX_BODY_BYTES));
      const email = form.get('email') ?? '';
      const rawRedirect = form.get('redirect_uri');
      const redirect = allowedRedirect(rawRedirect, origin);
      if (rawRedirect && !redirect)
        return sendHtml(
          res,
          400,
          messagePage('Sign-in refused', 'redirect_uri must be this host or a loopback address.'),
        );
      if (!directory) return sendHtml(res, 501, messagePage('No directory', noDirectory));
      const person = await directory.find(email);
      if (!person)
        return sendHtml(res, 404, messagePage('Unknown person', `Nobody has the e-mail ${email}.`));
      const minted = await issuer.mintForPerson(person);
      if (redirect) {
        const fragment = new URLSearchParams({
          access_token: minted.access_token,
          token_type: minted.token_type,
          expires_in: String(minted.expires_in),
        });
        res.writeHead(303, {
          location: `${redirect.toString()}#${fragment.toString()}`,
          'cache-control': 'no-store',
        });
        return void res.end();
      }
      return sendHtml(res, 200, tokenPage(person, minted.access_token, apiBase));
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendProblem(res, 405, 'Method Not Allowed');
    const rawRedirect = url.searchParams.get('redirect_uri');
    const redirect = allowedRedirect(rawRedirect, origin);
    if (rawRedirect && !redirect)
      return sendHtml(
        res,
        400,
        messagePage('Sign-in refused', 'redirect_uri must be this host or a loopback address.'),
      );
    const search = url.searchParams.get('q')?.trim() || undefined;
    let sections: LoginSection[] = [];
    if (directory) {
      sections = search
        ? [{ role: `Matching “${search}”`, people: await directory.search({ text: search, limit: 50 }) }]
        : await Promise.all(
            directory.roles.map(async (role) => ({
              role,
              people: await directory.search({
                role,
                limit: role === 'Employee' || role === 'Manager' ? 8 : 40,
              }),
            })),
          );
    }
    if ((req.headers.accept ?? '').includes('application/json')) return sendJson(res, 200, { sections });
    return sendHtml(
      res,
      200,
      loginPage({
        issuer: issuer.issuer,
        sections,
        search,
        redirectUri: redirect?.toString(),
        ...(directory ? {} : { notice: noDirectory }),
      }),
    );
  });
}
