// devhost's HTTP front door, piece by piece: who may use its /dev pages (Host, Origin, content
// type), where the sign-in page may send a token, the request body ledger, the query older
// @azure/functions versions read, and malformed %-escapes. Through devhost: devhostFrontDoor and
// requestBodies in test/integration.
import type { ServerResponse } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { devRequestRefusal } from '../../devhost/http/devRequestGuard';
import { rpcQuery } from '../../devhost/http/httpHost';
import { InFlightRequestBytes, requestBodyLimitsFromEnv } from '../../devhost/http/requestBodyLimits';
import { compileRoute } from '../../devhost/http/routeTemplate';
import { serveStatic } from '../../devhost/http/staticFiles';
import { allowedRedirect } from '../../devhost/identity/identityRoutes';

const PORT = 7071;
const dev = (method: string, headers: Record<string, string>) =>
  devRequestRefusal({ method, headers: { host: `127.0.0.1:${PORT}`, ...headers } }, PORT);

describe("devhost's /dev pages", () => {
  it('answer only a loopback name with the listening port in Host (no DNS rebinding)', () => {
    for (const host of [
      `localhost:${PORT}`,
      `127.0.0.1:${PORT}`,
      `127.4.5.6:${PORT}`,
      `[::1]:${PORT}`,
      `LOCALHOST:${PORT}`,
    ])
      expect(devRequestRefusal({ method: 'GET', headers: { host } }, PORT)).toBeUndefined();
    for (const host of [
      `attacker.example:${PORT}`,
      'attacker.example',
      `localhost:${PORT + 1}`,
      'localhost',
      `127.0.0.1.attacker.example:${PORT}`,
      `localhost.attacker.example:${PORT}`,
      `user@localhost:${PORT}`,
      '',
    ])
      expect(devRequestRefusal({ method: 'GET', headers: { host } }, PORT)?.status).toBe(403);
    // without a port a browser means 80
    expect(devRequestRefusal({ method: 'GET', headers: { host: 'localhost' } }, 80)).toBeUndefined();
  });

  it("refuse any Origin but devhost's own", () => {
    expect(
      dev('POST', { origin: `http://localhost:${PORT}`, 'content-type': 'application/json' }),
    ).toBeUndefined();
    expect(
      dev('POST', { origin: `http://127.0.0.1:${PORT}`, 'content-type': 'application/json' }),
    ).toBeUndefined();
    for (const origin of [
      'http://attacker.example',
      `http://attacker.example:${PORT}`,
      `https://localhost:${PORT}`,
      `http://localhost:${PORT + 1}`,
      'null',
    ])
      expect(dev('POST', { origin, 'content-type': 'application/json' })?.status).toBe(403);
    expect(dev('GET', { origin: 'http://attacker.example' })?.status).toBe(403);
  });

  it('take application/json only on JSON endpoints, so a simple cross-site POST fails', () => {
    expect(
      dev('POST', { 'content-type': 'application/json; charset=utf-8', 'content-length': '2' }),
    ).toBeUndefined();
    for (const type of [
      'text/plain',
      'text/plain;charset=UTF-8',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
    ])
      expect(dev('POST', { 'content-type': type, 'content-length': '2' })?.status).toBe(415);
    expect(dev('POST', { 'content-length': '2' })?.status).toBe(415); // a body without a type
    expect(dev('POST', {})).toBeUndefined(); // no body: e.g. POST /dev/orchestrations/replay?instanceId=
    expect(dev('DELETE', {})).toBeUndefined();
    // the sign-in page's own form
    const form = { 'content-type': 'application/x-www-form-urlencoded', 'content-length': '9' };
    expect(
      devRequestRefusal({ method: 'POST', headers: { host: `localhost:${PORT}`, ...form } }, PORT, true),
    ).toBeUndefined();
    expect(
      devRequestRefusal(
        {
          method: 'POST',
          headers: { host: `localhost:${PORT}`, 'content-type': 'text/plain', 'content-length': '9' },
        },
        PORT,
        true,
      )?.status,
    ).toBe(415);
  });

  it("send tokens only to devhost's configured origin or loopback, whatever Host the request named", () => {
    const issuerOrigin = 'http://127.0.0.1:7071';
    expect(allowedRedirect('http://evil.example/cb', issuerOrigin)).toBeUndefined();
    expect(allowedRedirect('http://localhost:5173/cb', issuerOrigin)?.toString()).toBe(
      'http://localhost:5173/cb',
    );
    expect(allowedRedirect('http://127.0.0.1:7071/portal', issuerOrigin)).toBeDefined();
  });
});

describe('request bodies in flight', () => {
  const limits = { maxBodyBytes: 1000, maxInFlightBytes: 1500 };

  it('refuse a declared size above the body limit, and a body that streams past it', () => {
    const ledger = new InFlightRequestBytes(limits);
    expect(ledger.open(1001)).toMatchObject({ status: 413 });
    const budget = ledger.open(0);
    if ('status' in budget) throw new Error('refused');
    expect(budget.add(600)).toBeUndefined();
    expect(budget.add(401)).toMatchObject({ status: 413 });
    budget.close();
    expect(ledger.total).toBe(0);
  });

  it('answer 503 while the requests in flight hold the cap, and take the next once they finish', () => {
    const ledger = new InFlightRequestBytes(limits);
    const first = ledger.open(1000);
    expect(first).not.toHaveProperty('status');
    expect(ledger.open(600)).toMatchObject({ status: 503 });
    const chunked = ledger.open(0); // a chunked body reserves as it arrives
    if ('status' in chunked) throw new Error('refused');
    expect(chunked.add(400)).toBeUndefined();
    expect(chunked.add(200)).toMatchObject({ status: 503 });
    (first as { close(): void }).close();
    chunked.close();
    expect(ledger.total).toBe(0);
    expect(ledger.open(1000)).not.toHaveProperty('status');
  });

  it('come from FUNCTIONS_REQUEST_BODY_SIZE_LIMIT and DEVHOST_MAX_INFLIGHT_REQUEST_BYTES', () => {
    expect(requestBodyLimitsFromEnv({})).toEqual({
      maxBodyBytes: 104_857_600,
      maxInFlightBytes: 268_435_456,
    });
    expect(
      requestBodyLimitsFromEnv({
        FUNCTIONS_REQUEST_BODY_SIZE_LIMIT: '2048',
        DEVHOST_MAX_INFLIGHT_REQUEST_BYTES: '4096',
      }),
    ).toEqual({ maxBodyBytes: 2048, maxInFlightBytes: 4096 });
    expect(() => requestBodyLimitsFromEnv({ FUNCTIONS_REQUEST_BODY_SIZE_LIMIT: '10MB' })).toThrow(
      /FUNCTIONS_REQUEST_BODY_SIZE_LIMIT=10MB must be a whole number of bytes/,
    );
    expect(() =>
      requestBodyLimitsFromEnv({
        FUNCTIONS_REQUEST_BODY_SIZE_LIMIT: '4096',
        DEVHOST_MAX_INFLIGHT_REQUEST_BYTES: '2048',
      }),
    ).toThrow(
      /DEVHOST_MAX_INFLIGHT_REQUEST_BYTES \(2048\) must be at least FUNCTIONS_REQUEST_BODY_SIZE_LIMIT/,
    );
  });
});

describe('the HTTP trigger data', () => {
  it('carries the query as the host sends it over RPC (older @azure/functions read only this)', () => {
    expect(rpcQuery(new URL('http://h/api/start?timeout=2&q=a%20b&tag=x&tag=y&empty='))).toEqual({
      timeout: '2',
      q: 'a b',
      tag: 'x,y',
      empty: '',
    });
  });
});

describe('malformed %-escapes', () => {
  function fakeResponse() {
    const sent: { status?: number; headers?: Record<string, string>; body?: string } = {};
    const res = {
      writeHead(status: number, headers: Record<string, string>) {
        sent.status = status;
        sent.headers = headers;
        return res;
      },
      end(body?: string) {
        sent.body = body;
      },
    };
    return { res: res as unknown as ServerResponse, sent };
  }

  it('in a static path are a 400 problem, not a 500', () => {
    const root = mkdtempSync(join(tmpdir(), 'devhost-static-'));
    writeFileSync(join(root, 'index.html'), '<!doctype html>');
    for (const path of ['/%zz', '/assets/%E0%A4%A', '/%']) {
      const { res, sent } = fakeResponse();
      expect(serveStatic(root, path, res)).toBe(true);
      expect(sent.status).toBe(400);
      expect(sent.headers?.['content-type']).toBe('application/problem+json');
      const problem = JSON.parse(sent.body ?? '{}') as { status: number; detail: string };
      expect(problem.status).toBe(400);
      expect(problem.detail).toMatch(/malformed %-escape/);
    }
  });

  it('in a function route stay as they came, as ASP.NET Core leaves them', () => {
    expect(compileRoute('items/{name}').match('/items/%zz')).toEqual({ name: '%zz' });
    expect(compileRoute('files/{*path}').match('/files/a/%E0%A4')).toEqual({ path: 'a/%E0%A4' });
  });
});
