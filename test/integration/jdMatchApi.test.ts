// POST /api/recommendations/jd-match through devhost (docs/onboarding-api.md, F3): HR of the
// company gets the bundle, in the company's currency, with quotes and who answered; a plain
// employee and HR asking for another subsidiary get 403; a malformed or unknown field gets a 400
// naming it. The catalog is the features fixture (chat apps, meetings, issue tracking).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevhost, type DevhostRun } from '../../devhost/childHost';
import { insertApprovalFixture, type ApprovalFixture } from '../../scripts/fixtures/approvalFixture';
import { insertFeaturesFixture } from '../../scripts/fixtures/featuresFixture';
import type { JdMatchResult } from '../../shared/ai/jdMatch/jdMatchContract';
import { approvalDriver } from '../support/approvalDriver';
import { prepareAppDatabase, type AppDatabase } from '../support/appDatabase';
import { lane } from '../support/testDatabase';

let host: DevhostRun;
let database: AppDatabase<ApprovalFixture>;
let dataDir: string;
const drive = approvalDriver(() => host);
const HR = ['Employee', 'HR'];

const JOB_DESCRIPTION = `We are hiring a Team Coordinator.

What you'll do
- Keep the team informed in topic channels and direct messages
- Run quick audio calls when something needs a decision`;

const body = (extra: Record<string, unknown> = {}) => ({
  jobTitle: 'Team Coordinator',
  jobDescription: JOB_DESCRIPTION,
  department: 'ENG',
  ...extra,
});

interface Problem {
  status: number;
  errors?: { path: string; message: string }[];
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'asset-pulse-jd-match-api-'));
  database = await prepareAppDatabase(dataDir, async (db, directory) => {
    const approval = await insertApprovalFixture(db, directory);
    await insertFeaturesFixture(db, directory);
    return approval;
  });
  host = await startDevhost({ dataDir, env: { ...database.env } });
}, 120_000);

afterAll(async () => {
  await host?.dispose();
  await database?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe(`JD match through devhost (${lane()})`, () => {
  it("answers HR of the company with a bundle in the company's currency, quoting the description", async () => {
    const hr = database.extra.people.manager.email;
    const response = await drive.api('POST', '/recommendations/jd-match', hr, body(), HR);
    expect(response.status, await response.clone().text()).toBe(200);
    const result = (await response.json()) as JdMatchResult;
    expect(result).toMatchObject({
      companyCode: 'TST',
      currency: 'SEK',
      jobTitle: 'Team Coordinator',
      department: 'ENG',
      answeredBy: { provider: 'local', deterministic: true },
    });
    expect(result.answeredBy.model).toMatch(/\S/);
    expect(result.extracted.tasks.length).toBeGreaterThan(0);
    for (const item of [...result.extracted.skills, ...result.extracted.tasks]) {
      expect(JOB_DESCRIPTION.slice(item.start, item.end)).toBe(item.quote);
    }
    expect(result.apps.length).toBeGreaterThan(0);
    expect(result.apps[0]!.app.category).toBe('Team chat');
    // Chatly and Talkio do the same job (the fixture's similarity verdict): one is proposed, the
    // other listed with the reason
    const chat = ['chatly', 'talkio'];
    const proposed = result.apps.filter((a) => chat.includes(a.app.slug)).map((a) => a.app.slug);
    expect(proposed).toHaveLength(1);
    expect(result.excluded.map((e) => [e.slug, e.overlapsWith])).toEqual([
      [chat.find((slug) => slug !== proposed[0]), proposed[0]],
    ]);
    expect(result.excluded[0]?.reason).toMatch(/^same job as (Chatly|Talkio), already proposed/);
    for (const a of result.apps) {
      expect(a.currency).toBe('SEK');
      expect(a.reasons.length).toBeGreaterThan(0);
    }
  });

  it('refuses a plain employee', async () => {
    const dev = database.extra.people.dev.email;
    const response = await drive.api('POST', '/recommendations/jd-match', dev, body(), ['Employee']);
    expect(response.status).toBe(403);
  });

  it("refuses HR asking for another subsidiary's bundle", async () => {
    const hr = database.extra.people.manager.email;
    const response = await drive.api(
      'POST',
      '/recommendations/jd-match',
      hr,
      body({ companyCode: 'OTH', department: undefined }),
      HR,
    );
    expect(response.status, await response.clone().text()).toBe(403);
  });

  it('names the field of a malformed body', async () => {
    const hr = database.extra.people.manager.email;
    const response = await drive.api(
      'POST',
      '/recommendations/jd-match',
      hr,
      body({ jobDescription: 'too short', limit: 50 }),
      HR,
    );
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const problem = (await response.json()) as Problem;
    expect(problem.errors?.map((e) => e.path).sort()).toEqual(['jobDescription', 'limit']);
  });

  it('rejects a field the contract does not know', async () => {
    const hr = database.extra.people.manager.email;
    const response = await drive.api('POST', '/recommendations/jd-match', hr, body({ salary: 65000 }), HR);
    expect(response.status).toBe(400);
    const problem = (await response.json()) as Problem;
    expect(problem.errors).toEqual([{ path: 'salary', message: 'is not a known field' }]);
  });

  it('refuses a body that is not JSON', async () => {
    const hr = database.extra.people.manager.email;
    const response = await fetch(`${host.apiBase}/recommendations/jd-match`, {
      method: 'POST',
      headers: { authorization: await drive.bearer(hr, HR), 'content-type': 'application/json' },
      body: '{"jobTitle":',
    });
    expect(response.status).toBe(400);
  });
});
