// Serves the static web app folder (the role Static Web Apps plays in Azure).
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * The headers Static Web Apps adds to every response (`globalHeaders` of staticwebapp.config.json in
 * the folder: the CSP and the security headers), so the portal runs under the same policy locally.
 */
const globalHeadersByRoot = new Map<string, Record<string, string>>();
export function staticGlobalHeaders(root: string): Record<string, string> {
  let headers = globalHeadersByRoot.get(root);
  if (!headers) {
    headers = {};
    try {
      const config = JSON.parse(readFileSync(join(root, 'staticwebapp.config.json'), 'utf8')) as {
        globalHeaders?: Record<string, unknown>;
      };
      for (const [name, value] of Object.entries(config.globalHeaders ?? {}))
        if (typeof value === 'string' && name.toLowerCase() !== 'strict-transport-security')
          headers[name.toLowerCase()] = value;
    } catch {
      // no config (or not JSON): no extra headers
    }
    globalHeadersByRoot.set(root, headers);
  }
  return headers;
}

/** The path with its %-escapes decoded, or undefined when one is malformed (`%zz`, a lone `%`, bad UTF-8). */
export function decodePath(urlPath: string): string | undefined {
  try {
    return decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
}

/**
 * Sends the file for a URL path; unknown paths without an extension get index.html (SPA routing).
 * A path with a malformed %-escape is a 400: it names no file.
 */
export function serveStatic(root: string, urlPath: string, res: ServerResponse): boolean {
  const decoded = decodePath(urlPath);
  if (decoded === undefined) {
    const detail = `The path ${urlPath.slice(0, 200)} has a malformed %-escape (% must be followed by two hex digits of UTF-8).`;
    res.writeHead(400, { 'content-type': 'application/problem+json' });
    res.end(JSON.stringify({ type: 'about:blank', title: 'Bad Request', status: 400, detail }));
    return true;
  }
  const relative = normalize(decoded).replace(/^([/\\])+/, '');
  let file = join(root, relative);
  if (!file.startsWith(root + sep) && file !== root) return false;
  if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
  if (!existsSync(file)) {
    if (extname(relative) !== '') return false;
    file = join(root, 'index.html');
    if (!existsSync(file)) return false;
  }
  res.writeHead(200, {
    ...staticGlobalHeaders(root),
    'content-type': contentTypes[extname(file)] ?? 'application/octet-stream',
    'cache-control': 'no-cache',
  });
  createReadStream(file).pipe(res);
  return true;
}
