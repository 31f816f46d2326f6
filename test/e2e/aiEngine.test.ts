// The AI engine in a real browser, through devhost: the CTO of the test company signs in on the
// Similarity jobs page, starts a job and watches the progress bar reach 100 %, opens a consolidation
// recommendation the job wrote, reads its evidence (who answered: the local rules, labelled as not a
// language model), accepts it with a reason, and sees it accepted; the API agrees. On every page
// axe-core finds no serious or critical violation and nothing breaks the Content-Security-Policy.
// Screenshots go to test-artifacts/ai-engine/.
//
// Seed data: the portal fixture with two chat apps TST holds side by side
// (scripts/fixtures/chatOverlapFixture.ts: Slack and Microsoft Teams Essentials, shared users, used
// yesterday) and the CTO Tor Cto (tor.cto, roles Employee, Manager, CTO, company TST). The similarity
// job over that catalog, with the local provider, writes an open consolidation for TST.
//
// Where the PostgreSQL server has no pgvector (the native lane), a similarity job answers 503; the
// test is then skipped with a notice (PGlite, the default lane, always has it).
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot, startDevhost, type DevhostRun } from '../../devhost/childHost';
import { insertChatOverlapFixture, type ChatOverlapFixture } from '../../scripts/fixtures/chatOverlapFixture';
import { approvalDriver } from '../support/approvalDriver';
import { prepareAppDatabase, type AppDatabase } from '../support/appDatabase';
import { browserAvailable, chromiumPath, launchBrowser } from '../support/browser';
import { lane, openTestDatabase } from '../support/testDatabase';

const artifacts = join(projectRoot, 'test-artifacts', 'ai-engine');
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

interface RecommendationAnswer {
  id: string;
  kind: string;
  status: string;
  title: string;
  decision: { status: string; reason: string; byName: string } | null;
}

async function seriousViolations(page: Page): Promise<string[]> {
  // Through the DevTools protocol, not an inline <script>, which the CSP forbids.
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

if (!browserAvailable) {
  console.warn(`Browser tests skipped: no Chromium at ${chromiumPath} (.ci/run installs Debian's chromium).`);
}

describe.skipIf(!browserAvailable)('the AI engine in the portal', () => {
  let host: DevhostRun;
  let database: AppDatabase<ChatOverlapFixture>;
  let vector = true;
  let dataDir: string;
  let browser: Browser;
  const drive = approvalDriver(() => host);

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    const probe = await openTestDatabase();
    vector = probe.vectorAvailable;
    await probe.drop();
    dataDir = mkdtempSync(join(tmpdir(), 'asset-pulse-ai-portal-'));
    database = await prepareAppDatabase(dataDir, insertChatOverlapFixture);
    host = await startDevhost({ dataDir, env: database.env });
    browser = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await host?.dispose();
    await database?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('lets a CTO start a similarity job, watch it reach 100 %, and accept a consolidation with a reason', async (ctx) => {
    if (!vector) {
      console.warn(
        `pgvector is not installed on this ${lane()} server: a similarity job answers 503 there, so the AI engine's browser test is skipped (PGlite runs it).`,
      );
      ctx.skip();
    }
    const { people } = database.extra;
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const cspViolations: string[] = [];
    page.on('console', (message) => {
      if (/Content.Security.Policy/i.test(message.text())) cspViolations.push(message.text());
    });
    const shot = async (name: string) => {
      // Let finite transitions end first (the progress bar's width, a message fading in): axe measures
      // contrast on the colours as drawn, and a half-faded element reads as low contrast.
      await page
        .waitForFunction(
          // a string: the test's TypeScript has no DOM types
          "document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity)",
          undefined,
          { timeout: 5_000 },
        )
        .catch(() => undefined);
      await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
      expect(await seriousViolations(page), `axe on ${name}`).toEqual([]);
    };

    // Sign in as the CTO straight onto the Similarity jobs page.
    await page.goto(`${host.url}/similarity-jobs`);
    await page.waitForURL(/\/dev\/login\?redirect_uri=/);
    await page.locator('input[name="q"]').fill(people.cto.email.split('@')[0] ?? people.cto.email);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('button', { name: 'Tor Cto' }).click();
    await page.getByRole('heading', { level: 1, name: 'Similarity jobs' }).waitFor();
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Recommendations' }).waitFor();
    expect(await nav.getByRole('link', { name: 'Unknown apps' }).count()).toBe(0);
    await shot('01-similarity-jobs');

    // Start a job; the bar moves while the page polls, and reaches 100 % when the job completes.
    await page.getByRole('button', { name: 'Start a similarity job' }).click();
    const bar = page.getByRole('progressbar');
    await bar.waitFor();
    await page.getByText(/^Progress: /).waitFor();
    await page.waitForFunction(
      () => {
        const doc = (
          globalThis as unknown as {
            document: { querySelector(s: string): { getAttribute(n: string): string | null } | null };
          }
        ).document;
        return doc.querySelector('[role="progressbar"]')?.getAttribute('aria-valuenow') === '100';
      },
      undefined,
      { timeout: 60_000 },
    );
    await page.getByText(/Completed after/).waitFor();
    const history = page.getByRole('table', { name: 'Job history' });
    await history.getByText('Started by hand').waitFor();
    await history.getByText('Completed').waitFor();
    await shot('02-similarity-job-completed');

    // The job wrote at least one open consolidation that the CTO may see (the fixture's promise).
    const listed = await drive.api(
      'GET',
      '/recommendations?kind=consolidation&status=open&limit=50',
      people.cto.email,
    );
    expect(listed.status, await listed.clone().text()).toBe(200);
    const { items } = (await listed.json()) as { items: RecommendationAnswer[] };
    expect(items.length, 'an open consolidation recommendation after the job').toBeGreaterThan(0);
    const target = items[0]!;

    // Recommendations: filter to consolidations, open the one, read the evidence.
    await nav.getByRole('link', { name: 'Recommendations' }).click();
    await page.getByRole('heading', { level: 1, name: 'Recommendations' }).waitFor();
    await page.getByLabel('Kind').selectOption('consolidation');
    const link = page
      .getByRole('table', { name: 'Recommendations' })
      .getByRole('link', { name: target.title });
    await link.waitFor();
    await shot('03-recommendations');
    await link.click();
    await page.getByRole('heading', { level: 1, name: target.title }).waitFor();
    const cluster = page.getByRole('table', { name: 'Apps in the cluster' });
    await cluster.getByText('Slack', { exact: true }).waitFor();
    await cluster.getByText('Microsoft Teams Essentials', { exact: true }).waitFor();
    // Which app to keep, as the user reads it: Slack (more features, more of its seats in use).
    expect(await cluster.getByRole('row').filter({ hasText: 'Slack' }).textContent()).toContain('Keep');
    expect(
      await cluster.getByRole('row').filter({ hasText: 'Microsoft Teams Essentials' }).textContent(),
    ).toContain('Move off');
    await page.getByText('Local rules (deterministic), not a language model').first().waitFor();
    await shot('04-recommendation');

    // Accept: a reason too short is refused at the field, a real one is saved.
    await page.getByRole('button', { name: 'Accept', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await dialog.getByLabel(/Reason/).fill('ok');
    await dialog.getByRole('button', { name: 'Accept', exact: true }).click();
    await dialog.getByText('Say why in at least 3 characters.').waitFor();
    await shot('05-accept-dialog-invalid');
    await dialog.getByLabel(/Reason/).fill('One chat app for the whole company from next quarter.');
    await dialog.getByRole('button', { name: 'Accept', exact: true }).click();
    await page.getByText('Recommendation accepted.').waitFor();
    await page.getByText(/Accepted by Tor Cto/).waitFor();
    expect(await page.getByRole('button', { name: 'Accept', exact: true }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Dismiss', exact: true }).isDisabled()).toBe(true);
    await shot('06-recommendation-accepted');

    // The API says the same, and a second decision is refused.
    const after = await drive.api(
      'GET',
      `/recommendations/${encodeURIComponent(target.id)}`,
      people.cto.email,
    );
    expect(after.status).toBe(200);
    const saved = (await after.json()) as RecommendationAnswer;
    expect(saved.status).toBe('accepted');
    expect(saved.decision).toMatchObject({
      status: 'accepted',
      reason: 'One chat app for the whole company from next quarter.',
      byName: 'Tor Cto',
    });
    const again = await drive.api(
      'POST',
      `/recommendations/${encodeURIComponent(target.id)}/dismiss`,
      people.cto.email,
      { reason: 'changed my mind' },
    );
    expect(again.status).toBe(409);

    expect(cspViolations).toEqual([]);
    await context.close();
  });
});
