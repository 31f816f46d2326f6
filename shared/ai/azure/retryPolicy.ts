// Retries of one Azure OpenAI call on 408/409/429/5xx and broken connections, waiting what the
// service asks (`retry-after-ms`, else `retry-after` in seconds or as a date), else a backoff with
// jitter. The SDK's own retries are off (maxRetries 0): they would sleep for any `retry-after`
// however long, and not stop sleeping on abort. A wait over the cap is not slept: the call fails
// at once saying how long the service asked for, so a job can wait with a durable timer instead.
import { APIConnectionError, APIError, APIUserAbortError } from 'openai';

export interface RetryOptions {
  maxRetries: number;
  /** the longest wait slept between attempts (default 60 s) */
  maxWaitMs?: number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  signal?: AbortSignal | undefined;
  /** what the call is, for error messages, e.g. "chat judge-overlap on gpt-4o-mini" */
  what: string;
}

export const DEFAULT_MAX_RETRY_WAIT_MS = 60_000;

export class AzureOpenAiCallError extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
    /** what the service asked to wait before the next try, when it said */
    readonly retryAfterMs: number | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AzureOpenAiCallError';
  }
}

/** A sleep that ends early (rejecting) when the signal aborts. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason as Error);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The wait the response asks for, in ms, or undefined when it names none. */
export function requestedWaitMs(headers: Headers | undefined, now = Date.now()): number | undefined {
  const ms = headers?.get('retry-after-ms');
  if (ms && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const after = headers?.get('retry-after');
  if (!after) return undefined;
  if (Number.isFinite(Number(after))) return Math.max(0, Number(after) * 1000);
  const at = Date.parse(after);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** the status and headers of an HTTP error answer from the service */
function httpAnswer(
  error: unknown,
): { status: number | undefined; headers: Headers | undefined } | undefined {
  if (!(error instanceof APIError) || error instanceof APIConnectionError) return undefined;
  const { status, headers } = error as APIError<number | undefined, Headers | undefined>;
  return { status, headers };
}

function retryable(error: unknown): boolean {
  if (error instanceof APIUserAbortError) return false;
  if (error instanceof APIConnectionError) return true; // includes timeouts
  const status = httpAnswer(error)?.status;
  return status === 408 || status === 409 || status === 429 || (status !== undefined && status >= 500);
}

function backoffMs(attempt: number): number {
  return Math.min(500 * 2 ** attempt, 8_000) * (1 - Math.random() * 0.25);
}

function describe(error: unknown): string {
  if (error instanceof APIConnectionError && /timed? ?out/i.test(error.message)) return 'timed out';
  const status = httpAnswer(error)?.status;
  if (status !== undefined) return `HTTP ${status}: ${(error as Error).message}`;
  return error instanceof Error ? error.message : String(error);
}

export async function withRetries<T>(call: () => Promise<T>, options: RetryOptions): Promise<T> {
  const cap = options.maxWaitMs ?? DEFAULT_MAX_RETRY_WAIT_MS;
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (options.signal?.aborted) throw options.signal.reason ?? error;
      const answer = httpAnswer(error);
      const status = answer?.status;
      const asked = answer ? requestedWaitMs(answer.headers) : undefined;
      if (!retryable(error) || attempt >= options.maxRetries) {
        const tries = attempt + 1;
        throw new AzureOpenAiCallError(
          `${options.what} failed after ${tries} attempt${tries === 1 ? '' : 's'}: ${describe(error)}`,
          status,
          asked,
          { cause: error },
        );
      }
      if (asked !== undefined && asked > cap) {
        throw new AzureOpenAiCallError(
          `${options.what}: the service asked to wait ${Math.ceil(asked / 1000)} s (HTTP ${status}), more than the ${cap / 1000} s a call waits`,
          status,
          asked,
          { cause: error },
        );
      }
      await options.sleep(asked ?? backoffMs(attempt), options.signal);
    }
  }
}
