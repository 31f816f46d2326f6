// Conditional GET for JSON answers that pollers read again and again: the ETag is a hash of the JSON
// body, so an unchanged answer is `304 Not Modified` with no body, whatever changed around it.
import { createHash } from 'node:crypto';
import type { HttpRequest, HttpResponseInit } from '@azure/functions';

export function etagOf(body: unknown): string {
  return `"${createHash('sha256').update(JSON.stringify(body)).digest('base64url').slice(0, 32)}"`;
}

/** True when an If-None-Match header names this ETag (weak or strong) or is `*`. */
export function ifNoneMatch(header: string | null, etag: string): boolean {
  if (!header) return false;
  return header
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === '*' || tag === etag);
}

/** 200 with the body and its ETag, or 304 when the client already has it. */
export function conditionalJson(request: HttpRequest, body: unknown): HttpResponseInit {
  const etag = etagOf(body);
  // private: the answer depends on who asks; no-cache: revalidate every time (that is the point)
  const headers = { etag, 'cache-control': 'private, no-cache' };
  if (ifNoneMatch(request.headers.get('if-none-match'), etag)) return { status: 304, headers };
  return { status: 200, headers, jsonBody: body };
}
