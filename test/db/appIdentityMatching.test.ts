// App identity's job step as the composition root wires it, with the real local provider: an unknown
// name from the quarantine is matched to its nearest catalog app by name and confirmed by the
// confirmAppIdentity task; a name like nothing in the catalog gets no confirmed candidate.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matchUnknownApps } from '../../shared/ai/appIdentity/matchUnknownApps';
import { nearestAppsByName } from '../../shared/ai/appIdentity/nearestAppsByName';
import { createLocalAiProvider } from '../../shared/ai/local/localAiProvider';
import { confirmAppIdentityTask } from '../../shared/ai/tasks/confirmAppIdentity';
import { migrateToLatest } from '../../shared/platform/db/migrate';
import { insertDirectoryFixture } from '../../scripts/fixtures/directoryFixture';
import {
  FEATURES_NOW,
  insertFeaturesFixture,
  type FeaturesFixture,
} from '../../scripts/fixtures/featuresFixture';
import { lane, openTestDatabase, type TestDatabase } from '../support/testDatabase';

let database: TestDatabase;
let features: FeaturesFixture;
const provider = createLocalAiProvider();

describe(`app identity matching on ${lane()}`, () => {
  beforeAll(async () => {
    database = await openTestDatabase();
    await migrateToLatest(database.handle.db, FEATURES_NOW);
    features = await insertFeaturesFixture(
      database.handle.db,
      await insertDirectoryFixture(database.handle.db),
    );
    const waiting = (eventId: string, app: string) => ({
      event_id: eventId,
      occurred_at: '2026-11-19T10:00:00Z',
      reason: `unknown app "${app}"`,
      event: JSON.stringify({ eventId, app, eventType: 'active', employeeId: features.people[0]!.id }),
      batch_id: 'b1',
    });
    await database.handle.db
      .insertInto('usage_quarantine')
      .values([waiting('q1', 'talkio-chat'), waiting('q2', 'talkio-chat'), waiting('q3', 'zebra-payroll-xq')])
      .execute();
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('writes a candidate for the name that resembles a catalog app, pointing at that app', async () => {
    const db = database.handle.db;
    const step = () =>
      matchUnknownApps(
        {
          db,
          provider,
          confirmAppIdentity: confirmAppIdentityTask,
          nearestApps: nearestAppsByName(db, provider, { jobId: 'job-1' }),
        },
        { jobId: 'job-1' },
      );
    const first = await step();
    const rows = await db
      .selectFrom('app_identity_candidates')
      .select(['name', 'app_id', 'confirmed', 'provider', 'rationale'])
      .orderBy('name')
      .execute();
    const talkio = rows.find((r) => r.name === 'talkio-chat');
    expect(talkio).toMatchObject({ app_id: features.apps.talkio, provider: 'local' });
    expect(talkio?.rationale.length).toBeGreaterThan(0);
    expect(rows.find((r) => r.name === 'zebra-payroll-xq')?.confirmed ?? false).toBe(false);
    // a second run rewrites the same rows, adding none
    await step();
    expect(await db.selectFrom('app_identity_candidates').select('name').execute()).toHaveLength(rows.length);
    expect(first.candidates).toBe(rows.length);
  });
});
