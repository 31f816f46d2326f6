// Per-instance token buckets, one per key (a client address, a principal). They smooth bursts on one
// Functions instance; with many instances each has its own, so the limits that must hold for the
// whole app (open requests per person and day, mails per approver and hour) live in the database.
export type Take = { ok: true } | { ok: false; retryAfterSeconds: number };

export interface TokenBuckets {
  take(key: string): Take;
}

export interface TokenBucketSettings {
  /** tokens added per minute; 0 turns the limit off */
  perMinute: number;
  /** the bucket's size: how many requests may come at once after a quiet spell */
  burst: number;
  /** buckets kept at most; the least recently used go first (a full bucket is no loss) */
  maxKeys?: number;
  now?: () => number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export function createTokenBuckets(settings: TokenBucketSettings): TokenBuckets {
  const { perMinute, burst, maxKeys = 50_000, now = () => Date.now() } = settings;
  if (perMinute <= 0) return { take: () => ({ ok: true }) };
  const perMs = perMinute / 60_000;
  const buckets = new Map<string, Bucket>();
  return {
    take(key) {
      const at = now();
      const previous = buckets.get(key);
      const tokens = previous ? Math.min(burst, previous.tokens + (at - previous.at) * perMs) : burst;
      // Re-inserted on every use, so the Map's order is least recently used first.
      buckets.delete(key);
      if (tokens >= 1) {
        buckets.set(key, { tokens: tokens - 1, at });
        if (buckets.size > maxKeys) buckets.delete(buckets.keys().next().value as string);
        return { ok: true };
      }
      buckets.set(key, { tokens, at });
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / perMs / 1000)) };
    },
  };
}
