// Unchecked input must not reach the database (issue #8, finding 7), through devhost: each value
// below once made PostgreSQL refuse the statement and the API answer a bare 500. Now each is a 400
// problem+json naming the field, and the database is left as it was.
import { sql } from 'kysely';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevhost, TEST_HOST_KEY, type DevhostRun } from '../../devhost/childHost';
import { insertApprovalFixture, type ApprovalFixture } from '../../scripts/fixtures/approvalFixture';
import { approvalDriver } from '../support/approvalDriver';
import { prepareAppDatabase, type AppDatabase } from '../support/appDatabase';
import { lane } from '../support/testDatabase';

let host: DevhostRun;
let database: AppDatabase<ApprovalFixture>;
let dataDir: string;
let people: ApprovalFixture['people'];
let before: Record<string, number>;
const drive = approvalDriver(() => host);

const TABLES = [
  'purchase_requests',
  'purchase_request_items',
  'approval_steps',
  'approval_decisions',
  'approval_policies',
  'audit_log',
  'usage_events',
  'usage_quarantine',
];

async function rowCounts(): Promise<Record<string, number>> {
  return database.use(async (db) => {
    const counts: Record<string, number> = {};
    for (const table of TABLES) {
      // A person's first sign-in binds their identity and audits that (docs/identity.md): it is
      // not something the refused input did, so those audit rows are not counted.
      const binding = table === 'audit_log' ? sql` where action <> 'identity_bound'` : sql``;
      const result = await sql<{
        n: number;
      }>`select count(*)::int as n from ${sql.table(table)}${binding}`.execute(db);
      counts[table] = result.rows[0]!.n;
    }
    return counts;
  });
}

/** Asserts a 400 problem+json whose errors name `field`; returns the errors. */
async function expectFieldProblem(response: Response, field: string) {
  const text = await response.text();
  expect(response.status, text).toBe(400);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  const body = JSON.parse(text) as { errors?: { path: string; message: string }[] };
  expect(body.errors?.map((e) => e.path)).toContain(field);
  return body.errors!;
}

const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
const request = (overrides: Record<string, unknown>) => ({
  items: [{ app: 'chatter' }],
  justification: 'Needed for the billing migration project.',
  neededBy: day(14),
  ...overrides,
});
const keyed = (path: string) =>
  fetch(`${host.apiBase}${path}`, { headers: { 'x-functions-key': TEST_HOST_KEY } });
const SOME_REQUEST = '7d4a6e1c-2b7f-4c1e-9a55-3f0e8d2b6c11';

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'asset-pulse-input-bounds-'));
  database = await prepareAppDatabase(dataDir, insertApprovalFixture);
  people = database.extra.people;
  before = await rowCounts();
  host = await startDevhost({
    dataDir,
    env: { ...database.env, APPROVAL_LINK_SECRET: 'integration-input-bounds-link-secret-0123456789' },
  });
}, 120_000);

afterAll(async () => {
  await host?.dispose();
  await database?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe(`input bounded to its columns, through devhost (${lane()})`, () => {
  it('refuses templateId 2^31 (the column is a 32-bit integer)', async () => {
    const body = request({ items: undefined, templateId: 2 ** 31 });
    await expectFieldProblem(
      await drive.api('POST', '/purchase-requests', people.dev.email, body),
      'templateId',
    );
  });

  it('refuses neededBy 0000-01-01, a date PostgreSQL does not have', async () => {
    const body = request({ neededBy: '0000-01-01' });
    await expectFieldProblem(
      await drive.api('POST', '/purchase-requests', people.dev.email, body),
      'neededBy',
    );
  });

  it('refuses neededBy in 1900, in 9999 and last week: from yesterday to two years ahead', async () => {
    for (const neededBy of ['1900-01-01', '9999-12-31', day(-7), day(2 * 366 + 1)]) {
      const response = await drive.api('POST', '/purchase-requests', people.dev.email, request({ neededBy }));
      await expectFieldProblem(response, 'neededBy');
    }
  });

  it('refuses a NUL in justification', async () => {
    const body = request({ justification: 'Needed for the billing\u0000 migration project.' });
    const errors = await expectFieldProblem(
      await drive.api('POST', '/purchase-requests', people.dev.email, body),
      'justification',
    );
    expect(errors[0]!.message).toMatch(/NUL/);
  });

  it('refuses a NUL in an item plan', async () => {
    const body = request({ items: [{ app: 'chatter', plan: 'std\u0000' }] });
    await expectFieldProblem(
      await drive.api('POST', '/purchase-requests', people.dev.email, body),
      'items.0.plan',
    );
  });

  it('refuses usage stats from=0000-01-01', async () => {
    await expectFieldProblem(await keyed('/usage-events/stats?from=0000-01-01'), 'from');
    await expectFieldProblem(await keyed('/usage-events/stats?to=0000-01-01'), 'to');
  });

  it('refuses quarantine eventId=%00', async () => {
    await expectFieldProblem(await keyed('/usage-events/quarantine?eventId=%00'), 'eventId');
  });

  it('refuses a NUL in a portal decision comment and in a cancel reason', async () => {
    await expectFieldProblem(
      await drive.api('POST', `/approvals/${SOME_REQUEST}/decision`, people.manager.email, {
        decision: 'approve',
        comment: 'fine\u0000',
      }),
      'comment',
    );
    await expectFieldProblem(
      await drive.api('POST', `/purchase-requests/${SOME_REQUEST}/cancel`, people.dev.email, {
        reason: 'changed my mind\u0000',
      }),
      'reason',
    );
  });

  it('refuses a NUL in the comment of an approval link form (an HTML page, 400)', async () => {
    const response = await fetch(`${host.apiBase}/approvals/${'A'.repeat(20)}.${'B'.repeat(43)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'decision=approve&comment=ok%00',
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/The form is not valid/);
  });

  it('refuses a company path that cannot be a company code', async () => {
    await expectFieldProblem(await drive.api('GET', '/approval-policies/%00', people.admin.email), 'company');
    await expectFieldProblem(
      await drive.api('PUT', '/approval-policies/T%00', people.admin.email, { steps: [] }),
      'company',
    );
  });

  it('has changed nothing in the database', async () => {
    await host.stop();
    expect(await rowCounts()).toEqual(before);
  });
});
