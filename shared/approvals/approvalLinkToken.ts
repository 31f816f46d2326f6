// Signed approval links. A token names (request, step, approver, action, expiry) and carries an
// HMAC-SHA256 of them under a key from settings, so it cannot be made or altered without the key.
// The database keeps only a SHA-256 hash of each token issued, and marks it used atomically.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { ApprovalAction } from '../platform/db/schema';

/** Links never live longer than this, whatever the policy says. */
export const MAX_LINK_LIFETIME_MS = 72 * 3600_000;

export interface LinkClaims {
  requestId: string;
  step: number;
  approverId: number;
  action: ApprovalAction;
  expiresAt: Date;
}

const payloadSchema = z.strictObject({
  r: z.uuid(),
  s: z.number().int().positive(),
  a: z.number().int().positive(),
  x: z.enum(['approve', 'reject']),
  e: z.number().int().positive(),
});

function mac(secret: string, payload: string): Buffer {
  return createHmac('sha256', secret).update(payload).digest();
}

export function createLinkToken(secret: string, claims: LinkClaims): string {
  const payload = Buffer.from(
    JSON.stringify({
      r: claims.requestId,
      s: claims.step,
      a: claims.approverId,
      x: claims.action,
      e: Math.floor(claims.expiresAt.getTime() / 1000),
    }),
  ).toString('base64url');
  return `${payload}.${mac(secret, payload).toString('base64url')}`;
}

export type LinkCheck =
  | { ok: true; claims: LinkClaims }
  | { ok: false; reason: 'malformed' | 'forged' | 'expired'; claims?: LinkClaims };

/** Checks form, signature (constant time) and expiry. Whether it is unused is the database's job. */
export function verifyLinkToken(secret: string, token: string, now: Date): LinkCheck {
  const match = /^([A-Za-z0-9_-]{10,600})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return { ok: false, reason: 'malformed' };
  const [, payload = '', signature = ''] = match;
  const expected = mac(secret, payload);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: 'forged' };
  let parsed: z.infer<typeof payloadSchema>;
  try {
    const result = payloadSchema.safeParse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
    if (!result.success) return { ok: false, reason: 'malformed' };
    parsed = result.data;
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  const claims: LinkClaims = {
    requestId: parsed.r,
    step: parsed.s,
    approverId: parsed.a,
    action: parsed.x,
    expiresAt: new Date(parsed.e * 1000),
  };
  if (claims.expiresAt.getTime() <= now.getTime()) return { ok: false, reason: 'expired', claims };
  return { ok: true, claims };
}

/** What the database stores: the token itself never is. */
export function hashLinkToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
