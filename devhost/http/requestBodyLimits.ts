// How much request body devhost takes in, per request and across the requests it handles at once.
// - FUNCTIONS_REQUEST_BODY_SIZE_LIMIT: the Functions host's own setting (bytes, default 100 MB); a
//   body above it is refused with 413 — at once when Content-Length says so, else as soon as the
//   streamed bytes pass it.
// - DEVHOST_MAX_INFLIGHT_REQUEST_BYTES (devhost only, default 256 MiB): the sum over the requests in
//   flight of max(Content-Length, bytes received so far). A request that would pass it is answered
//   503 with Retry-After before its body is read, so concurrent large uploads cannot make the
//   process hold (buffered apps) or take in (streaming apps) more than this.
import type { Refusal } from './devRequestGuard';

export const DEFAULT_MAX_BODY_BYTES = 100 * 1024 * 1024;
export const DEFAULT_MAX_INFLIGHT_BYTES = 256 * 1024 * 1024;
/** devhost's own pages and APIs take small JSON or form bodies */
export const DEV_PAGE_MAX_BODY_BYTES = 1024 * 1024;
/** reservations grow by at least this much, so a chunked body does not touch the ledger per chunk */
const RESERVE_STEP = 64 * 1024;

export interface RequestBodyLimits {
  maxBodyBytes: number;
  maxInFlightBytes: number;
}

function bytesSetting(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 1)
    throw new Error(`${name}=${raw} must be a whole number of bytes, 1 or more.`);
  return value;
}

export function requestBodyLimitsFromEnv(env: NodeJS.ProcessEnv): RequestBodyLimits {
  const maxBodyBytes = bytesSetting(env, 'FUNCTIONS_REQUEST_BODY_SIZE_LIMIT', DEFAULT_MAX_BODY_BYTES);
  const maxInFlightBytes = bytesSetting(
    env,
    'DEVHOST_MAX_INFLIGHT_REQUEST_BYTES',
    Math.max(DEFAULT_MAX_INFLIGHT_BYTES, maxBodyBytes),
  );
  if (maxInFlightBytes < maxBodyBytes) {
    throw new Error(
      `DEVHOST_MAX_INFLIGHT_REQUEST_BYTES (${maxInFlightBytes}) must be at least ` +
        `FUNCTIONS_REQUEST_BODY_SIZE_LIMIT (${maxBodyBytes}): one largest request must fit.`,
    );
  }
  return { maxBodyBytes, maxInFlightBytes };
}

/** The declared body size: a number, 0 without the header, NaN when it is not a number. */
export function declaredLength(header: string | undefined): number {
  if (header === undefined) return 0;
  return /^\d{1,15}$/.test(header.trim()) ? Number(header) : Number.NaN;
}

export const tooLarge = (maxBytes: number, setting: string): Refusal => ({
  status: 413,
  title: 'Payload Too Large',
  detail: `The request body is larger than this host accepts (${maxBytes} bytes, ${setting}).`,
});

export const overCapacity = (): Refusal => ({
  status: 503,
  title: 'Service Unavailable',
  detail:
    'devhost is taking in as many request bytes as it allows at once (DEVHOST_MAX_INFLIGHT_REQUEST_BYTES); retry shortly.',
});

/** One request's share of the ledger: what it reserved, what it received. */
export interface BodyBudget {
  readonly received: number;
  /** counts `bytes` more of the body; a refusal when it passes the body limit or the ledger is full */
  add(bytes: number): Refusal | undefined;
  /** gives the reservation back (idempotent) */
  close(): void;
}

export class InFlightRequestBytes {
  #total = 0;

  constructor(readonly limits: RequestBodyLimits) {}

  /** bytes reserved by the requests in flight */
  get total(): number {
    return this.#total;
  }

  /** A budget for a request declaring `declared` bytes, or a refusal when they do not fit now. */
  open(
    declared: number,
    maxBodyBytes = this.limits.maxBodyBytes,
    setting = 'FUNCTIONS_REQUEST_BODY_SIZE_LIMIT',
  ): BodyBudget | Refusal {
    if (declared > maxBodyBytes) return tooLarge(maxBodyBytes, setting);
    if (!this.#reserve(declared)) return overCapacity();
    let reserved = declared;
    let received = 0;
    let open = true;
    return {
      get received() {
        return received;
      },
      add: (bytes) => {
        received += bytes;
        if (received > maxBodyBytes) return tooLarge(maxBodyBytes, setting);
        if (received <= reserved) return undefined;
        if (!open) return overCapacity();
        const needed = received - reserved;
        // a step ahead when there is room for it, else just what arrived
        const step = Math.min(Math.max(needed, RESERVE_STEP), maxBodyBytes - reserved);
        const more = this.#reserve(step) ? step : this.#reserve(needed) ? needed : 0;
        if (more === 0) return overCapacity();
        reserved += more;
        return undefined;
      },
      close: () => {
        if (!open) return;
        open = false;
        this.#total -= reserved;
      },
    };
  }

  #reserve(bytes: number): boolean {
    if (bytes > 0 && this.#total + bytes > this.limits.maxInFlightBytes) return false;
    this.#total += bytes;
    return true;
  }
}

export const isRefusal = (value: unknown): value is Refusal =>
  typeof value === 'object' && value !== null && 'status' in value && 'title' in value;
