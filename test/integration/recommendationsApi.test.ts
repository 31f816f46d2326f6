// The recommendations API through devhost and its Cosmos DB emulator: recommendations written with
// the store (as the similarity job writes them), then read, filtered and decided with the local
// issuer's tokens — scoped to the caller's companies, group-level items for group-wide roles only,
// decisions by CTO or Admin with a reason, audited once and published as CloudEvents.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevhost, type DevhostRun } from '../../devhost/childHost';
import { insertApprovalFixture, type ApprovalFixture } from '../../scripts/fixtures/approvalFixture';
import { createCosmosRecommendationStore } from '../../shared/ai/recommendations/cosmosRecommendationStore';
import {
  recommendationId,
  type Recommendation,
  type RecommendationKind,
} from '../../shared/ai/recommendations/recommendation';
import { approvalDriver } from '../support/approvalDriver';
import { prepareAppDatabase, type AppDatabase } from '../support/appDatabase';
import { devhostCosmos } from '../support/devhostCosmos';
import { lane } from '../support/testDatabase';

let host: DevhostRun;
let database: AppDatabase<ApprovalFixture>;
let dataDir: string;
let people: ApprovalFixture['people'];
const drive = approvalDriver(() => host);
const OTH_BOSS = 'olga.boss@oth.example.com';

interface Page {
  items: Recommendation[];
  continuationToken: string | null;
}

function item(
  kind: RecommendationKind,
  companyCode: string,
  subject: string,
  annualSaving: number,
  overrides: Partial<Recommendation> = {},
): Recommendation {
  return {
    id: recommendationId(kind, companyCode, subject),
    companyCode,
    kind,
    status: 'open',
    title: `${subject} at ${companyCode}`,
    summary: `Save on ${subject}`,
    monthlySaving: annualSaving / 12,
    annualSaving,
    currency: companyCode === 'TST' ? 'SEK' : 'EUR',
    appSlugs: [subject],
    companyCodes: companyCode === 'GROUP' ? ['TST', 'OTH'] : [companyCode],
    evidence: { note: 'test' },
    answeredBy: { provider: 'local', model: 'lexical-v1', deterministic: true },
    fingerprint: `fp-${companyCode}-${subject}`,
    jobId: 'job-test',
    createdAt: '2026-11-30T00:00:00.000Z',
    updatedAt: '2026-11-30T00:00:00.000Z',
    decision: null,
    ...overrides,
  };
}

async function json<T>(response: Response, status = 200): Promise<T> {
  expect(response.status, await response.clone().text()).toBe(status);
  return (await response.json()) as T;
}

const ids = (page: Page) => page.items.map((i) => i.id);
const groupWide = async (email: string) =>
  `Bearer ${await host.tokenFor(email, { claims: { group: 'TESTG' } })}`;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'asset-pulse-recommendations-'));
  database = await prepareAppDatabase(dataDir, insertApprovalFixture);
  people = database.extra.people;
  host = await startDevhost({ dataDir, env: { ...database.env } });
  const { client } = devhostCosmos(dataDir);
  try {
    const store = createCosmosRecommendationStore(
      client.database('asset-pulse').container('recommendations'),
    );
    const written = await store.upsertMany([
      item('consolidation', 'TST', 'chat', 1200),
      item('cross-subsidiary-match', 'TST', 'boards', 3000),
      item('consolidation', 'TST', 'video', 500, {
        status: 'dismissed',
        decision: {
          status: 'dismissed',
          reason: 'Contract runs to 2028',
          byEmployeeId: people.cto.id,
          byName: 'Tor Cto',
          at: '2026-11-29T09:00:00.000Z',
        },
      }),
      item('consolidation', 'OTH', 'wiki', 8000),
      item('cross-subsidiary-match', 'GROUP', 'slack', 20000),
    ]);
    expect(written).toEqual({ written: 5, unchanged: 0 });
  } finally {
    client.dispose();
  }
}, 180_000);

afterAll(async () => {
  await host?.dispose();
  await database?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe(`the recommendations API through devhost (${lane()})`, () => {
  it("shows a subsidiary's CTO its own items, by saving, filtered by kind and status", async () => {
    const all = await json<Page>(await drive.api('GET', '/recommendations', people.cto.email));
    expect(ids(all)).toEqual([
      'cross-subsidiary-match.TST.boards',
      'consolidation.TST.chat',
      'consolidation.TST.video',
    ]);
    expect(all.continuationToken).toBeNull();
    expect(all.items[2]?.decision).toMatchObject({ status: 'dismissed', reason: 'Contract runs to 2028' });

    const consolidations = await json<Page>(
      await drive.api('GET', '/recommendations?kind=consolidation', people.cto.email),
    );
    expect(ids(consolidations)).toEqual(['consolidation.TST.chat', 'consolidation.TST.video']);
    const open = await json<Page>(await drive.api('GET', '/recommendations?status=open', people.cto.email));
    expect(ids(open)).toEqual(['cross-subsidiary-match.TST.boards', 'consolidation.TST.chat']);
    const own = await json<Page>(await drive.api('GET', '/recommendations?company=TST', people.cto.email));
    expect(ids(own)).toEqual(ids(all));
  });

  it('pages with the continuation token it gives', async () => {
    const first = await json<Page>(await drive.api('GET', '/recommendations?limit=2', people.cto.email));
    expect(ids(first)).toEqual(['cross-subsidiary-match.TST.boards', 'consolidation.TST.chat']);
    expect(first.continuationToken).toEqual(expect.any(String));
    const second = await json<Page>(
      await drive.api(
        'GET',
        `/recommendations?limit=2&continuationToken=${encodeURIComponent(first.continuationToken ?? '')}`,
        people.cto.email,
      ),
    );
    expect(ids(second)).toEqual(['consolidation.TST.video']);
    expect(second.continuationToken).toBeNull();

    const forged = await drive.api('GET', '/recommendations?continuationToken=not-a-token', people.cto.email);
    const problem = await json<{ errors: { path: string }[] }>(forged, 400);
    expect(problem.errors.map((e) => e.path)).toEqual(['continuationToken']);
    // a real token, but of another filter
    const elsewhere = await drive.api(
      'GET',
      `/recommendations?limit=2&kind=consolidation&continuationToken=${encodeURIComponent(first.continuationToken ?? '')}`,
      people.cto.email,
    );
    expect(elsewhere.status).toBe(400);
  });

  it('shows a group-wide role every company and the group-level items', async () => {
    const response = await fetch(`${host.apiBase}/recommendations`, {
      headers: { authorization: await groupWide(people.finance.email) },
    });
    const all = await json<Page>(response);
    expect(ids(all)).toEqual([
      'cross-subsidiary-match.GROUP.slack',
      'consolidation.OTH.wiki',
      'cross-subsidiary-match.TST.boards',
      'consolidation.TST.chat',
      'consolidation.TST.video',
    ]);
    const group = await json<Page>(
      await fetch(`${host.apiBase}/recommendations?company=GROUP`, {
        headers: { authorization: await groupWide(people.finance.email) },
      }),
    );
    expect(ids(group)).toEqual(['cross-subsidiary-match.GROUP.slack']);
  });

  it("keeps another subsidiary's CTO to its own items, and says 403 for a company outside its reach", async () => {
    const cto = ['Employee', 'CTO'];
    const theirs = await json<Page>(await drive.api('GET', '/recommendations', OTH_BOSS, undefined, cto));
    expect(ids(theirs)).toEqual(['consolidation.OTH.wiki']);
    const detail = await drive.api(
      'GET',
      '/recommendations/consolidation.TST.chat',
      OTH_BOSS,
      undefined,
      cto,
    );
    expect(detail.status).toBe(404);
    expect(
      (await drive.api('GET', '/recommendations/cross-subsidiary-match.GROUP.slack', people.cto.email))
        .status,
    ).toBe(404);
    expect((await drive.api('GET', '/recommendations?company=TST', OTH_BOSS, undefined, cto)).status).toBe(
      403,
    );
    expect((await drive.api('GET', '/recommendations?company=GROUP', people.cto.email)).status).toBe(403);
  });

  it('answers 403 to an Employee and to HR', async () => {
    expect((await drive.api('GET', '/recommendations', people.dev.email)).status).toBe(403);
    expect(
      (await drive.api('GET', '/recommendations', people.dev.email, undefined, ['Employee', 'HR'])).status,
    ).toBe(403);
    expect((await drive.api('GET', '/recommendations/consolidation.TST.chat', people.dev.email)).status).toBe(
      403,
    );
  });

  it('reads one recommendation with its etag, and 404 for a malformed or absent id', async () => {
    const response = await drive.api('GET', '/recommendations/consolidation.TST.chat', people.cto.email);
    const detail = await json<Recommendation>(response);
    expect(detail).toMatchObject({ id: 'consolidation.TST.chat', companyCode: 'TST', annualSaving: 1200 });
    expect(detail).not.toHaveProperty('_etag');
    expect(response.headers.get('etag')).toEqual(expect.any(String));
    expect((await drive.api('GET', '/recommendations/not-an-id', people.cto.email)).status).toBe(404);
    expect(
      (await drive.api('GET', '/recommendations/consolidation.TST.nothing', people.cto.email)).status,
    ).toBe(404);
  });

  it('answers 400 naming reason when it is missing, and changes nothing', async () => {
    const response = await drive.api(
      'POST',
      '/recommendations/consolidation.TST.chat/accept',
      people.cto.email,
      {},
    );
    const body = await json<{ errors: { path: string }[] }>(response, 400);
    expect(body.errors.map((e) => e.path)).toContain('reason');
    const unknown = await drive.api(
      'POST',
      '/recommendations/consolidation.TST.chat/accept',
      people.cto.email,
      {
        reason: 'fine',
        extra: 1,
      },
    );
    expect(
      ((await json<{ errors: { path: string }[] }>(unknown, 400)).errors ?? []).map((e) => e.path),
    ).toContain('extra');
    const detail = await json<Recommendation>(
      await drive.api('GET', '/recommendations/consolidation.TST.chat', people.cto.email),
    );
    expect(detail.status).toBe('open');
  });

  it('lets only a CTO or Admin in scope decide', async () => {
    const body = { reason: 'We keep one chat app' };
    expect(
      (await drive.api('POST', '/recommendations/consolidation.TST.chat/accept', people.finance.email, body))
        .status,
    ).toBe(403);
    expect(
      (await drive.api('POST', '/recommendations/consolidation.TST.chat/dismiss', people.dev.email, body))
        .status,
    ).toBe(403);
    expect(
      (
        await drive.api('POST', '/recommendations/consolidation.TST.chat/accept', OTH_BOSS, body, [
          'Employee',
          'CTO',
        ])
      ).status,
    ).toBe(404);
    expect((await drive.api('POST', '/recommendations/bad-id/accept', people.cto.email, body)).status).toBe(
      404,
    );
  });

  it('accepts with a reason once, publishes the event, and answers 409 after', async () => {
    const since = new Date();
    const accepted = await json<Recommendation>(
      await drive.api('POST', '/recommendations/consolidation.TST.chat/accept', people.cto.email, {
        reason: 'We keep one chat app',
      }),
    );
    expect(accepted).toMatchObject({
      status: 'accepted',
      decision: { status: 'accepted', reason: 'We keep one chat app', byEmployeeId: people.cto.id },
    });
    const event = await host.waitForEvent(
      (e) =>
        e.type === 'AssetPulse.Recommendation.Accepted' &&
        e.subject === 'recommendations/consolidation.TST.chat',
    );
    expect(event.id).toBe('recommendation:consolidation.TST.chat:accepted');
    expect(event.data).toMatchObject({
      id: 'consolidation.TST.chat',
      companyCode: 'TST',
      annualSaving: 1200,
    });

    const again = await drive.api(
      'POST',
      '/recommendations/consolidation.TST.chat/accept',
      people.cto.email,
      {
        reason: 'Twice',
      },
    );
    expect(again.status).toBe(409);
    const dismiss = await drive.api(
      'POST',
      '/recommendations/consolidation.TST.chat/dismiss',
      people.cto.email,
      {
        reason: 'Changed my mind',
      },
    );
    expect(dismiss.status).toBe(409);
    // the repeat published nothing new under another id
    const published = await host.events({ type: 'AssetPulse.Recommendation.Accepted', since });
    expect(published.map((e) => e.id)).toEqual(['recommendation:consolidation.TST.chat:accepted']);
    expect(await host.events({ type: 'AssetPulse.Recommendation.Dismissed', since })).toEqual([]);

    const list = await json<Page>(
      await drive.api('GET', '/recommendations?status=accepted', people.cto.email),
    );
    expect(ids(list)).toEqual(['consolidation.TST.chat']);
  });

  it('dismisses with a reason as an Admin', async () => {
    const dismissed = await json<Recommendation>(
      await drive.api(
        'POST',
        '/recommendations/cross-subsidiary-match.TST.boards/dismiss',
        people.admin.email,
        {
          reason: 'Renewal already signed',
        },
      ),
    );
    expect(dismissed).toMatchObject({ status: 'dismissed', decision: { byEmployeeId: people.admin.id } });
    await host.waitForEvent(
      (e) =>
        e.type === 'AssetPulse.Recommendation.Dismissed' &&
        e.subject === 'recommendations/cross-subsidiary-match.TST.boards',
    );
  });

  it('audited each decision once', async () => {
    await host.stop(); // PGlite: the test reads the database only while devhost is stopped
    const rows = await database.use((db) =>
      db
        .selectFrom('audit_log')
        .select(['entity_id', 'action', 'actor_id', 'details', 'company_id'])
        .where('entity_type', '=', 'recommendation')
        .orderBy('id')
        .execute(),
    );
    expect(rows.map((r) => [r.entity_id, r.action, r.actor_id])).toEqual([
      ['consolidation.TST.chat', 'accepted', people.cto.id],
      ['cross-subsidiary-match.TST.boards', 'dismissed', people.admin.id],
    ]);
    expect(rows[0]?.details).toMatchObject({ reason: 'We keep one chat app', kind: 'consolidation' });
    expect(rows[0]?.company_id).toEqual(expect.any(Number));
  });
});
