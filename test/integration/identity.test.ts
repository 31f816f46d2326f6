// Sign-in through devhost as a person or pipeline would do it: the local sign-in page lists the
// seeded people by role; tokens from the local issuer open the API (GET /api/me, bearer ingest);
// forged, expired and misdirected tokens do not; the issuer's key survives a restart.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevhost, TEST_HOST_KEY, waitFor, type DevhostRun } from '../../devhost/childHost';
import { openDatabase, type DatabaseHandle } from '../../shared/platform/db/database';
import { migrateToLatest } from '../../shared/platform/db/migrate';
import { seedDemoData } from '../../scripts/seed/seedDemoData';
import { lane, openTestDatabase, realServerUrl, type TestDatabase } from '../support/testDatabase';

interface Person {
  email: string;
  displayName: string;
  roles: string[];
  group?: string;
}
interface Me {
  kind: string;
  employee?: { email: string };
  company?: { code: string };
  roles: string[];
  groupWide?: boolean;
  scope: string;
}

let host: DevhostRun;
let dataDir: string;
let server: TestDatabase | undefined;
let sections: { role: string; people: Person[] }[];
let leaverEmail: string;

const me = (token: string) => fetch(`${host.apiBase}/me`, { headers: { authorization: `Bearer ${token}` } });
const ingest = (token: string, events: unknown[]) =>
  fetch(`${host.apiBase}/ingest/usage-events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ events }),
  });
const section = (role: string) => sections.find((s) => s.role === role)?.people ?? [];

describe(`sign-in through devhost (${lane()})`, () => {
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'asset-pulse-identity-'));
    // The demo organisation, small: people with every role, group-wide ones and leavers. Seeded
    // here, before devhost starts (embedded PGlite has one owner at a time), to learn a leaver's e-mail.
    if (realServerUrl) server = await openTestDatabase();
    const handle: DatabaseHandle =
      server?.handle ?? (await openDatabase({ pgliteDataDir: join(dataDir, 'pglite'), poolMax: 1 }));
    await migrateToLatest(handle.db);
    await seedDemoData(handle.db, { size: 0.05, now: new Date(), usageDays: 2 });
    leaverEmail = (
      await handle.db
        .selectFrom('employees')
        .select('email')
        .where('status', '=', 'leaver')
        .executeTakeFirstOrThrow()
    ).email;
    if (!server) await handle.close();
    host = await startDevhost({
      dataDir,
      env: server?.url ? { DATABASE_URL: server.url } : { DATABASE_URL: '' },
    });
    const page = await fetch(`${host.url}/dev/login`, { headers: { accept: 'application/json' } });
    sections = ((await page.json()) as { sections: typeof sections }).sections;
  });

  afterAll(async () => {
    if (process.env.SHOW_DEVHOST_LOG) console.log(host?.output());
    await host?.dispose();
    await server?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints the sign-in page in the banner and lists people by role, group-wide ones marked', async () => {
    expect(host.output()).toMatch(/Sign in\s+http:\/\/127\.0\.0\.1:\d+\/dev\/login/);
    expect(sections.map((s) => s.role)).toEqual(['Admin', 'CTO', 'Finance', 'HR', 'Manager', 'Employee']);
    for (const role of ['CTO', 'Finance', 'HR', 'Manager', 'Employee']) {
      expect(section(role).length).toBeGreaterThan(0);
      expect(section(role).every((p) => p.roles.includes(role))).toBe(true);
    }
    const groupCto = section('CTO').find((p) => p.group === 'NORDA');
    expect(groupCto).toBeDefined();

    const html = await (await fetch(`${host.url}/dev/login`)).text();
    expect(html).toContain('<h2>HR</h2>');
    expect(html).toContain(groupCto!.email);
    expect(html).toMatch(/group-wide NORDA/);
  });

  it('finds people by name or e-mail with the search box', async () => {
    const someone = section('Employee')[0]!;
    const lastName = someone.displayName.split(' ').at(-1)!;
    const html = await (
      await fetch(`${host.url}/dev/login?q=${encodeURIComponent(lastName.toLowerCase())}`)
    ).text();
    expect(html).toContain(someone.email);
    expect(html).not.toContain('<h2>HR</h2>');
  });

  it('signs in from the page: shows the token, or sends it to a loopback redirect_uri', async () => {
    const person = section('Manager')[0]!;
    const shown = await fetch(`${host.url}/dev/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email: person.email }).toString(),
    });
    const token = /<textarea id="token" readonly>([^<]+)<\/textarea>/.exec(await shown.text())?.[1];
    expect(token).toBeDefined();
    expect(((await (await me(token!)).json()) as Me).employee?.email).toBe(person.email);

    const redirected = await fetch(`${host.url}/dev/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        email: person.email,
        redirect_uri: 'http://localhost:5173/signed-in',
      }).toString(),
    });
    expect(redirected.status).toBe(303);
    expect(redirected.headers.get('location')).toMatch(
      /^http:\/\/localhost:5173\/signed-in#access_token=[\w.-]+&token_type=Bearer&expires_in=3600$/,
    );
    const elsewhere = await fetch(
      `${host.url}/dev/login?redirect_uri=${encodeURIComponent('https://evil.example.com/')}`,
    );
    expect(elsewhere.status).toBe(400);
  });

  it('opens GET /api/me with a token from the local issuer: employee, company, roles and scope', async () => {
    const cto = section('CTO').find((p) => p.group === 'NORDA')!;
    const body = (await (await me(await host.tokenFor(cto.email))).json()) as Me;
    expect(body).toMatchObject({
      kind: 'user',
      employee: { email: cto.email },
      groupWide: true,
      scope: 'group',
    });
    expect(body.roles).toEqual(expect.arrayContaining(['Employee', 'CTO']));

    const employee = section('Employee').find((p) => p.roles.length === 1)!;
    const plain = (await (await me(await host.tokenFor(employee.email))).json()) as Me;
    expect(plain).toMatchObject({ roles: ['Employee'], groupWide: false, scope: 'self' });
  });

  it('answers 401 with a Bearer challenge to no token, a forged token, an expired one and one for another API', async () => {
    const person = section('Employee')[0]!;
    const none = await fetch(`${host.apiBase}/me`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    expect(none.headers.get('content-type')).toBe('application/problem+json');

    // Same claims and key id as the local issuer's, signed by a key of our own.
    const genuine = await host.tokenFor(person.email);
    const [header, payload] = genuine.split('.') as [string, string];
    const { privateKey } = await generateKeyPair('RS256');
    const forged = await new SignJWT(
      JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>,
    )
      .setProtectedHeader(JSON.parse(Buffer.from(header, 'base64url').toString()) as { alg: string })
      .sign(privateKey);
    const expired = await host.tokenFor(person.email, { expiresInSeconds: -600 });
    const elsewhere = await host.tokenFor(person.email, { audience: 'api://another-api' });

    for (const [token, detail] of [
      [forged, /signature/],
      [expired, /expired/],
      [elsewhere, /audience/],
    ] as const) {
      const response = await me(token);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);
      expect(((await response.json()) as { detail: string }).detail).toMatch(detail);
    }
  });

  it('answers 403 to a leaver and to someone who is not an employee', async () => {
    // Leavers are not listed, but Entra still issues them tokens until the account is disabled.
    const leaver = await me(await host.tokenFor(leaverEmail));
    expect(leaver.status).toBe(403);
    expect(leaver.headers.get('content-type')).toBe('application/problem+json');
    expect(((await leaver.json()) as { detail: string }).detail).toMatch(/has left/);

    const stranger = await host.tokenFor(section('Employee')[0]!.email, {
      claims: {
        email: 'visitor@elsewhere.example.com',
        preferred_username: 'visitor@elsewhere.example.com',
        oid: 'v',
        sub: 'v',
      },
    });
    const refused = await me(stranger);
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { detail: string }).detail).toMatch(/No employee/);
  });

  it('binds a person to the local token’s tid + oid; another account with their e-mail is refused (403)', async () => {
    // someone with a group-wide role (the small seed may have no Admin)
    const holder = [...section('Admin'), ...section('CTO')].find((p) => p.group === 'NORDA')!;
    const own = await host.tokenFor(holder.email);
    const claims = decodeJwt(own);
    expect(claims).toMatchObject({ tid: expect.any(String) as unknown, oid: expect.any(String) as unknown });
    expect(claims.xms_edov).toBe(true);
    expect((await me(own)).status).toBe(200);
    for (const attacker of [
      // another object id, with the bound person's verified e-mail
      { oid: 'attacker-oid', sub: 'attacker-oid' },
      // an unknown account whose only link to them is preferred_username, in other case
      {
        oid: 'attacker-oid',
        sub: 'attacker-oid',
        email: 'mallory@elsewhere.example.com',
        preferred_username: holder.email.toUpperCase(),
      },
    ]) {
      const refused = await me(await host.tokenFor(holder.email, { claims: attacker }));
      expect(refused.status).toBe(403);
      expect(refused.headers.get('content-type')).toBe('application/problem+json');
    }
    expect(((await (await me(own)).json()) as Me).employee?.email).toBe(holder.email);
  });

  it('takes usage events from a pipeline with an Ingest app token (202, stored) and refuses a person’s token (403)', async () => {
    const person = section('Employee')[0]!;
    const event = {
      eventId: 'bearer-1',
      occurredAt: new Date(Date.now() - 60_000).toISOString(),
      userEmail: person.email,
      app: 'slack',
      eventType: 'login',
    };
    const day = event.occurredAt.slice(0, 10);
    const slackEvents = async () => {
      const response = await fetch(`${host.apiBase}/usage-events/stats?from=${day}&to=${day}&app=slack`, {
        headers: { 'x-functions-key': TEST_HOST_KEY },
      });
      return ((await response.json()) as { totals: { events: number } }).totals.events;
    };
    const before = await slackEvents();
    const accepted = await ingest(await host.appToken(['Ingest']), [event]);
    expect(accepted.status).toBe(202);
    expect(await accepted.json()).toEqual({ accepted: 1, rejected: [] });
    await waitFor('the event stored', async () => ((await slackEvents()) === before + 1 ? true : undefined));

    const refused = await ingest(await host.tokenFor(person.email), [event]);
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { detail: string }).detail).toMatch(/Ingest/);
    expect((await ingest(await host.appToken([]), [event])).status).toBe(403);
  });

  it('still accepts a token minted before a restart (the issuer key is kept in the data folder)', async () => {
    const person = section('HR')[0]!;
    const before = await host.tokenFor(person.email);
    await host.stop();
    await host.restart();
    expect((await me(before)).status).toBe(200);
  });
});
