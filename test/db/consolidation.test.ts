// F2 against a real database (PGlite, or PostgreSQL with DATABASE_URL): clusters of apps that do the
// same job, the app to keep and why, and the saving net of the seats the kept app needs, on the
// features fixture (scripts/fixtures/featuresFixture.ts), figures worked out by hand.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  computeConsolidations,
  type ConsolidationEvidence,
} from '../../shared/ai/recommendations/consolidation';
import { recommendationPartition, type Recommendation } from '../../shared/ai/recommendations/recommendation';
import { migrateToLatest } from '../../shared/platform/db/migrate';
import { insertDirectoryFixture } from '../../scripts/fixtures/directoryFixture';
import { FEATURES_NOW, insertFeaturesFixture } from '../../scripts/fixtures/featuresFixture';
import { lane, openTestDatabase, type TestDatabase } from '../support/testDatabase';

const answeredBy = { provider: 'local' as const, model: 'local-lexical-v1', deterministic: true };
let database: TestDatabase;
let items: Recommendation[];
const evidenceOf = (item: Recommendation) => item.evidence as unknown as ConsolidationEvidence;

describe(`F2 consolidation on ${lane()}`, () => {
  beforeAll(async () => {
    database = await openTestDatabase();
    await migrateToLatest(database.handle.db, FEATURES_NOW);
    await insertFeaturesFixture(database.handle.db, await insertDirectoryFixture(database.handle.db));
    items = await computeConsolidations(database.handle.db, {
      jobId: 'job-1',
      now: FEATURES_NOW,
      answeredBy,
    });
  });
  afterAll(async () => {
    await database?.drop();
  });

  it("finds the team-chat cluster (same-job only) for FEA and for the group, in each one's currency", () => {
    expect(items.map((i) => [recommendationPartition(i.id), i.companyCode, i.currency, i.appSlugs])).toEqual([
      ['FEA', 'FEA', 'EUR', ['chatly', 'talkio']],
      ['GROUP', 'GROUP', 'EUR', ['chatly', 'talkio']],
    ]);
    const [company, group] = items.map(evidenceOf);
    // one cluster, with an id stable across runs; the partial (meetly) and different (trackr) pairs are not in it
    expect(company!.cluster.slugs).toEqual(['chatly', 'talkio']);
    expect(company!.cluster.id).toMatch(/^team-chat-[0-9a-f]{10}$/);
    expect(group!.cluster.id).toBe(company!.cluster.id);
    expect(items[0]!.id).toBe(`consolidation.FEA.${company!.cluster.id}`);
    expect(group!.scope).toEqual({ level: 'group', companyCodes: ['FEA', 'FGB', 'FUS'] });
    expect(items[1]!.companyCodes).toEqual(['FEA', 'FGB', 'FUS']);
  });

  it('shows per app the spend, seats, active share, shared users and the keep score, and keeps chatly in FEA', () => {
    const evidence = evidenceOf(items[0]!);
    const row = (slug: string) => evidence.apps.find((a) => a.slug === slug)!;
    expect(row('chatly')).toMatchObject({
      seats: 20,
      monthlySpend: 180,
      unitPrice: 9,
      activeUsers: 15, // p16 used it before the window
      activeShare: 0.75,
      sharedUsers: 2, // p14, p15
      costPerActiveUser: 12,
      featureCoverage: 1,
      score: { coverage: 1, costPerActiveUser: 0.8333, adoption: 0.75, total: 0.875 },
    });
    expect(row('talkio')).toMatchObject({
      seats: 10,
      monthlySpend: 80,
      activeUsers: 8, // p14..p21: p21 on the window's first day, p22 the day before
      activeShare: 0.8,
      sharedUsers: 2,
      costPerActiveUser: 10,
      featureCoverage: 0.6667,
      score: { coverage: 0.6667, costPerActiveUser: 1, adoption: 0.8, total: 0.8067 },
    });
    expect(evidence.sharedUsers).toBe(2);
    expect(evidence.keep.slug).toBe('chatly');
    expect(evidence.keep.why).toContain('100 % of the cluster');
    expect(evidence.scoring.weights).toEqual({ coverage: 0.4, costPerActiveUser: 0.3, adoption: 0.3 });
    expect(evidence.remove).toEqual(['talkio']);
  });

  it("saves the removed app's spend net of the extra seats the kept app needs", () => {
    const item = items[0]!;
    const evidence = evidenceOf(item);
    // talkio's active people not on chatly: p19, p20, p21; chatly has 2 free seats → 1 extra at 9 EUR
    expect(evidence.moves).toEqual([
      {
        companyCode: 'FEA',
        usersToMove: 3,
        freeSeatsOnKept: 2,
        extraSeats: 1,
        extraSeatUnitPrice: 9,
        extraSeatsMonthlyCost: 9,
        removedMonthlySpend: 80,
      },
    ]);
    expect(item.monthlySaving).toBe(71);
    expect(item.annualSaving).toBe(852);
  });

  it('across the group keeps the app with the better cost per active user and adoption', () => {
    const item = items[1]!;
    const evidence = evidenceOf(item);
    const chatly = evidence.apps.find((a) => a.slug === 'chatly')!;
    // 60 seats, 600 EUR a month, used by 15 people: 40 EUR per active user
    expect(chatly).toMatchObject({
      seats: 60,
      monthlySpend: 600,
      activeUsers: 15,
      costPerActiveUser: 40,
      activeShare: 0.25,
    });
    expect(evidence.keep.slug).toBe('talkio');
    // FEA's 13 chatly users who hold no talkio seat need one (talkio has none free) at 8 EUR
    expect(evidence.moves).toEqual([
      expect.objectContaining({
        companyCode: 'FEA',
        usersToMove: 13,
        extraSeats: 13,
        extraSeatsMonthlyCost: 104,
        removedMonthlySpend: 180,
      }),
      expect.objectContaining({
        companyCode: 'FGB',
        usersToMove: 0,
        extraSeats: 0,
        removedMonthlySpend: 120,
      }),
      expect.objectContaining({
        companyCode: 'FUS',
        usersToMove: 0,
        extraSeats: 0,
        removedMonthlySpend: 300,
      }),
    ]);
    expect(item.monthlySaving).toBe(496);
  });

  it('gives the same ids and fingerprints for the same data', async () => {
    const again = await computeConsolidations(database.handle.db, {
      jobId: 'job-2',
      now: FEATURES_NOW,
      answeredBy,
    });
    expect(again.map((i) => [i.id, i.fingerprint])).toEqual(items.map((i) => [i.id, i.fingerprint]));
  });

  it('skips a cluster with no saving', async () => {
    // FEA gets both apps for nothing now: dropping one saves nothing there; the group item stays
    const fea = await database.handle.db
      .selectFrom('companies')
      .select('id')
      .where('code', '=', 'FEA')
      .executeTakeFirstOrThrow();
    await database.handle.db
      .updateTable('contracts')
      .set({ unit_price: 0 })
      .where('company_id', '=', fea.id)
      .execute();
    const after = await computeConsolidations(database.handle.db, {
      jobId: 'job-3',
      now: FEATURES_NOW,
      answeredBy,
    });
    expect(after.map((i) => i.companyCode)).toEqual(['GROUP']);
  });
});
