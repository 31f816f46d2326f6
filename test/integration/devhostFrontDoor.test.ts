// devhost's HTTP front door through the real host: the /dev pages against DNS rebinding and
// cross-site requests, the host-wide request body limits on the buffered path, the query string for
// apps on an older @azure/functions (test/fixtures/legacy-app, on 4.3.0), malformed %-escapes.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot, startDevhost, waitFor, type DevhostRun } from '../../devhost/childHost';
import { rawRequest, upload } from '../support/httpUpload';

const MiB = 1024 * 1024;
const KEY = { 'x-functions-key': 'fixture-host-key' };
let host: DevhostRun;
let port: number;

const listing = async () =>
  (await (await fetch(`${host.url}/dev/functions`)).json()) as {
    requestBodies: {
      maxBodyBytes: number;
      maxInFlightBytes: number;
      inFlightBytes: number;
      streamed: boolean;
    };
  };

beforeAll(async () => {
  host = await startDevhost({
    appDir: join(projectRoot, 'test', 'fixtures', 'legacy-app'),
    env: {
      AzureWebJobsStorage: '', // no storage: nothing to start
      FUNCTIONS_REQUEST_BODY_SIZE_LIMIT: String(MiB),
      DEVHOST_MAX_INFLIGHT_REQUEST_BYTES: String(1.5 * MiB),
    },
  });
  port = Number(new URL(host.url).port);
}, 120_000);

afterAll(async () => {
  await host?.dispose();
});

describe('an app on @azure/functions 4.3.0', () => {
  it('gets the query string in request.query (it reads the RPC query, not the URL)', async () => {
    const response = await fetch(`${host.apiBase}/query?timeout=2&q=a%20b&tag=x&tag=y`);
    expect(await response.json()).toEqual({ query: { timeout: '2', q: 'a b', tag: 'x,y' }, timeout: '2' });
  });
});

describe("devhost's /dev pages from a web page", () => {
  it('refuse a Host that is not a loopback name with its port (DNS rebinding)', async () => {
    for (const hostHeader of [`attacker.example:${port}`, 'attacker.example', `localhost:${port + 1}`]) {
      const refused = await rawRequest(`${host.url}/dev/functions`, { headers: { host: hostHeader } });
      expect(refused.status).toBe(403);
      expect(refused.body).not.toContain('requestBodies');
    }
    for (const hostHeader of [`localhost:${port}`, `127.0.0.1:${port}`]) {
      expect((await rawRequest(`${host.url}/dev/functions`, { headers: { host: hostHeader } })).status).toBe(
        200,
      );
    }
  });

  it('mint no token for a foreign Origin or a text/plain POST, and do for a program', async () => {
    const token = (headers: Record<string, string>) =>
      rawRequest(`${host.url}/dev/identity/token`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ clientId: 'attacker', roles: ['Admin'] }),
      });
    const foreign = await token({ origin: 'http://attacker.example', 'content-type': 'application/json' });
    expect(foreign.status).toBe(403);
    expect(foreign.body).not.toContain('access_token');
    const simple = await token({ origin: `http://localhost:${port}`, 'content-type': 'text/plain' });
    expect(simple.status).toBe(415);
    expect(simple.body).not.toContain('access_token');
    expect((await token({})).status).toBe(415); // a body with no content type
    const program = await token({ 'content-type': 'application/json' });
    expect(program.status).toBe(200);
    expect(program.body).toContain('access_token');
  });

  it('never send a sign-in to a host named by the request (Host: evil.example)', async () => {
    const form = new URLSearchParams({ email: 'admin@example.com', redirect_uri: 'http://evil.example/cb' });
    const rebound = await rawRequest(`${host.url}/dev/login`, {
      method: 'POST',
      headers: { host: 'evil.example', 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    });
    expect(rebound.status).toBe(403);
    expect(rebound.headers.location).toBeUndefined();
    const crossSite = await rawRequest(`${host.url}/dev/login`, {
      method: 'POST',
      headers: { origin: 'http://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    });
    expect(crossSite.status).toBe(403);
    // with a proper Host, evil.example is still no place for a token
    const direct = await rawRequest(`${host.url}/dev/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    });
    expect(direct.status).toBe(400);
    expect(direct.headers.location).toBeUndefined();
  });

  it('answer a malformed %-escape in a mailbox path with 400, not 500', async () => {
    const response = await fetch(`${host.url}/dev/mailbox/%zz`);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { detail: string }).detail).toMatch(/malformed %-escape/);
  });
});

describe('request bodies on the buffered path', () => {
  it('refuse a body over FUNCTIONS_REQUEST_BODY_SIZE_LIMIT: by its Content-Length, else while it streams in', async () => {
    expect((await listing()).requestBodies).toMatchObject({ maxBodyBytes: MiB, streamed: false });
    const declared = await upload(`${host.apiBase}/size`, 2 * MiB, { headers: KEY, declareLength: true });
    expect(declared.status).toBe(413);
    expect(declared.body).toMatch(/FUNCTIONS_REQUEST_BODY_SIZE_LIMIT/);
    const chunked = await upload(`${host.apiBase}/size`, 50 * MiB, { headers: KEY });
    expect(chunked.status).toBe(413);
    expect(chunked.sent).toBeLessThan(25 * MiB); // stopped near the limit, not read to the end
    const fits = await upload(`${host.apiBase}/size`, MiB, { headers: KEY });
    expect(fits.status).toBe(200);
    expect(JSON.parse(fits.body)).toEqual({ bytes: MiB });
  });

  it('answer 503 with Retry-After while the bytes in flight are at the cap, and take the request once they drain', async () => {
    // One request declares 1 MiB and sends half of it, then waits: devhost holds its reservation.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const first = upload(`${host.apiBase}/size`, MiB, {
      headers: KEY,
      declareLength: true,
      pauseAfter: MiB / 2,
      resumeWhen: held,
    });
    await waitFor('the first request to be in flight', async () =>
      (await listing()).requestBodies.inFlightBytes >= MiB ? true : undefined,
    );
    const second = await upload(`${host.apiBase}/size`, MiB, { headers: KEY, declareLength: true });
    expect(second.status).toBe(503);
    expect(second.headers['retry-after']).toBe('1');
    release();
    expect((await first).status).toBe(200);
    await waitFor('the reservation to be released', async () =>
      (await listing()).requestBodies.inFlightBytes === 0 ? true : undefined,
    );
    const again = await upload(`${host.apiBase}/size`, MiB, { headers: KEY, declareLength: true });
    expect(again.status).toBe(200);
  });
});

describe('the durable clock page', () => {
  let durable: DevhostRun;
  beforeAll(async () => {
    durable = await startDevhost({
      appDir: join(projectRoot, 'test', 'fixtures', 'durable-app'),
      env: { DEVHOST_ADJUSTABLE_CLOCK: 'true' },
    });
  }, 120_000);
  afterAll(async () => {
    await durable?.dispose();
  });

  it('does not move for a text/plain or cross-origin POST, and does for a JSON one', async () => {
    const now = async () =>
      Date.parse(((await (await fetch(`${durable.url}/dev/clock`)).json()) as { now: string }).now);
    const day = 86_400_000;
    const before = await now();
    const post = (headers: Record<string, string>) =>
      rawRequest(`${durable.url}/dev/clock`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ advanceMs: 30 * day }),
      });
    expect((await post({ 'content-type': 'text/plain' })).status).toBe(415);
    expect(
      (await post({ 'content-type': 'application/json', origin: 'http://attacker.example' })).status,
    ).toBe(403);
    expect(await now()).toBeLessThan(before + day);
    expect((await post({ 'content-type': 'application/json' })).status).toBe(200);
    expect(await now()).toBeGreaterThanOrEqual(before + 30 * day);
  });
});
