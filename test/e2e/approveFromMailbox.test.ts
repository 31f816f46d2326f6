// The approver's path in a real browser: the approval e-mail in devhost's mailbox, its Approve
// button (in the mail's HTML, opening a new tab as a mail client does), the confirmation page with a
// comment, and the outcome; then the request has moved on.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevhost, type DevhostRun } from '../../devhost/childHost';
import { insertApprovalFixture, type ApprovalFixture } from '../../scripts/fixtures/approvalFixture';
import { approvalDriver } from '../support/approvalDriver';
import { prepareAppDatabase, type AppDatabase } from '../support/appDatabase';
import { browserAvailable, chromiumPath, launchBrowser } from '../support/browser';

if (!browserAvailable) {
  console.warn(`Browser tests skipped: no Chromium at ${chromiumPath} (.ci/run installs Debian's chromium).`);
}

describe.skipIf(!browserAvailable)('approving from the mailbox in a browser', () => {
  let host: DevhostRun;
  let database: AppDatabase<ApprovalFixture>;
  let dataDir: string;
  let browser: Browser;
  const drive = approvalDriver(() => host);

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'asset-pulse-e2e-'));
    database = await prepareAppDatabase(dataDir, insertApprovalFixture);
    host = await startDevhost({ dataDir, env: database.env });
    browser = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await host?.dispose();
    await database?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('opens the mail, follows Approve, confirms with a comment, and the next approver is asked', async () => {
    const { people } = database.extra;
    const request = await drive.submit(people.dev.email, [{ app: 'chatter' }, { app: 'tracker' }]);
    await drive.approvalMail(request.code, people.manager.email);

    const context = await browser.newContext();
    const mailbox = await context.newPage();
    await mailbox.goto(`${host.url}/dev/mailbox`);
    await mailbox.getByRole('link', { name: new RegExp(`^Approval needed: ${request.code}`) }).click();
    await expect.poll(() => mailbox.locator('h1').textContent()).toContain(request.code);

    // The mail's own Approve button, inside the rendered HTML; it opens a new tab.
    const mail = mailbox.frameLocator('iframe[title="HTML body"]');
    const [confirm] = await Promise.all([
      context.waitForEvent('page'),
      mail.getByRole('link', { name: 'Approve' }).click(),
    ]);
    await confirm.waitForLoadState();
    expect(await confirm.locator('h1').textContent()).toBe(request.code);
    await confirm.getByLabel(/Comment/).fill('Approved from the browser');
    await confirm.getByRole('button', { name: 'Approve as Mia Manager' }).click();
    await confirm.waitForLoadState();
    expect(await confirm.locator('h1').textContent()).toBe('Thank you');
    expect(await confirm.locator('.notice').textContent()).toMatch(/approved\s+by\s+Mia Manager/);

    // Back in the mailbox: the department head's mail has arrived.
    await drive.approvalMail(request.code, people.cto.email);
    await mailbox.goto(`${host.url}/dev/mailbox`);
    await expect
      .poll(() =>
        mailbox.getByRole('link', { name: new RegExp(`^Approval needed: ${request.code}`) }).count(),
      )
      .toBe(2);
    const detail = await drive.detail(request.id, people.dev.email);
    expect(detail.steps[0]?.decision).toMatchObject({
      by: 'Mia Manager',
      comment: 'Approved from the browser',
    });
    await context.close();
  });
});
