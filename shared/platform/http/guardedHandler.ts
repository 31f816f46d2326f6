// Every HTTP function is wrapped in this guard, which the composition root applies:
// - a per-client-address token bucket answers 429 with Retry-After before any work is done;
// - a thrown error becomes a problem+json 500 with a correlation id (the invocation id, which is
//   also in the logs and Application Insights), never the host's bare 500 and never internals.
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { problem } from './problem';
import type { TokenBuckets } from './tokenBucket';

export interface HttpGuardDeps {
  perClientAddress: TokenBuckets;
}

/**
 * The caller's address. Azure's front end appends the client address it saw to X-Forwarded-For, so
 * the last entry is the one a client cannot forge; devhost sets it the same way.
 */
export function clientAddress(request: HttpRequest): string {
  const forwarded = request.headers.get('x-forwarded-for');
  const last = forwarded?.split(',').pop()?.trim();
  if (!last) return 'unknown';
  // App Service writes "ip:port" for IPv4 and "[ip]:port" for IPv6; a bare IPv6 address has colons too.
  const withPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(last) ?? /^\[([^\]]+)\](?::\d+)?$/.exec(last);
  return withPort?.[1] ?? last;
}

export function tooManyRequests(retryAfterSeconds: number, detail: string): HttpResponseInit {
  const response = problem(429, 'Too Many Requests', detail, { retryAfterSeconds });
  return {
    ...response,
    headers: { 'content-type': 'application/problem+json', 'retry-after': String(retryAfterSeconds) },
  };
}

export function internalError(correlationId: string): HttpResponseInit {
  const response = problem(
    500,
    'Internal Server Error',
    `Something failed on our side. Quote the correlation id ${correlationId} when you report it.`,
    { correlationId },
  );
  return {
    ...response,
    headers: { 'content-type': 'application/problem+json', 'x-correlation-id': correlationId },
  };
}

export type ApiHandler = (request: HttpRequest, context: InvocationContext) => Promise<HttpResponseInit>;

export function guardedHandler(deps: HttpGuardDeps, handler: ApiHandler): ApiHandler {
  return async (request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> => {
    const taken = deps.perClientAddress.take(clientAddress(request));
    if (!taken.ok) {
      return tooManyRequests(taken.retryAfterSeconds, 'Too many requests from this address; slow down.');
    }
    try {
      return await handler(request, context);
    } catch (error) {
      context.error(
        `${context.functionName} failed (correlation id ${context.invocationId}):`,
        error instanceof Error ? (error.stack ?? error.message) : String(error),
      );
      return internalError(context.invocationId);
    }
  };
}
