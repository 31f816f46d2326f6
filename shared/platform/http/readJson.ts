// Reads a request body with a size limit: as JSON, as an HTML form, or as text. The failures are
// problem responses.
//
// The body is read from `request.body` as a stream, counting bytes: with HTTP streaming on
// (functions/httpStreaming.ts) the host hands the body over as it arrives, so a caller that sends
// more than the route takes is stopped at the limit (413) instead of being held in memory whole, and
// a Content-Length above the limit is refused before a byte is read.
import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { problem } from './problem';

export type JsonBody = { ok: true; value: unknown } | { ok: false; response: HttpResponseInit };
export type TextBody = { ok: true; text: string } | { ok: false; response: HttpResponseInit };
export type FormBody = { ok: true; form: URLSearchParams } | { ok: false; response: HttpResponseInit };

const tooLarge = (maxBytes: number): { ok: false; response: HttpResponseInit } => ({
  ok: false,
  response: problem(413, 'Payload Too Large', `The body may be at most ${maxBytes} bytes.`),
});

/** The body as UTF-8 text, at most `maxBytes` bytes of it. */
export async function readBodyText(request: HttpRequest, maxBytes: number): Promise<TextBody> {
  const declared = request.headers.get('content-length');
  if (declared !== null && /^\s*\d+\s*$/.test(declared) && Number(declared) > maxBytes)
    return tooLarge(maxBytes);
  const body = request.body as ReadableStream<Uint8Array> | null;
  if (!body) return { ok: true, text: '' };
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        // Stop here: the rest of the body is never read (the host closes the connection).
        reader.cancel().catch(() => undefined);
        return tooLarge(maxBytes);
      }
      chunks.push(value);
    }
  } catch {
    return {
      ok: false,
      response: problem(400, 'Bad Request', 'The body could not be read to its end (the upload broke off).'),
    };
  } finally {
    reader.releaseLock();
  }
  return { ok: true, text: Buffer.concat(chunks).toString('utf8') };
}

export async function readJsonBody(request: HttpRequest, maxBytes: number): Promise<JsonBody> {
  const body = await readBodyText(request, maxBytes);
  if (!body.ok) return body;
  const { text } = body;
  if (text.trim() === '')
    return { ok: false, response: problem(400, 'Bad Request', 'The body is empty; send JSON.') };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return {
      ok: false,
      response: problem(400, 'Bad Request', `The body is not valid JSON: ${(error as Error).message}`),
    };
  }
}

/** An HTML form post (application/x-www-form-urlencoded), at most `maxBytes` bytes of it. */
export async function readFormBody(request: HttpRequest, maxBytes: number): Promise<FormBody> {
  const body = await readBodyText(request, maxBytes);
  if (!body.ok) return body;
  return { ok: true, form: new URLSearchParams(body.text) };
}
