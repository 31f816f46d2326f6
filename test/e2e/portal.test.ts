// The portal in a real browser, through devhost: an employee signs in from /dev/login, lands on
// Home, opens My requests and a request's page, and sees their manager's decision arrive without a
// reload; a manager approves from Approvals; an admin meets a validation error at the policy's
// field; someone of another subsidiary finds the request not found; an employee finds a whiteboard
// app in the catalog with free seats at a sibling, requests it, their manager approves in the
// portal, the department head through the mail's link, and the request page reaches fulfilled. On every portal page axe-core finds no serious or critical violation, and the page runs
// under its Content-Security-Policy without a violation. A screenshot per step goes to
// test-artifacts/portal/.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot, startDevhost, type DevhostRun } from '../../devhost/childHost';
import { insertPortalFixture, type PortalFixture } from '../../scripts/fixtures/portalFixture';
import { approvalDriver } from '../support/approvalDriver';
import { prepareAppDatabase, type AppDatabase } from '../support/appDatabase';
import { browserAvailable, chromiumPath, launchBrowser } from '../support/browser';

const artifacts = join(projectRoot, 'test-artifacts', 'portal');
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/** axe-core's serious and critical violations on the page as it is now. */
async function seriousViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, not as an inline <script>, which the CSP forbids.
  // The callbacks run in the page, so they name its globals through globalThis (no DOM types here).
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const page = globalThis as unknown as {
      axe: { run(context: unknown): Promise<{ violations: unknown[] }> };
      document: unknown;
    };
    return (await page.axe.run(page.document)).violations;
  });
  return (violations as AxeViolation[])
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} at ${JSON.stringify(v.nodes.map((n) => n.target))}`);
}

/** From the portal's redirect to /dev/login: find the person by e-mail and pick them. */
async function pickPerson(page: Page, email: string, name: string): Promise<void> {
  await page.waitForURL(/\/dev\/login\?redirect_uri=/);
  await page.locator('input[name="q"]').fill(email.split('@')[0] ?? email);
  await page.getByRole('button', { name: 'Search' }).click();
  await page.getByRole('button', { name }).click();
  await page.getByRole('heading', { level: 1 }).first().waitFor();
}

if (!browserAvailable) {
  console.warn(`Browser tests skipped: no Chromium at ${chromiumPath} (.ci/run installs Debian's chromium).`);
}

describe.skipIf(!browserAvailable)('the portal in a browser', () => {
  let host: DevhostRun;
  let database: AppDatabase<PortalFixture>;
  let dataDir: string;
  let browser: Browser;
  const drive = approvalDriver(() => host);

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    dataDir = mkdtempSync(join(tmpdir(), 'asset-pulse-portal-'));
    database = await prepareAppDatabase(dataDir, insertPortalFixture);
    host = await startDevhost({ dataDir, env: database.env });
    browser = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await host?.dispose();
    await database?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('signs an employee in from /dev/login, then Home, My requests and a request updating live', async () => {
    const { people } = database.extra;
    const request = await drive.submit(people.dev.email, [{ app: 'chatter' }]);

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const cspViolations: string[] = [];
    page.on('console', (message) => {
      if (/Content.Security.Policy/i.test(message.text())) cspViolations.push(message.text());
    });
    let step = 0;
    const checkPage = async (name: string) => {
      step += 1;
      await page.screenshot({
        path: join(artifacts, `${String(step).padStart(2, '0')}-${name}.png`),
        fullPage: true,
      });
      expect(await seriousViolations(page), `axe on ${name}`).toEqual([]);
    };

    // Not signed in: the portal sends the person to devhost's sign-in page, with its callback.
    // devhost serves the build with Static Web Apps' headers, and the runtime config for its issuer.
    const shell = await page.goto(`${host.url}/`);
    expect(shell?.headers()['content-security-policy']).toContain("script-src 'self'");
    const config = (await (await fetch(`${host.url}/config.json`)).json()) as Record<string, unknown>;
    expect(config).toMatchObject({ mode: 'devhost', apiBase: '/api', loginUrl: `${host.url}/dev/login` });
    await page.waitForURL(/\/dev\/login\?redirect_uri=/);
    step += 1;
    await page.screenshot({ path: join(artifacts, `${String(step).padStart(2, '0')}-sign-in.png`) });
    await page.locator('input[name="q"]').fill('dan.dev');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('button', { name: 'Dan Dev' }).click();

    // Back in the portal, signed in, on Home.
    await page.getByRole('heading', { level: 1, name: 'Welcome, Dan Dev' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    expect(new URL(page.url()).hash).toBe('');
    const nav = page.getByRole('navigation', { name: 'Main' });
    expect(await nav.getByRole('link', { name: 'Admin' }).count()).toBe(0);
    await checkPage('home');

    // By keyboard: the first Tab reaches the skip link, the next ones the navigation.
    await page.keyboard.press('Tab');
    expect(
      await page.evaluate(
        () =>
          (globalThis as unknown as { document: { activeElement: { textContent: string } } }).document
            .activeElement.textContent,
      ),
    ).toBe('Skip to content');
    // At 390 px wide (a phone) nothing runs off the side.
    await page.setViewportSize({ width: 390, height: 844 });
    expect(
      await page.evaluate(
        () =>
          (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document
            .documentElement.scrollWidth,
      ),
    ).toBeLessThanOrEqual(390);
    await checkPage('home-390px');
    await page.setViewportSize({ width: 1280, height: 900 });

    await nav.getByRole('link', { name: 'My requests' }).click();
    await page.getByRole('heading', { level: 1, name: 'My requests' }).waitFor();
    await page.getByRole('link', { name: request.code }).waitFor();
    await checkPage('my-requests');

    await page.getByRole('link', { name: request.code }).click();
    await page.getByRole('heading', { level: 1, name: request.code }).waitFor();
    await page.getByText('Mia Manager').first().waitFor();
    await checkPage('request-detail');

    // The manager approves through the API; the open page shows it without a reload.
    await drive.approvalMail(request.code, people.manager.email);
    const decision = await drive.api('POST', `/approvals/${request.id}/decision`, people.manager.email, {
      decision: 'approve',
      comment: 'Go ahead',
    });
    expect(decision.status, await decision.clone().text()).toBe(200);
    await page.getByText(/Approved by Mia Manager/).waitFor({ timeout: 10_000 });
    await checkPage('request-detail-approved');

    // A page reload keeps the person signed in (session storage), a deep link works (navigation fallback).
    await page.goto(`${host.url}/requests/${request.code}`);
    await page.getByRole('heading', { level: 1, name: request.code }).waitFor();

    // Sign out: the token is gone; the next visit asks to sign in again.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { level: 1, name: 'You are signed out' }).waitFor();
    await checkPage('signed-out');
    await page.goto(`${host.url}/requests`);
    await page.waitForURL(/\/dev\/login\?redirect_uri=/);

    expect(cspViolations).toEqual([]);
    await context.close();
  });
  it('lets a manager approve from the Approvals page and an admin meet a validation error at the field', async () => {
    const { people } = database.extra;
    const request = await drive.submit(people.dev2.email, [{ app: 'tracker' }]);
    await drive.approvalMail(request.code, people.manager.email);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const shot = async (name: string) => {
      await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
      expect(await seriousViolations(page), `axe on ${name}`).toEqual([]);
    };

    // The manager opens Approvals straight away; after signing in they are back there.
    await page.goto(`${host.url}/approvals`);
    await pickPerson(page, people.manager.email, 'Mia Manager');
    await page.getByRole('heading', { level: 1, name: 'Approvals' }).waitFor();
    await page.getByLabel(`Comment on ${request.code} (optional)`).fill('Approved in the portal');
    await shot('20-approvals');
    // By keyboard: from the comment, Tab reaches Approve and Enter presses it.
    await page.keyboard.press('Tab');
    expect(
      await page.evaluate(
        () =>
          (globalThis as unknown as { document: { activeElement: { textContent: string } } }).document
            .activeElement.textContent,
      ),
    ).toBe(`Approve ${request.code}`);
    await page.keyboard.press('Enter');
    await page.getByText(`${request.code} approved.`).waitFor();
    expect(await page.getByRole('button', { name: `Approve ${request.code}` }).count()).toBe(0);
    await shot('21-approvals-decided');
    const detail = await drive.detail(request.id, people.dev2.email);
    expect(detail.steps[0]?.decision).toMatchObject({ by: 'Mia Manager', comment: 'Approved in the portal' });

    // The admin: a negative threshold comes back from the API as an error at that field.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { level: 1, name: 'You are signed out' }).waitFor();
    await page.goto(`${host.url}/admin`);
    await pickPerson(page, people.admin.email, 'Ari Admin');
    await page.getByRole('heading', { level: 1, name: 'Admin' }).waitFor();
    const threshold = page.getByLabel('Step 2: from a monthly cost of');
    await threshold.fill('-5');
    await page.getByRole('button', { name: 'Save policy' }).click();
    await page.getByText('The policy was not saved').waitFor();
    expect(await threshold.getAttribute('aria-invalid')).toBe('true');
    await shot('22-admin-policy-error');

    // Someone of another subsidiary: the request is not found, as if it did not exist.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { level: 1, name: 'You are signed out' }).waitFor();
    await page.goto(`${host.url}/requests/${request.code}`);
    await pickPerson(page, people.outsider.email, 'Otto Outsider');
    await page.getByRole('heading', { level: 1, name: 'Request not found' }).waitFor();
    await shot('23-other-subsidiary-not-found');
    await context.close();
  });
  it('finds a whiteboard app with free seats at a sibling, requests it, and watches it approved in the portal and by mail, then fulfilled', async () => {
    const { people } = database.extra;
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const shot = async (target: Page, name: string) => {
      await target.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
      expect(await seriousViolations(target), `axe on ${name}`).toEqual([]);
    };

    // The employee searches the catalog by a feature word and sees prices and a sibling's seats.
    await page.goto(`${host.url}/request`);
    await pickPerson(page, people.dev.email, 'Dan Dev');
    await page.getByRole('heading', { level: 1, name: 'Request software' }).waitFor();
    await page.getByLabel('Search by name, vendor, category or feature').fill('whiteboard');
    const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Boardly' }) });
    await card.waitFor();
    await card
      .getByText(/per seat a month/)
      .first()
      .waitFor();
    await card.getByText(/at Other Company \(5\)/).waitFor();
    await card.getByText(/We already have: .*Chatter/i).waitFor();
    await shot(page, '30-catalog');

    // Four seats cost enough for a second step (the department head); the server prices the draft.
    await page.getByRole('button', { name: 'Add Boardly to the request' }).click();
    await page.getByLabel('Seats').fill('4');
    await page.getByLabel('Justification').fill('Remote workshops with the design team.');
    await page.getByText(/Boardly \(.+\), 4 ×/).waitFor();
    await shot(page, '31-request-form-priced');
    await page.getByRole('button', { name: 'Submit request' }).click();
    await page.waitForURL(/\/requests\/[0-9a-f-]{36}$/);
    const requestId = new URL(page.url()).pathname.split('/').pop() ?? '';
    const heading = page.getByRole('heading', { level: 1, name: /^PR-TST-/ });
    await heading.waitFor();
    const code = (await heading.textContent()) ?? '';
    await shot(page, '32-request-submitted');

    // The manager approves from the Approvals page, in their own browser.
    await drive.approvalMail(code, people.manager.email);
    const managerContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const manager = await managerContext.newPage();
    await manager.goto(`${host.url}/approvals`);
    await pickPerson(manager, people.manager.email, 'Mia Manager');
    await manager.getByRole('button', { name: `Approve ${code}` }).click();
    await manager.getByText(`${code} approved.`).waitFor();
    await managerContext.close();

    // The department head approves through the link in their mail, from the mailbox page.
    const headMail = await drive.approvalMail(code, people.cto.email);
    const mailContext = await browser.newContext();
    const confirm = await mailContext.newPage();
    await confirm.goto(drive.link(headMail, 'approve'));
    expect(await confirm.locator('h1').textContent()).toBe(code);
    await confirm.getByRole('button', { name: 'Approve as Tor Cto' }).click();
    await confirm.waitForLoadState();
    expect(await confirm.locator('h1').textContent()).toBe('Thank you');
    await mailContext.close();

    // The employee's open request page reaches fulfilled without a reload.
    await page
      .getByText(/Fulfilled/)
      .first()
      .waitFor({ timeout: 20_000 });
    await shot(page, '33-request-fulfilled');
    const detail = await drive.detail(requestId, people.dev.email);
    expect(detail.status).toBe('fulfilled');
    expect(detail.steps.map((s) => s.decision?.by)).toEqual(['Mia Manager', 'Tor Cto']);

    await context.close();
  });
});
