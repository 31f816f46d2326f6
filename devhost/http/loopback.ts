// devhost's own pages (mailbox, events) answer callers on this machine only: they show mail and
// event data, and the mailbox can be emptied.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendProblem, type DevRouteHandler } from './httpHost';

export function isLoopback(address: string | undefined): boolean {
  return address !== undefined && /^(127\.|::1$|::ffff:127\.)/.test(address);
}

export function loopbackOnly(handler: DevRouteHandler): DevRouteHandler {
  return (req: IncomingMessage, res: ServerResponse, url: URL) => {
    if (!isLoopback(req.socket.remoteAddress)) {
      return sendProblem(res, 403, 'Forbidden', `${url.pathname} answers this machine only.`);
    }
    return handler(req, res, url);
  };
}

/** JSON when asked for (?format=json, or an Accept header naming JSON and not HTML), else the given default. */
export function wantsJson(req: IncomingMessage, url: URL, byDefault: boolean): boolean {
  const format = url.searchParams.get('format')?.toLowerCase();
  if (format === 'json') return true;
  if (format === 'html') return false;
  const accept = (req.headers.accept ?? '').toLowerCase();
  if (accept.includes('text/html')) return false;
  if (accept.includes('application/json')) return true;
  return byDefault;
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body, null, 2));
}

export function sendHtml(res: ServerResponse, html: string): void {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(html);
}

export const escapeHtml = (value: unknown): string =>
  String(typeof value === 'string' ? value : (JSON.stringify(value) ?? ''))
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
