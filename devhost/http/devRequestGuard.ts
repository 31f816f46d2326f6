// What devhost's own pages (/dev/...) accept beyond a loopback socket. They mint tokens of any role,
// move the durable clock and show mail with live approval links, so a web page in the developer's
// browser must not reach them:
// - DNS rebinding: a page of attacker.example whose name now resolves to 127.0.0.1 talks to devhost
//   as "its own" origin; its requests carry `Host: attacker.example:<port>`. Only a loopback name
//   with devhost's listening port is accepted.
// - Cross-site requests: a browser names the page's origin in `Origin` on every cross-origin POST;
//   only devhost's own origin (a loopback name with its port) is accepted.
// - "Simple" cross-site POSTs (text/plain, form encodings) need no CORS preflight; a JSON endpoint
//   takes `application/json` only, which a browser sends cross-site only after a preflight that
//   devhost never grants. The sign-in page's own form (/dev/login) takes the form encoding.
import type { IncomingHttpHeaders } from 'node:http';

export interface Refusal {
  status: number;
  title: string;
  detail: string;
}

const LOOPBACK_NAME = /^(localhost|127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[::1\])$/i;

/** localhost, 127.x.y.z or [::1] (as a URL host spells it, with brackets). */
export function isLoopbackName(hostname: string): boolean {
  return LOOPBACK_NAME.test(hostname);
}

/** `name[:port]` of a Host header or an origin's authority, when it is a loopback name with this port. */
function isOwnAuthority(authority: string, port: number): boolean {
  const match = /^(localhost|127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[::1\])(?::(\d{1,5}))?$/i.exec(authority);
  if (!match) return false;
  return Number(match[2] ?? 80) === port;
}

const mediaType = (value: string | undefined): string | undefined =>
  value?.split(';')[0]?.trim().toLowerCase() || undefined;

function hasBody(headers: IncomingHttpHeaders): boolean {
  return headers['transfer-encoding'] !== undefined || Number(headers['content-length'] ?? 0) > 0;
}

export interface DevRequest {
  method?: string | undefined;
  headers: IncomingHttpHeaders;
}

/**
 * Why a /dev/ request is refused, or undefined when it may go on. `port` is the port devhost
 * listens on; `form` says the route takes an HTML form (application/x-www-form-urlencoded).
 */
export function devRequestRefusal(req: DevRequest, port: number, form = false): Refusal | undefined {
  const host = req.headers.host ?? '';
  if (!isOwnAuthority(host, port)) {
    return {
      status: 403,
      title: 'Forbidden',
      detail: `devhost's pages answer requests for localhost, 127.0.0.1 or [::1] on port ${port} only, not for Host "${host.slice(0, 100)}".`,
    };
  }
  const origin = req.headers.origin;
  if (origin !== undefined) {
    const own = /^http:\/\/([^/]+)$/i.exec(origin);
    if (!own?.[1] || !isOwnAuthority(own[1], port)) {
      return {
        status: 403,
        title: 'Forbidden',
        detail: `devhost's pages refuse requests from other origins ("${origin.slice(0, 100)}").`,
      };
    }
  }
  const method = (req.method ?? 'GET').toUpperCase();
  if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return undefined;
  const type = mediaType(req.headers['content-type']);
  const expected = form ? 'application/x-www-form-urlencoded' : 'application/json';
  // A body-less POST (e.g. /dev/orchestrations/replay?instanceId=) sends no content type.
  if (type === undefined && !hasBody(req.headers)) return undefined;
  if (type !== expected) {
    return {
      status: 415,
      title: 'Unsupported Media Type',
      detail: `${method} to this page takes Content-Type: ${expected}${type ? `, not ${type}` : ''}.`,
    };
  }
  return undefined;
}
