// The guards every HTTP function runs inside: per-address and per-principal token buckets (429 with
// Retry-After and a problem+json body) and the catch-all that turns a thrown error into a
// problem+json 500 with a correlation id instead of the host's bare 500.
import { HttpRequest, InvocationContext } from '@azure/functions';
import { describe, expect, it } from 'vitest';
import { createRequestIdentity } from '../../shared/identity/requestIdentity';
import type { Authenticator } from '../../shared/identity/authenticator';
import type { UserPrincipal } from '../../shared/identity/principal';
import { clientAddress, guardedHandler } from '../../shared/platform/http/guardedHandler';
import { createTokenBuckets } from '../../shared/platform/http/tokenBucket';

function request(headers: Record<string, string> = {}): HttpRequest {
  return new HttpRequest({ method: 'GET', url: 'http://localhost/api/me', headers });
}

function context(): InvocationContext & { errors: unknown[][] } {
  const errors: unknown[][] = [];
  const ctx = new InvocationContext({
    invocationId: 'c0ffee00-0000-4000-8000-000000000001',
    functionName: 'getMe',
    logHandler: (level, ...args) => {
      if (level === 'error') errors.push(args);
    },
  });
  return Object.assign(ctx, { errors });
}

describe('token buckets', () => {
  it('let a burst through, then refuse with the seconds until the next token, and refill with time', () => {
    let now = 0;
    const buckets = createTokenBuckets({ perMinute: 60, burst: 3, now: () => now });
    expect([1, 2, 3].map(() => buckets.take('a').ok)).toEqual([true, true, true]);
    expect(buckets.take('a')).toEqual({ ok: false, retryAfterSeconds: 1 });
    expect(buckets.take('b').ok).toBe(true);
    now += 1000;
    expect(buckets.take('a').ok).toBe(true);
    expect(buckets.take('a').ok).toBe(false);
  });

  it('are off at 0 a minute, and forget the least recently used key beyond their size', () => {
    const off = createTokenBuckets({ perMinute: 0, burst: 1 });
    expect(Array.from({ length: 100 }, () => off.take('a').ok).every(Boolean)).toBe(true);
    const small = createTokenBuckets({ perMinute: 1, burst: 1, maxKeys: 2, now: () => 0 });
    small.take('a');
    small.take('b');
    small.take('c'); // 'a' is forgotten: a full bucket again
    expect(small.take('a').ok).toBe(true);
    expect(small.take('c').ok).toBe(false);
  });
});

describe('guardedHandler', () => {
  it('answers a thrown error with problem+json 500 and the correlation id, logging the error but not returning it', async () => {
    const ctx = context();
    const handler = guardedHandler({ perClientAddress: createTokenBuckets({ perMinute: 0, burst: 1 }) }, () =>
      Promise.reject(new Error('relation "secret_table" does not exist')),
    );
    const response = await handler(request(), ctx);
    expect(response.status).toBe(500);
    expect(response.headers).toMatchObject({
      'content-type': 'application/problem+json',
      'x-correlation-id': ctx.invocationId,
    });
    expect(response.jsonBody).toMatchObject({ status: 500, correlationId: ctx.invocationId });
    expect(JSON.stringify(response.jsonBody)).not.toContain('secret_table');
    expect(JSON.stringify(ctx.errors)).toContain('secret_table');
  });

  it('answers 429 with Retry-After once an address has used its burst, before the handler runs', async () => {
    let ran = 0;
    const handler = guardedHandler(
      { perClientAddress: createTokenBuckets({ perMinute: 6, burst: 2 }) },
      () => {
        ran++;
        return Promise.resolve({ status: 200 });
      },
    );
    const from = (address: string) => request({ 'x-forwarded-for': `203.0.113.9, ${address}` });
    expect((await handler(from('198.51.100.7:50123'), context())).status).toBe(200);
    expect((await handler(from('198.51.100.7:50999'), context())).status).toBe(200);
    const refused = await handler(from('198.51.100.7:51000'), context());
    expect(refused.status).toBe(429);
    expect(refused.headers).toMatchObject({
      'retry-after': '10',
      'content-type': 'application/problem+json',
    });
    expect(ran).toBe(2);
    expect((await handler(from('198.51.100.8:1'), context())).status).toBe(200);
  });

  it('reads the address the front end appended, not one the client wrote before it', () => {
    expect(clientAddress(request({ 'x-forwarded-for': '10.0.0.1, 198.51.100.7:443' }))).toBe('198.51.100.7');
    expect(clientAddress(request({ 'x-forwarded-for': '[2001:db8::1]:443' }))).toBe('2001:db8::1');
    expect(clientAddress(request({ 'x-forwarded-for': '::1' }))).toBe('::1');
    expect(clientAddress(request())).toBe('unknown');
  });
});

describe('per-principal limit', () => {
  it('answers 429 to a signed-in person past their burst, and not to another person', async () => {
    const person = (employeeId: number): UserPrincipal => ({
      kind: 'user',
      employeeId,
      companyId: 1,
      companyCode: 'SCB',
      groupId: 1,
      groupCode: 'G',
      email: `p${employeeId}@example.com`,
      displayName: `P${employeeId}`,
      roles: new Set(['Employee']),
      groupWide: false,
    });
    const authenticator: Authenticator = {
      principalFor: (token) => Promise.resolve({ ok: true, principal: person(Number(token)) }),
    };
    const identity = createRequestIdentity({
      authenticator,
      perPrincipal: createTokenBuckets({ perMinute: 60, burst: 2 }),
    });
    const as = (id: number) => request({ authorization: `Bearer ${id}` });
    expect((await identity.user(as(1))).ok).toBe(true);
    expect((await identity.user(as(1))).ok).toBe(true);
    const third = await identity.user(as(1));
    expect(third.ok).toBe(false);
    if (!third.ok) {
      expect(third.response.status).toBe(429);
      expect(third.response.headers).toMatchObject({ 'retry-after': '1' });
    }
    expect((await identity.user(as(2))).ok).toBe(true);
  });
});
