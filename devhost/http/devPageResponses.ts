// Responses of devhost's own pages (mailbox, events): JSON for programs, HTML for people. Like every
// /dev/ path they answer this machine only (httpHost.ts checks).
import type { IncomingMessage, ServerResponse } from 'node:http';

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
