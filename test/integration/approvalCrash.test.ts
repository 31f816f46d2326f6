// Crash safety of the approval workflow: devhost killed with SIGKILL between two approval steps
// (and once more right after a decision) comes back with the request where it was. The second
// approver's link still works, and the request ends with exactly one decision per step, one set
// of seats and one purchase order.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevhost, type DevhostRun } from '../../devhost/childHost';
import { insertApprovalFixture, type ApprovalFixture } from '../../scripts/fixtures/approvalFixture';
import { approvalDriver } from '../support/approvalDriver';
import { prepareAppDatabase, type AppDatabase } from '../support/appDatabase';
import { lane } from '../support/testDatabase';

let host: DevhostRun;
let database: AppDatabase<ApprovalFixture>;
let dataDir: string;
const drive = approvalDriver(() => host);

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'asset-pulse-approval-crash-'));
  database = await prepareAppDatabase(dataDir, insertApprovalFixture);
  host = await startDevhost({ dataDir, env: database.env });
}, 120_000);

afterAll(async () => {
  await host?.dispose();
  await database?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe(`approval crash safety (${lane()})`, () => {
  it('survives SIGKILL between two steps with one decision per step and one set of side effects', async () => {
    const { people } = database.extra;
    const request = await drive.submit(people.dev.email, [{ app: 'chatter' }, { app: 'tracker' }]);
    const first = await drive.approvalMail(request.code, people.manager.email);
    const step1 = await drive.follow(drive.link(first, 'approve'));
    expect(step1.post.status).toBe(200);
    const second = await drive.approvalMail(request.code, people.cto.email);

    await host.kill();
    await host.restart();

    // The first link, clicked again after the restart, changes nothing.
    const again = await drive.follow(drive.link(first, 'approve'));
    expect(again.post.status).toBe(409);

    const step2 = await drive.follow(drive.link(second, 'approve'), 'after the crash');
    expect(step2.post.status).toBe(200);
    // Killed again straight after the last decision: fulfilment must still happen, once.
    await host.kill();
    await host.restart();

    const done = await drive.waitForStatus(request.id, people.dev.email, 'fulfilled', 90_000);
    expect(done.steps.map((s) => [s.status, s.decision?.by])).toEqual([
      ['approved', 'Mia Manager'],
      ['approved', 'Tor Cto'],
    ]);
    expect(done.assignments).toHaveLength(1);
    expect(done.purchaseOrders).toHaveLength(1);
    for (const action of ['decision_recorded', 'step_approved']) {
      expect(done.timeline.filter((t) => t.action === action)).toHaveLength(2);
    }
    expect(done.timeline.filter((t) => t.action === 'fulfilled')).toHaveLength(1);
    const secondLinkMails = (await host.mailbox({ to: people.cto.email })).filter((m) =>
      m.subject.includes(request.code),
    );
    expect(secondLinkMails).toHaveLength(1);
  });
});
