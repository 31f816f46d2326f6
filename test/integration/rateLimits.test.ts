// The per-instance rate limits through devhost, with small settings: one person's flood is answered
// 429 with Retry-After (and reaches neither the database nor the approver's mailbox), another person
// is unaffected, and one address's flood of anonymous calls is cut off the same way.
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
let people: ApprovalFixture['people'];
const drive = approvalDriver(() => host);

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'asset-pulse-limits-'));
  database = await prepareAppDatabase(dataDir, insertApprovalFixture);
  people = database.extra.people;
  host = await startDevhost({
    dataDir,
    env: {
      ...database.env,
      RATE_LIMIT_PER_PRINCIPAL_BURST: '4',
      RATE_LIMIT_PER_PRINCIPAL_PER_MINUTE: '6',
      RATE_LIMIT_PER_ADDRESS_BURST: '40',
      RATE_LIMIT_PER_ADDRESS_PER_MINUTE: '6',
    },
  });
}, 120_000);

afterAll(async () => {
  await host?.dispose();
  await database?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe(`rate limits through devhost (${lane()})`, () => {
  it("answers one person's flood of purchase requests with 429 and Retry-After; nothing of it is stored or mailed", async () => {
    const since = new Date();
    const body = {
      items: [{ app: 'chatter', forEmployee: people.dev.email }],
      justification: 'Flooding the approver.',
      neededBy: new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10),
    };
    const answers: Response[] = [];
    for (let i = 0; i < 10; i++)
      answers.push(await drive.api('POST', '/purchase-requests', people.dev.email, body));
    const refused = answers.filter((r) => r.status === 429);
    expect(answers.length - refused.length).toBeLessThanOrEqual(4);
    expect(refused.length).toBeGreaterThanOrEqual(6);
    const first = refused[0] as Response;
    expect(Number(first.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(first.headers.get('content-type')).toContain('application/problem+json');
    expect(await first.json()).toMatchObject({ status: 429, title: 'Too Many Requests' });

    const list = await drive.api('GET', '/purchase-requests', people.manager.email);
    expect(list.status).toBe(200);
    const { total } = (await list.json()) as { total: number };
    expect(total).toBeLessThanOrEqual(4);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const mails = await host.mailbox({ to: people.manager.email, since });
    expect(mails.length).toBeLessThanOrEqual(4);
  });

  it('answers anonymous calls from one address with 429 once its burst is spent, whatever X-Forwarded-For they claim', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 60; i++) {
      // A client can write X-Forwarded-For; the host appends the address it really came from.
      const claimed = { 'x-forwarded-for': `203.0.113.${i}` };
      statuses.push((await fetch(`${host.apiBase}/health`, { headers: claimed })).status);
    }
    expect(statuses).toContain(429);
    expect(statuses.slice(0, statuses.indexOf(429)).every((s) => s === 200)).toBe(true);
  });
});
