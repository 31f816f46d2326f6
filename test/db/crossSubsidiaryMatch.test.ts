// F1 against a real database (PGlite, or PostgreSQL with DATABASE_URL): the figures a finance person
// checks by hand on the features fixture (scripts/fixtures/featuresFixture.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  computeCrossSubsidiaryMatches,
  type CrossSubsidiaryEvidence,
} from '../../shared/ai/recommendations/crossSubsidiaryMatch';
import { recommendationPartition, type Recommendation } from '../../shared/ai/recommendations/recommendation';
import { migrateToLatest } from '../../shared/platform/db/migrate';
import { insertDirectoryFixture } from '../../scripts/fixtures/directoryFixture';
import { FEATURES_NOW, insertFeaturesFixture } from '../../scripts/fixtures/featuresFixture';
import { lane, openTestDatabase, type TestDatabase } from '../support/testDatabase';

const answeredBy = { provider: 'local' as const, model: 'local-lexical-v1', deterministic: true };
let database: TestDatabase;
let items: Recommendation[];

describe(`F1 cross-subsidiary match on ${lane()}`, () => {
  beforeAll(async () => {
    database = await openTestDatabase();
    await migrateToLatest(database.handle.db, FEATURES_NOW);
    await insertFeaturesFixture(database.handle.db, await insertDirectoryFixture(database.handle.db));
    items = await computeCrossSubsidiaryMatches(database.handle.db, {
      jobId: 'job-1',
      now: FEATURES_NOW,
      answeredBy,
    });
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('recommends one group agreement per app two or more subsidiaries buy, and nothing for the rest', () => {
    expect(items.map((i) => i.id)).toEqual([
      'cross-subsidiary-match.GROUP.chatly',
      'cross-subsidiary-match.GROUP.trackr',
    ]);
    for (const item of items) {
      expect(recommendationPartition(item.id)).toBe('GROUP');
      expect(item).toMatchObject({
        companyCode: 'GROUP',
        kind: 'cross-subsidiary-match',
        currency: 'EUR',
        status: 'open',
      });
    }
  });

  it('puts each contract on a monthly EUR footing, with the spread, renewals and notice deadlines', () => {
    const chatly = items[0]!;
    expect(chatly.companyCodes).toEqual(['FEA', 'FGB', 'FUS']);
    expect(chatly.appSlugs).toEqual(['chatly']);
    const evidence = chatly.evidence as unknown as CrossSubsidiaryEvidence;
    expect(
      evidence.contracts.map((k) => [
        k.company.code,
        k.seats,
        k.unitPrice,
        k.currency,
        k.monthlyUnitPriceEur,
        k.monthlySpendEur,
        k.renewalDate,
        k.noticeDeadline,
      ]),
    ).toEqual([
      ['FEA', 20, 9, 'EUR', 9, 180, '2027-03-31', '2027-01-30'],
      ['FGB', 10, 10.2, 'GBP', 12, 120, '2027-06-30', '2027-04-01'],
      ['FUS', 30, 10.8, 'USD', 10, 300, '2027-01-31', '2027-01-01'],
    ]);
    // the expired FGB contract is not among them
    expect(evidence.spread).toEqual({ min: 9, q1: 9.5, median: 10, q3: 11, max: 12 });
    expect(evidence.combinedSeats).toBe(60);
    expect(evidence.currentMonthlySpendEur).toBe(600);
    expect(evidence.nextRenewal).toBe('2027-01-31');
    expect(evidence.nextNoticeDeadline).toBe('2027-01-01');
  });

  it("saves with the vendor's volume tier when it beats the best price any subsidiary got", () => {
    const chatly = items[0]!;
    const evidence = chatly.evidence as unknown as CrossSubsidiaryEvidence;
    // best price: 60 seats × 9 EUR = 540; volume tier for 60 seats: 6 EUR → 360
    expect(evidence.bestPrice).toEqual({ unitPriceEur: 9, companyCode: 'FEA', monthlySpendEur: 540 });
    expect(evidence.volumeTier).toEqual({ planCode: 'volume', unitPriceEur: 6, monthlySpendEur: 360 });
    expect(evidence.chosen).toBe('volume-tier');
    expect(chatly.monthlySaving).toBe(240);
    expect(chatly.annualSaving).toBe(2880);
  });

  it('saves with the best price when no volume tier applies', () => {
    const trackr = items[1]!;
    const evidence = trackr.evidence as unknown as CrossSubsidiaryEvidence;
    // FEA 5 × 20 EUR + FUS 10 × 15 EUR (16.20 USD) = 250; all 15 at 15 EUR = 225
    expect(evidence.currentMonthlySpendEur).toBe(250);
    expect(evidence.bestPrice).toEqual({ unitPriceEur: 15, companyCode: 'FUS', monthlySpendEur: 225 });
    expect(evidence.volumeTier).toBeNull();
    expect(evidence.chosen).toBe('best-price');
    expect(trackr.monthlySaving).toBe(25);
    expect(trackr.annualSaving).toBe(300);
  });

  it('gives the same ids and fingerprints for the same data, whatever the job or the time', async () => {
    const again = await computeCrossSubsidiaryMatches(database.handle.db, {
      jobId: 'job-2',
      now: new Date(FEATURES_NOW.getTime() + 3_600_000),
      answeredBy,
    });
    expect(again.map((i) => [i.id, i.fingerprint])).toEqual(items.map((i) => [i.id, i.fingerprint]));
    expect(again[0]!.jobId).toBe('job-2');
    expect(items[0]!.fingerprint).toMatch(/^[0-9a-f]{64}$/);
  });

  it('changes the fingerprint when a price changes', async () => {
    await database.handle.db
      .updateTable('contracts')
      .set({ unit_price: 10.5 })
      .where('currency', '=', 'USD')
      .where('seats', '=', 30)
      .execute();
    const changed = await computeCrossSubsidiaryMatches(database.handle.db, {
      jobId: 'job-3',
      now: FEATURES_NOW,
      answeredBy,
    });
    expect(changed[0]!.id).toBe(items[0]!.id);
    expect(changed[0]!.fingerprint).not.toBe(items[0]!.fingerprint);
    expect(changed[1]!.fingerprint).toBe(items[1]!.fingerprint);
  });
});
