// GET /api/catalog/apps/{slug}/overlaps through devhost: the apps that do the same job, ranked by
// verdict then similarity, with who said so; 'different' only with ?all=true; 404 for an unknown
// slug; a notice while no similarity job has run. Any signed-in person may read it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevhost, type DevhostRun } from '../../devhost/childHost';
import { insertApprovalFixture, type ApprovalFixture } from '../../scripts/fixtures/approvalFixture';
import { insertFeaturesFixture } from '../../scripts/fixtures/featuresFixture';
import { approvalDriver } from '../support/approvalDriver';
import { prepareAppDatabase, type AppDatabase } from '../support/appDatabase';
import { lane } from '../support/testDatabase';

let host: DevhostRun;
let database: AppDatabase<ApprovalFixture>;
let dataDir: string;
const drive = approvalDriver(() => host);

interface Overlaps {
  app: { slug: string; name: string };
  items: {
    app: { slug: string; name: string; vendor: string; category: string };
    similarity: number;
    verdict: string;
    sharedFeatures: string[];
    rationale: string;
    answeredBy: { provider: string; model: string; deterministic: boolean };
    computedAt: string;
  }[];
  notice?: string;
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'asset-pulse-overlaps-api-'));
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

describe(`app overlaps through devhost (${lane()})`, () => {
  it('ranks same-job before partial, leaves out different ones, and says who judged them', async () => {
    const dev = database.extra.people.dev.email;
    const response = await drive.api('GET', '/catalog/apps/chatly/overlaps', dev, undefined, ['Employee']);
    expect(response.status, await response.clone().text()).toBe(200);
    const body = (await response.json()) as Overlaps;
    expect(body.app).toEqual({ slug: 'chatly', name: 'Chatly' });
    expect(body.notice).toBeUndefined();
    expect(body.items).toEqual([
      {
        app: { slug: 'talkio', name: 'Talkio', vendor: 'Chat Co', category: 'Team chat' },
        similarity: 0.91,
        verdict: 'same-job',
        sharedFeatures: ['Channels', 'Direct messages'],
        rationale: 'Both are team chat with channels and direct messages.',
        answeredBy: { provider: 'local', model: 'local-lexical-v1', deterministic: true },
        computedAt: '2026-11-19T02:00:00.000Z',
      },
      expect.objectContaining({ verdict: 'partial', similarity: 0.55 }),
    ]);
    expect(body.items[1]?.app.slug).toBe('meetly');
    // from the other side of the pair too
    const talkio = (await (
      await drive.api('GET', '/catalog/apps/talkio/overlaps', dev, undefined, ['Employee'])
    ).json()) as Overlaps;
    expect(talkio.items.map((i) => i.app.slug)).toEqual(['chatly']);
  });

  it('includes different ones with ?all=true, and refuses an unknown query field', async () => {
    const dev = database.extra.people.dev.email;
    const all = (await (
      await drive.api('GET', '/catalog/apps/chatly/overlaps?all=true', dev, undefined, ['Employee'])
    ).json()) as Overlaps;
    expect(all.items.map((i) => [i.app.slug, i.verdict])).toEqual([
      ['talkio', 'same-job'],
      ['meetly', 'partial'],
      ['trackr', 'different'],
    ]);
    const bad = await drive.api('GET', '/catalog/apps/chatly/overlaps?al=true', dev, undefined, ['Employee']);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: { path: string }[] }).errors.map((e) => e.path)).toEqual(['al']);
  });

  it('answers 404 for an unknown app, 400 for a malformed slug, and 401 without a token', async () => {
    const dev = database.extra.people.dev.email;
    expect(
      (await drive.api('GET', '/catalog/apps/no-such-app/overlaps', dev, undefined, ['Employee'])).status,
    ).toBe(404);
    expect(
      (await drive.api('GET', '/catalog/apps/Not_A_Slug/overlaps', dev, undefined, ['Employee'])).status,
    ).toBe(400);
    expect((await fetch(`${host.apiBase}/catalog/apps/chatly/overlaps`)).status).toBe(401);
  });

  it('says no similarity job has run yet when an app has no overlaps and none has', async () => {
    const body = (await (
      await drive.api('GET', '/catalog/apps/chatter/overlaps', database.extra.people.dev.email, undefined, [
        'Employee',
      ])
    ).json()) as Overlaps;
    expect(body.items).toEqual([]);
    expect(body.notice).toMatch(/No similarity job has completed yet/);
  });
});
