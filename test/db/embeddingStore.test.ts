// Embeddings in pgvector: only texts whose (content hash, model) changed are embedded again; nearest
// neighbours give deduplicated candidate pairs; the pgvector version says what it supports. On a
// server without pgvector these are skipped with a notice, and the job rows (one at a time) still work.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embedTexts, planChangedTexts } from '../../shared/ai/embeddings/embeddingStore';
import { candidatePairs } from '../../shared/ai/embeddings/nearestNeighbours';
import { checkVectorSupport, describeVectorSupport } from '../../shared/ai/embeddings/vectorSupport';
import {
  insertSimilarityJob,
  getSimilarityJob,
  endSimilarityJob,
} from '../../shared/ai/similarity/similarityJobRows';
import { migrateToLatest } from '../../shared/platform/db/migrate';
import { insertDirectoryFixture } from '../../scripts/fixtures/directoryFixture';
import { insertSimilarityFixture, type SimilarityFixture } from '../../scripts/fixtures/similarityFixture';
import { createTestProvider, testEmbeddingTexts } from '../support/similarityDoubles';
import { lane, openTestDatabase, type TestDatabase } from '../support/testDatabase';

let database: TestDatabase;
let catalog: SimilarityFixture;

beforeAll(async () => {
  database = await openTestDatabase();
  await migrateToLatest(database.handle.db);
  await insertDirectoryFixture(database.handle.db);
  catalog = await insertSimilarityFixture(database.handle.db);
});
afterAll(async () => {
  await database?.drop();
});

const skipWithoutVector = (context: { skip: () => void }) => {
  if (database.vectorAvailable) return;
  console.warn(
    `pgvector is not installed on this ${lane()} server: embedding tests are skipped here (PGlite runs them).`,
  );
  context.skip();
};

describe(`embeddings in pgvector (${lane()})`, () => {
  it('says what the pgvector version supports', async () => {
    expect(describeVectorSupport('0.4.4')).toMatchObject({ installed: true, hnsw: false, halfvec: false });
    expect(describeVectorSupport('0.5.1')).toMatchObject({ hnsw: true, halfvec: false });
    expect(describeVectorSupport('0.8.0')).toMatchObject({ hnsw: true, halfvec: true });
    expect(describeVectorSupport(null).summary).toBe(
      'pgvector is not installed on this PostgreSQL server: similarity jobs need it',
    );
    const support = await checkVectorSupport(database.handle.db);
    expect(support.installed).toBe(database.vectorAvailable);
  });

  it('embeds every text once, then only what changed', async (context) => {
    skipWithoutVector(context);
    const { db } = database.handle;
    const provider = createTestProvider();
    const first = await planChangedTexts(db, testEmbeddingTexts, provider.embeddingModel, null);
    const apps = await db.selectFrom('apps').select('id').execute();
    const features = await db.selectFrom('app_features').select('id').execute();
    expect(first.changed.apps.sort()).toEqual(apps.map((a) => a.id).sort());
    expect(first.changed.features).toHaveLength(features.length);

    const embedded = await embedTexts(db, provider, testEmbeddingTexts, first.changed, { jobId: 'j1' });
    expect(embedded.embedded).toBe(apps.length + features.length);
    // The same batch again (an activity run twice) embeds nothing.
    expect(
      (await embedTexts(db, provider, testEmbeddingTexts, first.changed, { jobId: 'j1' })).embedded,
    ).toBe(0);
    expect((await planChangedTexts(db, testEmbeddingTexts, provider.embeddingModel, null)).changed).toEqual({
      apps: [],
      features: [],
    });

    // One feature's description changes: that feature's text only (app texts hold feature names).
    const ledgerly = catalog.apps.find((a) => a.slug === 'ledgerly')!;
    const feature = await db
      .updateTable('app_features')
      .set({ description: 'send, book and chase invoices' })
      .where('app_id', '=', ledgerly.id)
      .returning('id')
      .executeTakeFirstOrThrow();
    const second = await planChangedTexts(db, testEmbeddingTexts, provider.embeddingModel, null);
    expect(second.changed).toEqual({ apps: [], features: [feature.id] });
    expect(
      (await embedTexts(db, provider, testEmbeddingTexts, second.changed, { jobId: 'j2' })).embedded,
    ).toBe(1);

    // A new model re-embeds everything; a scope limits the plan to those apps.
    const scoped = await planChangedTexts(db, testEmbeddingTexts, 'another-model', [ledgerly.id]);
    expect(scoped.appIds).toEqual([ledgerly.id]);
    expect(scoped.changed).toEqual({ apps: [ledgerly.id], features: [feature.id] });
  });

  it('finds the apps that do the same job as unordered pairs above the floor', async (context) => {
    skipWithoutVector(context);
    const { db } = database.handle;
    const id = (slug: string) => catalog.apps.find((a) => a.slug === slug)!.id;
    const pairs = await candidatePairs(db, [id('teamchat'), id('talkspace'), id('bugbase')], {
      k: 1,
      floor: 0.3,
      model: 'test-hash-512',
    });
    const pair = (a: string, b: string) => [Math.min(id(a), id(b)), Math.max(id(a), id(b))];
    // teamchat→talkspace and talkspace→teamchat are one pair
    expect(pairs.map((p) => [p.a, p.b])).toEqual([
      pair('teamchat', 'talkspace'),
      pair('bugbase', 'ticketly'),
    ]);
    for (const p of pairs) expect(p.similarity).toBeGreaterThan(0.3);
    expect(await candidatePairs(db, [id('fleetwise')], { k: 3, floor: 0.9, model: 'test-hash-512' })).toEqual(
      [],
    );
  });
});

describe(`similarity job rows (${lane()})`, () => {
  it('lets one job run at a time and ends it once', async () => {
    const { db } = database.handle;
    const job = { trigger: 'manual' as const, requestedBy: null, scopeAppIds: null };
    expect(await insertSimilarityJob(db, { ...job, id: 'a' })).toEqual({ ok: true });
    expect(await insertSimilarityJob(db, { ...job, id: 'b' })).toEqual({
      ok: false,
      reason: 'running',
      runningId: 'a',
    });
    expect(await insertSimilarityJob(db, { ...job, id: 'a' })).toMatchObject({
      ok: false,
      reason: 'duplicate',
    });
    const at = new Date('2026-11-30T03:00:00Z');
    expect(await endSimilarityJob(db, 'a', { status: 'cancelled', at })).toBe(true);
    expect(await endSimilarityJob(db, 'a', { status: 'failed', error: 'late', at })).toBe(false);
    expect(await getSimilarityJob(db, 'a')).toMatchObject({
      status: 'cancelled',
      phase: 'cancelled',
      completedAt: at.toISOString(),
      error: null,
      scope: 'all',
      requestedBy: null,
    });
    expect(await insertSimilarityJob(db, { ...job, id: 'b' })).toEqual({ ok: true });
  });
});
