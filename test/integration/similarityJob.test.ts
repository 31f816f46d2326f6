// The similarity job end to end through devhost: a CTO starts it over a small catalog, polls it to
// completion, and the overlaps and counts are right; a rerun with nothing changed writes nothing new.
// An Admin's catalog edit starts a job for that app only. Roles: an Employee gets 403 everywhere.
// The AI parts are deterministic doubles (test/fixtures/similarity-app); the integrator's run with the
// real local provider and Cosmos DB covers those.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot, startDevhost, waitFor, type DevhostRun } from '../../devhost/childHost';
import { insertSimilarityFixture, type SimilarityFixture } from '../../scripts/fixtures/similarityFixture';
import { prepareAppDatabase, type AppDatabase } from '../support/appDatabase';
import { similarityDriver } from '../support/similarityDriver';
import { lane, openTestDatabase } from '../support/testDatabase';

let host: DevhostRun;
let database: AppDatabase<SimilarityFixture>;
let dataDir: string;
let vector = true;
const drive = similarityDriver(() => host, 'ada.lind@tst.example.com');

beforeAll(async () => {
  const probe = await openTestDatabase();
  vector = probe.vectorAvailable;
  await probe.drop();
  dataDir = mkdtempSync(join(tmpdir(), 'asset-pulse-similarity-'));
  database = await prepareAppDatabase(dataDir, (db) => insertSimilarityFixture(db));
  host = await startDevhost({
    appDir: join(projectRoot, 'test', 'fixtures', 'similarity-app'),
    dataDir,
    env: { ...database.env, SIMILARITY_TEST_STORE_DIR: dataDir },
  });
}, 180_000);

afterAll(async () => {
  await host?.dispose();
  await database?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe(`similarity job through devhost (${lane()})`, () => {
  it('answers 503 naming pgvector where the server has none, and starts nothing', async (context) => {
    if (vector) context.skip();
    const response = await drive.api('POST', '/similarity-jobs', {});
    expect(response.status).toBe(503);
    expect(((await response.json()) as { detail: string }).detail).toContain(
      'pgvector is not installed on this PostgreSQL server: similarity jobs need it',
    );
    const list = (await (await drive.api('GET', '/similarity-jobs')).json()) as { items: unknown[] };
    expect(list.items).toEqual([]);
  });

  it('runs over the catalog, finds the pairs that do the same job, and a rerun writes nothing new', async (context) => {
    if (!vector) {
      console.warn(
        `pgvector is not installed on this ${lane()} server: the similarity job is not run here (PGlite runs it).`,
      );
      context.skip();
    }
    const id = await drive.start();
    const second = await drive.api('POST', '/similarity-jobs', {});
    if (second.status === 409) {
      expect(((await second.json()) as { runningJobId: string }).runningJobId).toBe(id);
    }
    const job = await drive.finished(id);
    expect(job.error).toBeNull();
    expect(job.status).toBe('completed');
    expect(job.trigger).toBe('manual');
    expect(job.scope).toBe('all');
    expect(job.requestedBy).toEqual({ id: expect.any(Number) as number, name: 'ada.lind' });
    expect(job.progress).toMatchObject({ percent: 100 });
    const result = job.result!;
    const apps = database.extra.apps.length + database.fixture.apps.length;
    expect(result.appsEmbedded).toBe(apps);
    expect(result.textsEmbedded).toBeGreaterThan(apps);
    expect(result.pairsCompared).toBeGreaterThan(0);
    expect(result.overlapsWritten).toBe(result.pairsCompared);
    expect(result.recommendationsWritten).toBeGreaterThan(0);
    expect(result.provider).toBe('local');

    const overlaps = await overlapSlugs();
    for (const [a, b] of [
      ['teamchat', 'talkspace'],
      ['bugbase', 'ticketly'],
      ['drawboard', 'sketchpad'],
    ]) {
      expect(overlaps.get(`${a}|${b}`) ?? overlaps.get(`${b}|${a}`)).toBe('same-job');
    }
    const completed = await host.waitForEvent(
      (e) => e.type === 'AssetPulse.SimilarityJob.Completed' && e.id === id,
    );
    expect(completed.id).toBe(id);

    const late = await drive.api('POST', `/similarity-jobs/${id}/cancel`, {});
    expect(late.status).toBe(409);

    const rerunId = await drive.start();
    const rerun = await drive.finished(rerunId);
    expect(rerun.status).toBe('completed');
    expect(rerun.result).toMatchObject({
      textsEmbedded: 0,
      overlapsWritten: 0,
      recommendationsWritten: 0,
      pairsCompared: result.pairsCompared,
      recommendationsUnchanged: result.recommendationsWritten,
    });
    expect(await overlapSlugs()).toEqual(overlaps);

    const list = (await (await drive.api('GET', '/similarity-jobs?limit=5')).json()) as {
      items: { id: string }[];
    };
    expect(list.items.map((j) => j.id).slice(0, 2)).toEqual([rerunId, id]);
  });

  it('starts a job for the changed app only when an Admin edits the catalog', async (context) => {
    if (!vector) context.skip();
    const created = await drive.api(
      'POST',
      '/catalog/apps',
      {
        slug: 'chatterbox',
        name: 'Chatterbox',
        vendor: 'Box Media',
        category: 'Messaging',
        description: 'Team chat with channels, direct messages, threads and video calls',
        features: [{ name: 'Channels', description: 'group chat channels for teams' }],
      },
      ['Admin'],
    );
    expect(created.status, await created.clone().text()).toBe(201);
    const job = await waitFor(
      'a catalog-change job',
      async () => {
        const list = (await (await drive.api('GET', '/similarity-jobs')).json()) as {
          items: { id: string; trigger: string; status: string; scope: unknown }[];
        };
        return list.items.find((j) => j.trigger === 'catalog-change' && j.status !== 'running');
      },
      90_000,
      200,
    );
    const detail = await drive.job(job.id);
    expect(detail.status).toBe('completed');
    const newId = await waitFor('the app id', () => appId('chatterbox'));
    expect(detail.scope).toEqual({ appIds: [newId] });
    expect(detail.result).toMatchObject({ appsEmbedded: 1, textsEmbedded: 2 });
    const overlaps = await overlapSlugs();
    expect(overlaps.get('teamchat|chatterbox') ?? overlaps.get('chatterbox|teamchat')).toBe('same-job');

    const edited = await drive.api(
      'PUT',
      '/catalog/apps/chatterbox',
      { description: 'Fleet telemetry for trucks: fuel, routes and drivers' },
      ['Admin'],
    );
    expect(edited.status, await edited.clone().text()).toBe(200);
    const second = await waitFor(
      'a second catalog-change job',
      async () => {
        const list = (await (await drive.api('GET', '/similarity-jobs')).json()) as {
          items: { id: string; trigger: string; status: string }[];
        };
        return list.items.find(
          (j) => j.trigger === 'catalog-change' && j.id !== job.id && j.status !== 'running',
        );
      },
      90_000,
      200,
    );
    expect((await drive.job(second.id)).result).toMatchObject({ appsEmbedded: 1, textsEmbedded: 1 });
  });

  it('closes a job row a lost orchestration left running, instead of refusing every later job', async (context) => {
    if (!vector) context.skip();
    await withDatabase(async (db) => {
      await db
        .insertInto('similarity_jobs')
        .values({
          id: 'lost-job',
          trigger: 'manual',
          requested_by: null,
          scope_app_ids: null,
          status: 'running',
        })
        .execute();
    });
    const id = await drive.start();
    const lost = await drive.job('lost-job');
    expect(lost).toMatchObject({ status: 'failed' });
    expect(lost.error).toContain('without closing the job');
    expect((await drive.finished(id)).status).toBe('completed');
  });

  it('refuses bad catalog writes and changes nothing', async () => {
    const bad = await drive.api(
      'POST',
      '/catalog/apps',
      { slug: 'Not A Slug', name: '', vendor: 'V', category: 'C', description: 'd', extra: 1 },
      ['Admin'],
    );
    expect(bad.status).toBe(400);
    const problem = (await bad.json()) as { errors: { path: string }[] };
    expect(problem.errors.map((e) => e.path)).toEqual(expect.arrayContaining(['slug', 'name', 'extra']));
    const notAdmin = await drive.api('PUT', '/catalog/apps/teamchat', { description: 'changed by a CTO' }, [
      'CTO',
    ]);
    expect(notAdmin.status).toBe(403);
    const empty = await drive.api('PUT', '/catalog/apps/teamchat', {}, ['Admin']);
    expect(empty.status).toBe(400);
    const unknown = await drive.api('PUT', '/catalog/apps/no-such-app', { description: 'x' }, ['Admin']);
    expect(unknown.status).toBe(404);
  });

  it('answers an Employee 403 on every job route and refuses a body that is not {}', async () => {
    for (const [method, path] of [
      ['POST', '/similarity-jobs'],
      ['GET', '/similarity-jobs'],
      ['GET', '/similarity-jobs/some-job'],
      ['POST', '/similarity-jobs/some-job/cancel'],
    ] as const) {
      const response = await drive.api(method, path, method === 'POST' ? {} : undefined, ['Employee']);
      expect(response.status, `${method} ${path}`).toBe(403);
    }
    const extra = await drive.api('POST', '/similarity-jobs', { scope: 'all' });
    expect(extra.status).toBe(400);
    expect(((await extra.json()) as { errors: { path: string }[] }).errors[0]?.path).toBe('scope');
    expect((await drive.api('GET', '/similarity-jobs/nope')).status).toBe(404);
    expect((await drive.api('POST', '/similarity-jobs/nope/cancel', {})).status).toBe(404);
  });
});

async function overlapSlugs(): Promise<Map<string, string>> {
  const pairs = new Map<string, string>();
  const jobs = (await (await drive.api('GET', '/similarity-jobs?limit=1')).json()) as { items: unknown[] };
  expect(jobs.items.length).toBeGreaterThan(0);
  // The overlaps route belongs to another part of the issue; read the table through the app's catalog
  // fixture database while the host keeps running (a real server), or by stopping it (PGlite).
  await withDatabase(async (db) => {
    const rows = await db
      .selectFrom('app_overlaps as o')
      .innerJoin('apps as a', 'a.id', 'o.app_id_a')
      .innerJoin('apps as b', 'b.id', 'o.app_id_b')
      .select(['a.slug as a', 'b.slug as b', 'o.verdict'])
      .execute();
    for (const r of rows) pairs.set(`${r.a}|${r.b}`, r.verdict);
  });
  return pairs;
}

async function appId(slug: string): Promise<number | undefined> {
  let id: number | undefined;
  await withDatabase(async (db) => {
    id = (await db.selectFrom('apps').select('id').where('slug', '=', slug).executeTakeFirst())?.id;
  });
  return id;
}

async function withDatabase(work: Parameters<AppDatabase['use']>[0]): Promise<void> {
  if (database.env.DATABASE_URL) {
    await database.use(work);
    return;
  }
  await host.stop();
  try {
    await database.use(work);
  } finally {
    await host.restart();
  }
}
