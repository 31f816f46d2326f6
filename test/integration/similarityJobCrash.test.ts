// Crash safety of the similarity job: devhost killed with SIGKILL in the embed phase and again in the
// rationale phase resumes the job, which completes once, with the same app_overlaps rows as an
// uninterrupted run over the same catalog (run afterwards from empty tables).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot, startDevhost, type DevhostRun } from '../../devhost/childHost';
import { insertSimilarityFixture, type SimilarityFixture } from '../../scripts/fixtures/similarityFixture';
import { prepareAppDatabase, type AppDatabase } from '../support/appDatabase';
import { similarityDriver } from '../support/similarityDriver';
import { lane, openTestDatabase } from '../support/testDatabase';

let host: DevhostRun | undefined;
let database: AppDatabase<SimilarityFixture>;
let dataDir: string;
let vector = true;
const drive = similarityDriver(() => host!, 'ada.lind@tst.example.com');

beforeAll(async () => {
  const probe = await openTestDatabase();
  vector = probe.vectorAvailable;
  await probe.drop();
  if (!vector) return;
  dataDir = mkdtempSync(join(tmpdir(), 'asset-pulse-similarity-crash-'));
  database = await prepareAppDatabase(dataDir, (db) => insertSimilarityFixture(db));
  host = await startDevhost({
    appDir: join(projectRoot, 'test', 'fixtures', 'similarity-app'),
    dataDir,
    // Slow AI calls: the host dies while a phase's activities are running.
    env: { ...database.env, SIMILARITY_TEST_STORE_DIR: dataDir, SIMILARITY_TEST_ACTIVITY_DELAY_MS: '400' },
  });
}, 180_000);

afterAll(async () => {
  await host?.dispose();
  await database?.drop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

type Row = Record<string, unknown>;

/** The overlap rows without the columns that name the job or the time. */
async function overlapRows(): Promise<Row[]> {
  let rows: Row[] = [];
  const read = () =>
    database.use(async (db) => {
      rows = await db
        .selectFrom('app_overlaps')
        .select([
          'app_id_a',
          'app_id_b',
          'similarity',
          'shared_features',
          'verdict',
          'rationale',
          'pair_hash',
        ])
        .orderBy('app_id_a')
        .orderBy('app_id_b')
        .execute();
    });
  if (database.env.DATABASE_URL) await read();
  else {
    await host!.stop();
    await read();
    await host!.restart();
  }
  return rows;
}

describe(`similarity job crash safety (${lane()})`, () => {
  it('survives SIGKILL in the embed and rationale phases with the rows of an uninterrupted run', async (context) => {
    if (!vector) {
      console.warn(`pgvector is not installed on this ${lane()} server: the crash test runs on PGlite only.`);
      context.skip();
    }
    const id = await drive.start();
    await host!.waitForLog(/Succeeded\s+similarityJob_plan /);
    await host!.kill(); // embedding batch in flight
    await host!.restart();
    await host!.waitForLog(/Succeeded\s+similarityJob_selectPairs /);
    await host!.kill(); // rationale chunk in flight
    await host!.restart();

    const job = await drive.finished(id, 120_000).catch((error: unknown) => {
      console.error(host!.output().slice(-6000));
      throw error;
    });
    expect(job.error).toBeNull();
    expect(job.status).toBe('completed');
    const result = job.result!;
    expect(result.overlapsWritten).toBe(result.pairsCompared);
    expect(result.appsEmbedded).toBe(database.extra.apps.length + database.fixture.apps.length);
    const afterCrash = await overlapRows();
    expect(afterCrash.length).toBe(result.pairsCompared);
    const completions = await host!.events({ type: 'AssetPulse.SimilarityJob.Completed' });
    expect(completions.filter((e) => e.id === id).length).toBeGreaterThanOrEqual(1);

    // The same catalog from empty tables, uninterrupted.
    const wipe = () =>
      database.use(async (db) => {
        await db.deleteFrom('app_overlaps').execute();
        await db.deleteFrom('app_feature_embeddings').execute();
        await db.deleteFrom('app_embeddings').execute();
      });
    if (database.env.DATABASE_URL) await wipe();
    else {
      await host!.stop();
      await wipe();
      await host!.restart();
    }
    const clean = await drive.finished(await drive.start(), 120_000);
    expect(clean.result).toMatchObject({
      textsEmbedded: result.textsEmbedded,
      pairsCompared: result.pairsCompared,
      overlapsWritten: result.overlapsWritten,
    });
    expect(await overlapRows()).toEqual(afterCrash);
  }, 480_000);

  it('cancels a running job: the row says cancelled, the orchestration stops, and a new job can start', async (context) => {
    if (!vector) context.skip();
    // From empty tables again, so the job has slow work to do.
    const wipe = () =>
      database.use(async (db) => {
        await db.deleteFrom('app_overlaps').execute();
        await db.deleteFrom('app_embeddings').execute();
      });
    if (database.env.DATABASE_URL) await wipe();
    else {
      await host!.stop();
      await wipe();
      await host!.restart();
    }
    const id = await drive.start();
    const running = await drive.job(id);
    expect(running.status).toBe('running');
    const cancel = await drive.api('POST', `/similarity-jobs/${id}/cancel`, {});
    expect(cancel.status, await cancel.clone().text()).toBe(200);
    expect(((await cancel.json()) as { status: string }).status).toBe('cancelled');
    const again = await drive.api('POST', `/similarity-jobs/${id}/cancel`, {});
    expect(again.status).toBe(409);
    const status = await (await fetch(`${host!.url}/dev/orchestrations?format=json&instanceId=${id}`)).json();
    expect(JSON.stringify(status)).toContain('Terminated');
    const job = await drive.job(id);
    expect(job).toMatchObject({ status: 'cancelled', result: null });
    expect(job.completedAt).not.toBeNull();
    const next = await drive.start();
    expect((await drive.finished(next, 120_000)).status).toBe('completed');
  }, 240_000);
});
