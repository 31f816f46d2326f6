// App identity against a real database (PGlite, or PostgreSQL with DATABASE_URL): events naming an
// app the catalog does not know are quarantined by the real ingest; an Admin accepts the name as an
// alias and the events are ingested exactly once, however often and however concurrently it is
// accepted; later events with that name are stored directly.
import { sql } from 'kysely';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptAlias, ALIAS_ACCEPTED_EVENT } from '../../shared/ai/appIdentity/acceptAlias';
import { listUnknownApps } from '../../shared/ai/appIdentity/listUnknownApps';
import {
  matchUnknownApps,
  type ConfirmAppIdentityInput,
  type ConfirmAppIdentityOutput,
} from '../../shared/ai/appIdentity/matchUnknownApps';
import type { AiProvider } from '../../shared/ai/aiProvider';
import type { AiTask } from '../../shared/ai/tasks/aiTask';
import { findUnknownAppNames } from '../../shared/ai/appIdentity/unknownAppNames';
import type { UserPrincipal } from '../../shared/identity/principal';
import type { DomainEvent } from '../../shared/platform/clients/eventPublisher';
import { migrateToLatest } from '../../shared/platform/db/migrate';
import { createTelemetry } from '../../shared/platform/telemetry';
import { ingestUsageMessage, type IngestDeps } from '../../shared/usage/ingestUsageMessage';
import { createPartitionKeeper } from '../../shared/usage/partitionKeeper';
import { createUsageDirectory } from '../../shared/usage/usageDirectory';
import { insertDirectoryFixture, type DirectoryFixture } from '../../scripts/fixtures/directoryFixture';
import {
  FEATURES_NOW,
  insertFeaturesFixture,
  type FeaturesFixture,
} from '../../scripts/fixtures/featuresFixture';
import { lane, openTestDatabase, type TestDatabase } from '../support/testDatabase';

const now = FEATURES_NOW;
let database: TestDatabase;
let ingest: IngestDeps;
let directory: DirectoryFixture;
let features: FeaturesFixture;
let admin: UserPrincipal;
const published: DomainEvent[] = [];
let batches = 0;

const deps = () => ({
  events: { publish: (events: DomainEvent[]) => Promise.resolve(void published.push(...events)) },
  partitions: createPartitionKeeper(database.handle.db, () => now),
  now: () => now,
});

async function send(events: Record<string, unknown>[]) {
  batches++;
  return ingestUsageMessage(
    ingest,
    { v: 1, batchId: `b-${batches}`, acceptedAt: '2026-11-20T11:00:00Z', source: 'pipeline-x', events },
    { messageId: `m-${batches}`, dequeueCount: 1, queueName: 'usage-events' },
  );
}

const event = (id: string, app: string, who: Record<string, unknown>, day = '2026-11-19') => ({
  eventId: id,
  occurredAt: `${day}T10:00:00Z`,
  app,
  eventType: 'active',
  ...who,
});

async function figures(appId: number) {
  const db = database.handle.db;
  const events = await sql<{
    n: number;
  }>`select count(*)::int as n from usage_events where app_id = ${appId}`.execute(db);
  const daily = await sql<{
    n: number;
  }>`select coalesce(sum(events), 0)::int as n from usage_daily where app_id = ${appId}`.execute(db);
  const waiting = await sql<{ n: number }>`select count(*)::int as n from usage_quarantine`.execute(db);
  return { events: events.rows[0]!.n, rolledUp: daily.rows[0]!.n, quarantined: waiting.rows[0]!.n };
}

describe(`app identity on ${lane()}`, () => {
  beforeAll(async () => {
    database = await openTestDatabase();
    await migrateToLatest(database.handle.db, now);
    directory = await insertDirectoryFixture(database.handle.db);
    features = await insertFeaturesFixture(database.handle.db, directory);
    ingest = {
      db: database.handle.db,
      directory: createUsageDirectory(database.handle.db),
      partitions: createPartitionKeeper(database.handle.db, () => now),
      telemetry: createTelemetry(undefined),
      now: () => now,
    };
    admin = {
      kind: 'user',
      employeeId: features.people[0]!.id,
      companyId: features.companies.FEA.id,
      companyCode: 'FEA',
      groupId: 1,
      groupCode: 'TESTG',
      email: features.people[0]!.email,
      displayName: 'Person 1',
      roles: new Set(['Employee', 'Admin']),
      groupWide: true,
    };
    const fea = { userEmail: features.people[1]!.email };
    const tst = { userEmail: directory.employees[0]!.email };
    await send([
      event('e1', 'chat-ly', fea),
      event('e2', 'chat-ly', fea, '2026-10-05'),
      event('e3', 'chat-ly', tst),
      event('e4', 'chat-ly', { userEmail: 'nobody@nowhere.example.com' }),
      event('e5', 'talk-io', fea),
      event('e6', 'talk-io', tst),
      event('e7', 'ghost-app', tst),
    ]);
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('lists the unknown names with counts, dates and companies; a company Admin sees only its own', async () => {
    const all = await listUnknownApps(database.handle.db, admin);
    expect(all.map((u) => [u.name, u.events, u.companies, u.firstSeen, u.lastSeen])).toEqual([
      ['chat-ly', 4, ['FEA', 'TST'], '2026-10-05T10:00:00.000Z', '2026-11-19T10:00:00.000Z'],
      ['talk-io', 2, ['FEA', 'TST'], '2026-11-19T10:00:00.000Z', '2026-11-19T10:00:00.000Z'],
      ['ghost-app', 1, ['TST'], '2026-11-19T10:00:00.000Z', '2026-11-19T10:00:00.000Z'],
    ]);
    const own = await listUnknownApps(database.handle.db, { ...admin, groupWide: false });
    expect(own.map((u) => [u.name, u.events, u.companies])).toEqual([
      ['chat-ly', 2, ['FEA']],
      ['talk-io', 1, ['FEA']],
    ]);
    expect(await findUnknownAppNames(database.handle.db)).toEqual([
      { name: 'chat-ly', events: 4 },
      { name: 'talk-io', events: 2 },
      { name: 'ghost-app', events: 1 },
    ]);
  });

  it('shows the candidate the similarity job found', async () => {
    await database.handle.db
      .insertInto('app_identity_candidates')
      .values({
        name: 'chat-ly',
        app_id: features.apps.chatly,
        similarity: 0.82,
        confirmed: true,
        rationale: 'The name is Chatly with a hyphen.',
        provider: 'local',
        model: 'local-lexical-v1',
        job_id: 'job-1',
      })
      .execute();
    const [first] = await listUnknownApps(database.handle.db, admin);
    expect(first?.candidate).toMatchObject({
      slug: 'chatly',
      name: 'Chatly',
      similarity: 0.82,
      confirmed: true,
      answeredBy: { provider: 'local', model: 'local-lexical-v1', deterministic: true },
    });
  });

  it('writes the candidate the matcher confirms for each unknown name, once per name', async () => {
    // A stand-in for the confirm task (written beside this): its rule says a name is the product when
    // it spells the slug with other punctuation. The provider runs tasks by their local rule, as the
    // local provider does.
    const confirm: AiTask<ConfirmAppIdentityInput, ConfirmAppIdentityOutput> = {
      name: 'confirm-app-identity',
      version: 1,
      output: z.object({ sameProduct: z.boolean(), rationale: z.string() }),
      jsonSchema: {},
      messages: () => [],
      local: (input) => {
        const bare = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, '');
        const same = bare(input.seenName) === bare(input.candidate.slug);
        return { sameProduct: same, rationale: same ? 'Same letters as the slug.' : 'Different name.' };
      },
    };
    const provider: AiProvider = {
      name: 'local',
      embeddingModel: 'local-lexical-v1',
      chatModel: 'local-rules-v1',
      embed: () => Promise.reject(new Error('not used')),
      run: <I, O>(task: AiTask<I, O>, input: I) =>
        Promise.resolve({
          output: task.local(input),
          answeredBy: { provider: 'local' as const, model: 'local-rules-v1', deterministic: true },
          usage: { promptTokens: 0, completionTokens: 0 },
          cached: false,
        }),
    };
    const text = (slug: string) => ({
      slug,
      name: slug,
      vendor: 'Chat Co',
      category: 'Team chat',
      description: '',
      features: [],
    });
    const nearestApps = (name: string) =>
      Promise.resolve(
        name === 'talk-io'
          ? [{ appId: features.apps.talkio, app: text('talkio'), similarity: 0.77 }]
          : [{ appId: features.apps.chatly, app: text('chatly'), similarity: 0.1 }],
      );
    const deps = { db: database.handle.db, provider, confirmAppIdentity: confirm, nearestApps };
    expect(await matchUnknownApps(deps, { jobId: 'job-9' })).toEqual({ candidates: 1 });
    expect(await matchUnknownApps(deps, { jobId: 'job-10' })).toEqual({ candidates: 1 });
    const rows = await database.handle.db
      .selectFrom('app_identity_candidates')
      .select(['name', 'app_id', 'confirmed', 'job_id'])
      .where('name', '=', 'talk-io')
      .execute();
    expect(rows).toEqual([
      { name: 'talk-io', app_id: features.apps.talkio, confirmed: true, job_id: 'job-10' },
    ]);
    // ghost-app's nearest app is too far to ask about
    const ghost = await database.handle.db
      .selectFrom('app_identity_candidates')
      .select('name')
      .where('name', '=', 'ghost-app')
      .execute();
    expect(ghost).toEqual([]);
  });

  it('ingests the waiting events once when the alias is accepted, and not again on a second accept', async () => {
    const before = await figures(features.apps.chatly);
    const first = await acceptAlias(database.handle.db, deps(), {
      name: '  Chat-LY ',
      appSlug: 'chatly',
      by: admin,
    });
    expect(first).toMatchObject({
      ok: true,
      created: true,
      alias: 'chat-ly',
      reingested: 3,
      stillQuarantined: 1,
    });
    const after = await figures(features.apps.chatly);
    expect(after.events - before.events).toBe(3);
    expect(after.rolledUp - before.rolledUp).toBe(3);
    expect(before.quarantined - after.quarantined).toBe(3);

    const second = await acceptAlias(database.handle.db, deps(), {
      name: 'chat-ly',
      appSlug: 'chatly',
      by: admin,
    });
    expect(second).toMatchObject({ ok: true, created: false, reingested: 0 });
    expect(await figures(features.apps.chatly)).toEqual(after);

    // the event from an unknown sender waits, now for its sender only
    const left = await database.handle.db
      .selectFrom('usage_quarantine')
      .select('reason')
      .where('event_id', '=', 'e4')
      .executeTakeFirstOrThrow();
    expect(left.reason).toBe('unknown user "nobody@nowhere.example.com"');
    expect((await listUnknownApps(database.handle.db, admin)).map((u) => u.name)).toEqual([
      'talk-io',
      'ghost-app',
    ]);

    const audit = await database.handle.db
      .selectFrom('audit_log')
      .select(['action', 'entity_id'])
      .where('entity_type', '=', 'app_alias')
      .execute();
    expect(audit).toEqual([{ action: 'accepted', entity_id: 'chat-ly' }]);
    expect(published.filter((e) => e.type === ALIAS_ACCEPTED_EVENT).map((e) => e.data)).toEqual([
      {
        alias: 'chat-ly',
        app: { slug: 'chatly', name: 'Chatly' },
        reingested: 3,
        acceptedBy: admin.employeeId,
      },
    ]);
  });

  it('ingests once when two accepts of the same alias run at the same time', async () => {
    const before = await figures(features.apps.talkio);
    const results = await Promise.all([
      acceptAlias(database.handle.db, deps(), { name: 'talk-io', appSlug: 'talkio', by: admin }),
      acceptAlias(database.handle.db, deps(), { name: 'TALK-IO', appSlug: 'talkio', by: admin }),
    ]);
    const reingested = results.map((r) => (r.ok ? r.reingested : -1)).sort();
    expect(reingested).toEqual([0, 2]);
    expect(results.filter((r) => r.ok && r.created)).toHaveLength(1);
    const after = await figures(features.apps.talkio);
    expect(after.events - before.events).toBe(2);
    expect(after.rolledUp - before.rolledUp).toBe(2);
  });

  it('refuses an alias taken by another app, an unknown app and a name that is a slug', async () => {
    expect(
      await acceptAlias(database.handle.db, deps(), { name: 'chat-ly', appSlug: 'talkio', by: admin }),
    ).toEqual({
      ok: false,
      reason: 'conflict',
      alias: 'chat-ly',
      app: { slug: 'chatly', name: 'Chatly' },
    });
    expect(
      await acceptAlias(database.handle.db, deps(), { name: 'ghost-app', appSlug: 'nope', by: admin }),
    ).toMatchObject({
      ok: false,
      reason: 'invalid',
      errors: [{ path: 'appSlug' }],
    });
    expect(
      await acceptAlias(database.handle.db, deps(), { name: 'Trackr', appSlug: 'chatly', by: admin }),
    ).toMatchObject({
      ok: false,
      reason: 'invalid',
      errors: [{ path: 'name' }],
    });
  });

  it('stores later events that carry the alias directly, through ingest', async () => {
    const before = await figures(features.apps.chatly);
    const outcome = await send([event('e8', 'chat-ly', { userEmail: features.people[2]!.email })]);
    expect(outcome).toMatchObject({ inserted: 1, quarantined: 0 });
    const after = await figures(features.apps.chatly);
    expect(after.events - before.events).toBe(1);
    expect(after.quarantined).toBe(before.quarantined);
  });
});
