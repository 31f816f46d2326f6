// Reads a request body as JSON with a size limit; the failures are problem responses.
import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { problem } from './problem';

export type JsonBody = { ok: true; value: unknown } | { ok: false; response: HttpResponseInit };

export async function readJsonBody(request: HttpRequest, maxBytes: number): Promise<JsonBody> {
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > maxBytes) {
    return {
      ok: false,
      response: problem(413, 'Payload Too Large', `The body may be at most ${maxBytes} bytes.`),
    };
  }
  const text = await request.text();
  if (Buffer.byteLength(text) > maxBytes) {
    return {
      ok: false,
      response: problem(413, 'Payload Too Large', `The body may be at most ${maxBytes} bytes.`),
    };
  }
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
