// The HR "new hire" path in a real browser, through devhost: HR signs in, records a data analyst
// with their job description, sees analytics tools ranked with their reasons and cost, drops one and
// submits; the hire's manager approves from the e-mail's link in devhost's mailbox; devhost's clock
// moves to the start date and the hire's page shows the seats. axe-core finds no serious or
// critical violation on the wizard's steps or the hire's page. Screenshots go to
// test-artifacts/new-hire/.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot, startDevhost, type DevhostRun } from '../../devhost/childHost';
import { insertNewHireFixture, type NewHireFixture } from '../../scripts/fixtures/newHireFixture';
import { approvalDriver } from '../support/approvalDriver';
import { prepareAppDatabase, type AppDatabase } from '../support/appDatabase';
import { browserAvailable, chromiumPath, launchBrowser } from '../support/browser';

const artifacts = join(projectRoot, 'test-artifacts', 'new-hire');
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const JOB_DESCRIPTION = [
  'We are looking for a Data Analyst to join our Data & Analytics team.',
  '',
  "What you'll do",
  '- Build and maintain dashboards in our BI tool for the sales and finance teams',
  '- Write SQL queries against the data warehouse to answer business questions',
  '- Present data visualizations and insights to managers',
  '',
  'What you bring',
  '- Strong SQL and spreadsheet skills',
  '- Experience with Tableau, Power BI or Looker',
].join('\n');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/** axe-core's serious and critical violations on the page as it is now (run through DevTools, not an inline script). */
async function seriousViolations(page: Page): Promise<string[]> {
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

interface HireView {
  id: string;
  status: string;
  startDate: string;
  request: { id: string; code: string; status: string } | null;
  bundle: { app: { slug: string } }[];
  match: { apps: { app: { slug: string; name: string } }[] } | null;
  seats: { app: { slug: string; name: string } }[];
}

if (!browserAvailable) {
  console.warn(`Browser tests skipped: no Chromium at ${chromiumPath} (.ci/run installs Debian's chromium).`);
}

describe.skipIf(!browserAvailable)('a new hire in the browser', () => {
  let host: DevhostRun;
  let database: AppDatabase<NewHireFixture>;
  let dataDir: string;
  let browser: Browser;
  const drive = approvalDriver(() => host);

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    dataDir = mkdtempSync(join(tmpdir(), 'asset-pulse-new-hire-'));
    database = await prepareAppDatabase(dataDir, (db, directory) => insertNewHireFixture(db, directory));
    host = await startDevhost({ dataDir, env: { ...database.env, DEVHOST_ADJUSTABLE_CLOCK: 'true' } });
    browser = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await host?.dispose();
    await database?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('records a data analyst, adjusts the proposed analytics tools, and shows the seats on the start date', async () => {
    const { people } = database.extra;
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const cspViolations: string[] = [];
    page.on('console', (message) => {
      if (/Content.Security.Policy/i.test(message.text())) cspViolations.push(message.text());
    });
    const shot = async (target: Page, name: string) => {
      await target.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
      expect(await seriousViolations(target), `axe on ${name}`).toEqual([]);
    };

    // HR opens the wizard; after signing in they are back on it.
    await page.goto(`${host.url}/new-hires/new`);
    await page.waitForURL(/\/dev\/login\?redirect_uri=/);
    await page.locator('input[name="q"]').fill('hana.hr');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('button', { name: people.hr.displayName }).click();
    await page.getByRole('heading', { level: 1, name: 'New hire' }).waitFor();
    expect(
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'New hires' }).count(),
    ).toBe(1);

    // Step 1: the person. Next without a name says so at the field.
    await page.getByRole('button', { name: 'Next: job description' }).click();
    await page.getByText('Give the person’s name.').first().waitFor();
    const startDate = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel('Name').fill('Ada Lovelace');
    await page.getByLabel('Work e-mail').fill('ada.lovelace@nhc.example.com');
    await page.getByLabel('Job title').fill('Data Analyst');
    await page.getByLabel('Department code').fill('DATA');
    await page.getByLabel('Manager’s e-mail').fill(people.lead.email);
    await page.getByLabel('Start date').fill(startDate);
    await shot(page, '01-person');
    await page.getByRole('button', { name: 'Next: job description' }).click();

    // Step 2: the job description and seniority.
    await page.getByRole('heading', { name: 'Step 2 of 4: Job description' }).waitFor();
    await page.getByRole('textbox', { name: 'Job description' }).fill(JOB_DESCRIPTION);
    await page.getByLabel('Seniority').selectOption('mid');
    await shot(page, '02-job-description');
    await page.getByRole('button', { name: 'Next: propose apps' }).click();

    // Step 3: the ranked bundle, analytics first, each with its reasons, cost and seat.
    await page.getByRole('heading', { name: 'Step 3 of 4: Proposed bundle' }).waitFor({ timeout: 60_000 });
    const proposed = page.getByRole('list', { name: 'Proposed apps' });
    const titles = (await proposed.getByRole('heading', { level: 3 }).allTextContents()).map((t) =>
      t.replace(/^\d+\.\s*/, ''),
    );
    expect(titles.length).toBeGreaterThanOrEqual(2);
    const analytics = ['Tableau Cloud', 'Power BI Pro', 'Looker', 'Snowflake', 'dbt Cloud', 'Mixpanel'];
    expect(analytics, `proposed: ${titles.join(', ')}`).toContain(titles[0]);
    expect(titles).toContain('Tableau Cloud');
    const tableau = proposed
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { name: /Tableau Cloud/ }) });
    await tableau.getByRole('list', { name: 'Why Tableau Cloud' }).waitFor();
    await tableau.getByText(/of 5 Data Analysts/).waitFor();
    await tableau.getByText(/Free seat at NHC/).waitFor();
    await page
      .getByText(/Local rules \(deterministic\)/)
      .first()
      .waitFor();
    await shot(page, '03-proposed');

    // By keyboard: focus is on the step's heading; Tab passes Back and reaches Next, Enter presses it.
    const focused = () =>
      page.evaluate(
        () =>
          (globalThis as unknown as { document: { activeElement: { textContent: string } } }).document
            .activeElement.textContent,
      );
    expect(await focused()).toBe('Step 3 of 4: Proposed bundle');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('Next: adjust');
    await page.keyboard.press('Enter');

    // Step 4: drop the second app; the totals follow; submit.
    await page.getByRole('heading', { name: 'Step 4 of 4: Adjust and submit' }).waitFor();
    const totals = page.getByLabel('Totals');
    const before = await totals.textContent();
    const dropped = titles[1]!;
    await page.getByRole('button', { name: `Remove ${dropped}` }).click();
    await expect.poll(() => totals.textContent()).not.toBe(before);
    expect(await totals.textContent()).toContain(`${titles.length - 1} app`);
    await shot(page, '04-adjusted');
    await page.getByRole('button', { name: 'Submit the request' }).click();

    // The hire's page: the person, the bundle without the dropped app, the request waiting for the lead.
    await page.waitForURL(/\/new-hires\/[0-9a-f-]{36}$/, { timeout: 60_000 });
    await page.getByRole('heading', { level: 1, name: 'Ada Lovelace' }).waitFor();
    const hireId = new URL(page.url()).pathname.split('/').pop()!;
    const read = async (): Promise<HireView> => {
      const response = await drive.api('GET', `/new-hires/${hireId}`, people.hr.email);
      expect(response.status, await response.clone().text()).toBe(200);
      return (await response.json()) as HireView;
    };
    let hire = await read();
    expect(hire.status).toBe('requested');
    const droppedSlug = hire.match?.apps.find((a) => a.app.name === dropped)?.app.slug;
    expect(droppedSlug).toBeDefined();
    expect(hire.bundle.map((b) => b.app.slug)).not.toContain(droppedSlug);
    expect(hire.bundle).toHaveLength(titles.length - 1);
    const code = hire.request!.code;
    await page.getByRole('list', { name: 'Approval steps' }).getByText(people.lead.displayName).waitFor();
    await shot(page, '05-hire-requested');

    // The lead approves from the e-mail's link in devhost's mailbox.
    await drive.approvalMail(code, people.lead.email);
    const mailbox = await context.newPage();
    await mailbox.goto(`${host.url}/dev/mailbox`);
    await mailbox.getByRole('link', { name: new RegExp(`^Approval needed: ${code}`) }).click();
    await expect.poll(() => mailbox.locator('h1').textContent()).toContain(code);
    const mail = mailbox.frameLocator('iframe[title="HTML body"]');
    const [confirm] = await Promise.all([
      context.waitForEvent('page'),
      mail.getByRole('link', { name: 'Approve' }).click(),
    ]);
    await confirm.waitForLoadState();
    await confirm.getByRole('button', { name: `Approve as ${people.lead.displayName}` }).click();
    await confirm.waitForLoadState();
    expect(await confirm.locator('h1').textContent()).toBe('Thank you');
    await confirm.close();
    await mailbox.close();

    // Before the start date the seats wait; the page says when they come.
    await page.getByText(/Seats are assigned on the start date/).waitFor();
    await expect
      .poll(async () => (await read()).request?.status, { timeout: 60_000, interval: 500 })
      .not.toBe('pending');
    expect((await read()).seats).toEqual([]);

    // devhost's clock moves to the start date: the durable timer fires and the seats are assigned.
    const advanceMs = Date.parse(`${startDate}T00:00:00Z`) - Date.now() + 2 * 3_600_000;
    const moved = await fetch(`${host.url}/dev/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ advanceMs }),
    });
    expect(moved.status).toBe(200);
    await expect.poll(async () => (await read()).status, { timeout: 60_000, interval: 500 }).toBe('started');
    hire = await read();
    expect(hire.seats.map((s) => s.app.slug)).toContain('tableau');
    const seats = page.getByRole('list', { name: 'Seats' });
    await seats.getByText('Tableau Cloud').waitFor({ timeout: 30_000 });
    await shot(page, '06-hire-started');

    expect(cspViolations).toEqual([]);
    await context.close();
  });
});
