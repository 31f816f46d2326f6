// The app-identity API through devhost: unknown app names for Admins (a subsidiary's Admin sees the
// names its own people sent, nobody else's), and accepting an alias (group-wide Admin), which ingests
// the waiting events once, publishes AssetPulse.AppAlias.Accepted, 409s for another app and 400s
// naming the field. Employees get 403.
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
// recent enough for its month's partition to be made on demand
const seenAt = new Date(Date.now() - 2 * 86_400_000).toISOString();

interface UnknownApps {
  items: { name: string; events: number; companies: string[]; candidate: unknown }[];
}

const groupAdmin = () =>
  host.tokenFor(database.extra.people.admin.email, { roles: ['Admin'], claims: { group: 'TESTG' } });

async function asGroupAdmin(method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${host.apiBase}${path}`, {
    method,
    headers: { authorization: `Bearer ${await groupAdmin()}`, 'content-type': 'application/json' },
    ...(body !== undefined && { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'asset-pulse-app-identity-api-'));
  database = await prepareAppDatabase(dataDir, async (db, directory) => {
    const approval = await insertApprovalFixture(db, directory);
    await insertFeaturesFixture(db, directory);
    const waiting = (eventId: string, app: string, userEmail: string) => ({
      event_id: eventId,
      occurred_at: seenAt,
      reason: `unknown app "${app}"`,
      event: JSON.stringify({ eventId, occurredAt: seenAt, userEmail, app, eventType: 'active' }),
      batch_id: 'fixture-batch',
    });
    await db
      .insertInto('usage_quarantine')
      .values([
        waiting('tst-1', 'chat-ly', approval.people.dev.email),
        waiting('tst-2', 'chat-ly', approval.people.dev2.email),
        waiting('oth-1', 'chat-ly', approval.people.outsider.email),
        waiting('oth-2', 'oth-only', approval.people.outsider.email),
      ])
      .execute();
    return approval;
  });
  host = await startDevhost({ dataDir, env: { ...database.env } });
}, 120_000);

afterAll(async () => {
  await host?.dispose();
  await database?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe(`app identity through devhost (${lane()})`, () => {
  it('refuses Employees on both routes', async () => {
    const dev = database.extra.people.dev.email;
    expect((await drive.api('GET', '/app-identity/unknown-apps', dev, undefined, ['Employee'])).status).toBe(
      403,
    );
    const post = await drive.api(
      'POST',
      '/app-identity/aliases',
      dev,
      { name: 'chat-ly', appSlug: 'chatly' },
      ['Employee'],
    );
    expect(post.status).toBe(403);
  });

  it("shows each subsidiary's Admin the names its own people sent, and the group Admin all", async () => {
    const tst = (await (
      await drive.api('GET', '/app-identity/unknown-apps', database.extra.people.admin.email, undefined, [
        'Admin',
      ])
    ).json()) as UnknownApps;
    expect(tst.items.map((i) => [i.name, i.events, i.companies])).toEqual([['chat-ly', 2, ['TST']]]);

    const othAdmin = 'olga.boss@oth.example.com';
    const oth = (await (
      await drive.api('GET', '/app-identity/unknown-apps', othAdmin, undefined, ['Admin'])
    ).json()) as UnknownApps;
    expect(oth.items.map((i) => [i.name, i.events, i.companies])).toEqual([
      ['chat-ly', 1, ['OTH']],
      ['oth-only', 1, ['OTH']],
    ]);

    const all = (await (await asGroupAdmin('GET', '/app-identity/unknown-apps')).json()) as UnknownApps;
    expect(all.items.map((i) => [i.name, i.events, i.companies, i.candidate])).toEqual([
      ['chat-ly', 3, ['OTH', 'TST'], null],
      ['oth-only', 1, ['OTH'], null],
    ]);
  });

  it("refuses a subsidiary's Admin an alias: it changes ingest for every company", async () => {
    const response = await drive.api(
      'POST',
      '/app-identity/aliases',
      database.extra.people.admin.email,
      { name: 'chat-ly', appSlug: 'chatly' },
      ['Admin'],
    );
    expect(response.status).toBe(403);
  });

  it('answers 400 naming the field for malformed bodies, changing nothing', async () => {
    const errors = async (body: unknown) => {
      const response = await asGroupAdmin('POST', '/app-identity/aliases', body);
      expect(response.status).toBe(400);
      return ((await response.json()) as { errors?: { path: string }[] }).errors?.map((e) => e.path);
    };
    expect(await errors({ name: 'chat-ly' })).toEqual(['appSlug']);
    expect(await errors({ name: '', appSlug: 'chatly' })).toEqual(['name']);
    expect(await errors({ name: 'chat-ly', appSlug: 'Chatly!' })).toEqual(['appSlug']);
    expect(await errors({ name: 'chat-ly', appSlug: 'chatly', extra: 1 })).toEqual(['extra']);
    expect(await errors({ name: 'chat-ly', appSlug: 'no-such-app' })).toEqual(['appSlug']);
    expect(await errors('{"name": ')).toBeUndefined();
    const still = (await (await asGroupAdmin('GET', '/app-identity/unknown-apps')).json()) as UnknownApps;
    expect(still.items[0]).toMatchObject({ name: 'chat-ly', events: 3 });
  });

  it('accepts an alias, ingests the waiting events once, and publishes the event', async () => {
    const created = await asGroupAdmin('POST', '/app-identity/aliases', {
      name: 'Chat-Ly',
      appSlug: 'chatly',
    });
    expect(created.status, await created.clone().text()).toBe(201);
    expect(await created.json()).toEqual({
      alias: 'chat-ly',
      app: { slug: 'chatly', name: 'Chatly' },
      reingested: 3,
      stillQuarantined: 0,
    });
    const again = await asGroupAdmin('POST', '/app-identity/aliases', { name: 'chat-ly', appSlug: 'chatly' });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ reingested: 0 });

    const left = (await (await asGroupAdmin('GET', '/app-identity/unknown-apps')).json()) as UnknownApps;
    expect(left.items.map((i) => i.name)).toEqual(['oth-only']);

    const conflict = await asGroupAdmin('POST', '/app-identity/aliases', {
      name: 'chat-ly',
      appSlug: 'talkio',
    });
    expect(conflict.status).toBe(409);

    const published = await host.waitForEvent((e) => e.type === 'AssetPulse.AppAlias.Accepted');
    expect(published.data).toMatchObject({ alias: 'chat-ly', reingested: 3, app: { slug: 'chatly' } });
  });
});
