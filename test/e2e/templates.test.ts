// Purchase templates in a real browser, through devhost: HR opens the suggestions mined from usage,
// accepts the Engineering department's into a new template, edits it (meets the form's validation
// message, fixes it) and saves version 2; an employee then requests the template for themselves and
// lands on their new purchase request. axe-core finds no serious or critical violation on any page,
// and the pages run under their Content-Security-Policy. Screenshots go to test-artifacts/templates/.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot, startDevhost, type DevhostRun } from '../../devhost/childHost';
import type { Database } from '../../shared/platform/db/schema';
import type { DirectoryFixture } from '../../scripts/fixtures/directoryFixture';
import { insertPortalFixture, type PortalFixture } from '../../scripts/fixtures/portalFixture';
import { prepareAppDatabase, type AppDatabase } from '../support/appDatabase';
import { browserAvailable, chromiumPath, launchBrowser } from '../support/browser';

const artifacts = join(projectRoot, 'test-artifacts', 'templates');
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

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

async function pickPerson(page: Page, email: string, name: string): Promise<void> {
  await page.waitForURL(/\/dev\/login\?redirect_uri=/);
  await page.locator('input[name="q"]').fill(email.split('@')[0] ?? email);
  await page.getByRole('button', { name: 'Search' }).click();
  await page.getByRole('button', { name }).click();
  await page.getByRole('heading', { level: 1 }).first().waitFor();
}

/** The portal fixture, with Cora (the CEO) holding HR, and the ENG department using tracker lately. */
async function insertTemplatesFixture(
  db: Kysely<Database>,
  directory: DirectoryFixture,
): Promise<PortalFixture> {
  const portal = await insertPortalFixture(db, directory);
  const { people } = portal;
  await db.insertInto('employee_roles').values({ employee_id: people.ceo.id, role: 'HR' }).execute();
  const tracker = directory.apps.find((a) => a.slug === 'tracker');
  const day = new Date(Date.now() - 5 * 86_400_000).toISOString().slice(0, 10);
  await db
    .insertInto('usage_daily')
    .values(
      [people.manager, people.dev, people.dev2].map((p) => ({
        employee_id: p.id,
        app_id: tracker?.id ?? 0,
        day,
        company_id: directory.companyId,
        events: 4,
        quantity: 4,
        first_at: `${day}T08:00:00Z`,
        last_at: `${day}T12:00:00Z`,
      })),
    )
    .execute();
  return portal;
}

if (!browserAvailable) {
  console.warn(`Browser tests skipped: no Chromium at ${chromiumPath} (.ci/run installs Debian's chromium).`);
}

describe.skipIf(!browserAvailable)('purchase templates in a browser', () => {
  let host: DevhostRun;
  let database: AppDatabase<PortalFixture>;
  let dataDir: string;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    dataDir = mkdtempSync(join(tmpdir(), 'asset-pulse-templates-'));
    database = await prepareAppDatabase(dataDir, insertTemplatesFixture);
    host = await startDevhost({ dataDir, env: database.env });
    browser = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await host?.dispose();
    await database?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('HR accepts a suggestion and saves version 2; an employee requests the template', async () => {
    const { people } = database.extra;
    let step = 0;
    const cspViolations: string[] = [];
    const open = async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      page.on('console', (message) => {
        if (/Content.Security.Policy/i.test(message.text())) cspViolations.push(message.text());
      });
      return page;
    };
    const checkPage = async (page: Page, name: string) => {
      step += 1;
      await page.screenshot({
        path: join(artifacts, `${String(step).padStart(2, '0')}-${name}.png`),
        fullPage: true,
      });
      expect(await seriousViolations(page), `axe on ${name}`).toEqual([]);
    };

    // HR opens the suggestions: the Engineering department, three of four people on tracker.
    const hr = await open();
    await hr.goto(`${host.url}/templates/suggestions`);
    await pickPerson(hr, people.ceo.email, 'Cora Ceo');
    await hr.getByRole('heading', { level: 1, name: 'Suggested templates' }).waitFor();
    const card = hr
      .getByRole('listitem')
      .filter({ has: hr.getByRole('heading', { name: 'Engineering department' }) });
    await card.getByRole('checkbox', { name: /tracker: used by 3 of 4/ }).waitFor();
    await checkPage(hr, 'suggestions');

    // Accept it as a new template.
    await card.getByRole('textbox', { name: 'Code' }).fill('ENG-TOOLS');
    await card.getByRole('textbox', { name: 'Name' }).fill('Engineering tools');
    await card.getByRole('button', { name: 'Accept as a new template' }).click();
    await hr.getByRole('heading', { level: 1, name: 'Engineering tools' }).waitFor();
    expect(
      await hr
        .getByText(/version 1/)
        .first()
        .isVisible(),
    ).toBe(true);
    await checkPage(hr, 'accepted');

    // Edit: without a role or a department the form says so and sends nothing; fixed, it saves version 2.
    await hr.getByRole('link', { name: 'Edit' }).click();
    await hr.getByRole('heading', { level: 1, name: 'Edit Engineering tools' }).waitFor();
    await hr.getByRole('textbox', { name: 'Department code' }).fill('');
    await hr.getByRole('button', { name: 'Add an app' }).click();
    await hr.getByRole('textbox', { name: 'App 2' }).fill('chatter');
    await hr.getByRole('button', { name: 'Save as version 2' }).click();
    await hr.getByText('Name a role (job title) or a department.').waitFor();
    await checkPage(hr, 'edit-validation');
    await hr.getByRole('textbox', { name: 'Role (job title)' }).fill('Software Engineer');
    await hr.getByRole('textbox', { name: 'Department code' }).fill('ENG');
    await hr.getByRole('button', { name: 'Save as version 2' }).click();
    await hr.getByRole('heading', { level: 1, name: 'Engineering tools' }).waitFor();
    await hr.getByRole('link', { name: 'Version 2' }).waitFor();
    expect(await hr.getByRole('link', { name: 'Version 1' }).isVisible()).toBe(true);
    await checkPage(hr, 'version-2');

    // The employee finds it on the templates page and requests it for themselves.
    const dev = await open();
    await dev.goto(`${host.url}/templates`);
    await pickPerson(dev, people.dev.email, 'Dan Dev');
    await dev.getByRole('heading', { level: 1, name: 'Purchase templates' }).waitFor();
    await dev.getByRole('heading', { name: 'Engineering tools' }).waitFor();
    await checkPage(dev, 'template-list');
    await dev.getByRole('link', { name: 'Request this template' }).first().click();
    await dev.getByRole('heading', { level: 1, name: 'Engineering tools' }).waitFor();
    await dev.getByRole('textbox', { name: /Justification/ }).fill('Joining the platform team on Monday.');
    await dev.getByRole('button', { name: 'Submit request' }).click();
    await dev.getByRole('heading', { level: 1, name: /^PR-TST-/ }).waitFor();
    await dev.getByText('tracker').first().waitFor();
    await checkPage(dev, 'request');
    const code = (await dev.getByRole('heading', { level: 1 }).textContent()) ?? '';

    await dev.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My requests' }).click();
    await dev.getByRole('link', { name: code }).waitFor();

    expect(cspViolations).toEqual([]);
  }, 120_000);
});
