// The AI engine on the real app (dist/functions/index.js) through devhost, with its Cosmos DB
// emulator and the local provider, over a small demo seed (the full ~160-app catalog, few people and
// days of usage):
// - a CTO starts a similarity job and polls it to the end; recommendations land in Cosmos DB, the
//   overlaps API ranks apps that do the same job, and AssetPulse.SimilarityJob.Completed is published;
// - a rerun with nothing changed writes nothing;
// - the unknown app names the seed quarantined get the right catalog app as candidate, and accepting
//   an alias ingests their events exactly once;
// - devhost killed with SIGKILL mid-job resumes it, and the job ends with the overlaps and the
//   recommendations of an uninterrupted run over a copy of the same database.
// On a PostgreSQL server without pgvector the job answers 503 naming pgvector; the vector parts skip
// with a notice and the alias part still runs.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevhost, waitFor, type DevhostRun } from '../../devhost/childHost';
import { createBenchDatabase, type BenchDatabase } from '../../scripts/bench/benchDatabase';
import { GROUP } from '../../scripts/seed/organisation';
import { seedDemoData, type SeedSummary } from '../../scripts/seed/seedDemoData';
import { UNKNOWN_APP_SIGHTINGS } from '../../scripts/seed/unknownApps';
import { NO_PGVECTOR_PROBLEM } from '../../shared/ai/embeddings/vectorSupport';
import type { SimilarityJobView } from '../../shared/ai/similarity/similarityJobRows';
import type { Recommendation } from '../../shared/ai/recommendations/recommendation';
import { openDatabase } from '../../shared/platform/db/database';
import { lane, realServerUrl } from '../support/testDatabase';

/** The seed's "today": fixed, so the copy for the crash run is the same database. */
const NOW = new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000);
const NO_PGVECTOR_NOTICE = `pgvector is not installed on this ${lane()} server: the similarity job answers 503 there, so its parts of this file run on PGlite only.`;

let database: BenchDatabase<SeedSummary>;
let host: DevhostRun | undefined;
let vector = true;
let cto: string;
let admin: string;
/** a copy of the seeded PGlite folder, taken before devhost first opened it (PGlite lane only) */
let copyDir: string | undefined;

const hostEnv = (env: Record<string, string>) => ({
  ...env,
  RATE_LIMIT_PER_ADDRESS_PER_MINUTE: '0',
  RATE_LIMIT_PER_PRINCIPAL_PER_MINUTE: '0',
});

async function api(
  run: DevhostRun,
  method: string,
  path: string,
  as: { email: string; roles: string[] },
  body?: unknown,
): Promise<Response> {
  const token = await run.tokenFor(as.email, { roles: as.roles, claims: { group: GROUP.code } });
  return fetch(`${run.apiBase}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
}

async function json<T>(response: Response, status = 200): Promise<T> {
  expect(response.status, await response.clone().text()).toBe(status);
  return (await response.json()) as T;
}

const asCto = () => ({ email: cto, roles: ['CTO'] });
const asAdmin = () => ({ email: admin, roles: ['Admin'] });

async function startJob(run: DevhostRun): Promise<string> {
  const body = await json<{ id: string; status: string }>(
    await api(run, 'POST', '/similarity-jobs', asCto(), {}),
    202,
  );
  expect(body.status).toBe('running');
  return body.id;
}

async function jobView(run: DevhostRun, id: string): Promise<SimilarityJobView> {
  return json<SimilarityJobView>(await api(run, 'GET', `/similarity-jobs/${id}`, asCto()));
}

async function finished(run: DevhostRun, id: string): Promise<SimilarityJobView> {
  const job = await waitFor(
    `similarity job ${id} to end`,
    async () => {
      const view = await jobView(run, id);
      return view.status === 'running' ? undefined : view;
    },
    150_000,
    100,
  ).catch((error: unknown) => {
    console.error(run.output().slice(-6000));
    throw error;
  });
  expect(job.error).toBeNull();
  expect(job.status).toBe('completed');
  return job;
}

/** Every recommendation the CTO sees, page by page, in the order the API gives them. */
async function allRecommendations(run: DevhostRun): Promise<Recommendation[]> {
  const items: Recommendation[] = [];
  let token: string | null = null;
  do {
    const query: string = token ? `&continuationToken=${encodeURIComponent(token)}` : '';
    const page: { items: Recommendation[]; continuationToken: string | null } = await json(
      await api(run, 'GET', `/recommendations?limit=100${query}`, asCto()),
    );
    items.push(...page.items);
    token = page.continuationToken;
  } while (token);
  return items;
}

type Row = Record<string, unknown>;

/** The overlap rows without the columns that name the job or the time; PGlite is read with devhost stopped. */
async function readOverlapRows(open: BenchDatabase['open']): Promise<Row[]> {
  const handle = await open();
  try {
    return await handle.db
      .selectFrom('app_overlaps')
      .select(['app_id_a', 'app_id_b', 'similarity', 'shared_features', 'verdict', 'rationale', 'pair_hash'])
      .orderBy('app_id_a')
      .orderBy('app_id_b')
      .execute();
  } finally {
    await handle.close();
  }
}

async function usageEventCount(): Promise<number> {
  const handle = await database.open();
  try {
    const row = await handle.db
      .selectFrom('usage_events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  } finally {
    await handle.close();
  }
}

const started = performance.now();
const seconds = () => ((performance.now() - started) / 1000).toFixed(1);

beforeAll(async () => {
  database = await createBenchDatabase(realServerUrl, { employees: 0, apps: 0 }, (db) =>
    seedDemoData(db, { size: 0.05, usageDays: 7, now: NOW }),
  );
  console.info(`[aiEngine ${lane()}] seeded in ${seconds()} s: ${JSON.stringify(database.fixture)}`);
  usageEventsAtStart = await usageEventCount();
  if (realServerUrl) {
    const handle = await database.open();
    try {
      const found = await sql<{ ok: boolean }>`
        select exists (select 1 from pg_available_extensions where name = 'vector') as ok`.execute(handle.db);
      vector = found.rows[0]?.ok ?? false;
    } finally {
      await handle.close();
    }
  }
  if (!realServerUrl) {
    copyDir = mkdtempSync(join(tmpdir(), 'asset-pulse-ai-engine-copy-'));
    cpSync(join(database.dataDir, 'pglite'), join(copyDir, 'pglite'), { recursive: true });
  }
  host = await startDevhost({ dataDir: database.dataDir, env: hostEnv(database.env) });
  console.info(`[aiEngine ${lane()}] devhost up at ${seconds()} s`);
  const people = (await (
    await fetch(`${host.url}/dev/login`, { headers: { accept: 'application/json' } })
  ).json()) as { sections: { role: string; people: { email: string }[] }[] };
  const first = (role: string) => people.sections.find((s) => s.role === role)?.people[0]?.email;
  cto = first('CTO') ?? '';
  admin = first('Admin') ?? cto;
  expect(cto, 'the sign-in page lists a CTO').not.toBe('');
}, 240_000);

afterAll(async () => {
  await host?.dispose();
  await database?.dispose();
  if (copyDir) rmSync(copyDir, { recursive: true, force: true });
});

let firstJob: SimilarityJobView | undefined;
let firstRecommendations: Recommendation[] = [];
let usageEventsAtStart = 0;
/** the first run's app_overlaps rows, read once its devhost is stopped */
let referenceOverlaps: Row[] = [];

describe(`the AI engine on the real app through devhost (${lane()})`, () => {
  it('answers 503 naming pgvector where the server lacks it, and starts no job', async (context) => {
    if (vector) {
      console.info(`[aiEngine ${lane()}] pgvector is installed: the 503 case is for a server without it.`);
      context.skip();
    }
    const response = await api(host!, 'POST', '/similarity-jobs', asCto(), {});
    expect(response.status).toBe(503);
    expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const problem = (await response.json()) as { status: number; detail: string };
    expect(problem.status).toBe(503);
    expect(problem.detail).toBe(NO_PGVECTOR_PROBLEM);
    const jobs = await json<{ items: unknown[] }>(await api(host!, 'GET', '/similarity-jobs', asCto()));
    expect(jobs.items).toEqual([]);
    // Cosmos DB answers all the same: nothing recommended yet
    expect(await allRecommendations(host!)).toEqual([]);
  });

  it('runs a similarity job for a CTO: recommendations in Cosmos DB, ranked overlaps, the Completed event', async (context) => {
    if (!vector) {
      console.warn(NO_PGVECTOR_NOTICE);
      context.skip();
    }
    const run = host!;
    const response = await api(run, 'POST', '/similarity-jobs', asCto(), {});
    const { id } = await json<{ id: string }>(response, 202);
    const job = await finished(run, id);
    firstJob = job;
    console.info(`[aiEngine ${lane()}] first job done at ${seconds()} s: ${JSON.stringify(job.result)}`);
    const result = job.result!;
    expect(result).toMatchObject({ provider: 'local', cost: 0 });
    expect(result.appsEmbedded).toBeGreaterThan(150);
    expect(result.textsEmbedded).toBeGreaterThan(result.appsEmbedded);
    expect(result.pairsCompared).toBeGreaterThan(0);
    expect(result.overlapsFound).toBeGreaterThan(0);
    expect(result.overlapsWritten).toBe(result.pairsCompared);
    expect(result.recommendationsWritten).toBeGreaterThan(0);
    expect(result.tokens).toBeGreaterThanOrEqual(0); // the local provider counts none
    expect(result.cacheHitRate).toBeGreaterThanOrEqual(0);
    expect(result.cacheHitRate).toBeLessThanOrEqual(1);
    // what the portal's job history shows: the cost in the price table's currency, hits of asks
    expect(result).toMatchObject({ costCurrency: 'USD', cacheHits: 0, cacheMisses: 0 });

    const recommendations = await allRecommendations(run);
    firstRecommendations = recommendations;
    expect(recommendations.length).toBe(result.recommendationsWritten);
    const savings = recommendations.map((r) => r.annualSaving);
    expect(savings).toEqual([...savings].sort((a, b) => b - a));
    const kinds = new Set(recommendations.map((r) => r.kind));
    expect(kinds).toEqual(new Set(['consolidation', 'cross-subsidiary-match']));
    for (const r of recommendations) {
      expect(r.id.startsWith(`${r.kind}.${r.companyCode}.`)).toBe(true);
      expect(r.jobId).toBe(id);
      expect(r.status).toBe('open');
      expect(r.answeredBy).toMatchObject({ provider: 'local', deterministic: true });
      expect(r.annualSaving).toBeGreaterThan(0);
    }

    const overlaps = await json<{
      items: {
        app: { slug: string };
        similarity: number;
        verdict: string;
        answeredBy: { deterministic: boolean };
      }[];
    }>(await api(run, 'GET', '/catalog/apps/slack/overlaps', asCto()));
    expect(overlaps.items.length).toBeGreaterThan(0);
    const similarities = overlaps.items.map((o) => o.similarity);
    expect(similarities).toEqual([...similarities].sort((a, b) => b - a));
    expect(overlaps.items.map((o) => o.app.slug)).toContain('microsoft-teams-essentials');
    for (const o of overlaps.items) expect(o.answeredBy.deterministic).toBe(true);

    const completed = await run.events({ type: 'AssetPulse.SimilarityJob.Completed' });
    expect(completed.map((e) => e.id)).toContain(id);
  }, 200_000);

  it('writes nothing new when a rerun finds nothing changed', async (context) => {
    if (!vector || !firstJob) {
      if (!vector) console.warn(NO_PGVECTOR_NOTICE);
      context.skip();
    }
    const job = await finished(host!, await startJob(host!));
    console.info(`[aiEngine ${lane()}] rerun done at ${seconds()} s: ${JSON.stringify(job.result)}`);
    expect(job.result).toMatchObject({
      textsEmbedded: 0,
      overlapsWritten: 0,
      recommendationsWritten: 0,
      recommendationsUnchanged: firstJob!.result!.recommendationsWritten,
      pairsCompared: firstJob!.result!.pairsCompared,
    });
    const again = await allRecommendations(host!);
    expect(again.map((r) => [r.id, r.fingerprint, r.jobId])).toEqual(
      firstRecommendations.map((r) => [r.id, r.fingerprint, r.jobId]),
    );
  }, 200_000);

  it('matches the unknown app names to catalog apps, and an alias ingests their events once', async () => {
    const run = host!;
    interface UnknownApps {
      items: {
        name: string;
        events: number;
        candidate: { slug: string; confirmed: boolean; answeredBy: { deterministic: boolean } } | null;
      }[];
    }
    const unknown = await json<UnknownApps>(await api(run, 'GET', '/app-identity/unknown-apps', asAdmin()));
    const byName = new Map(unknown.items.map((i) => [i.name, i]));
    for (const { name, events } of UNKNOWN_APP_SIGHTINGS) expect(byName.get(name)?.events).toBe(events);
    if (vector) {
      const confirmed = (name: string) => {
        const c = byName.get(name)?.candidate;
        return c?.confirmed ? c.slug : null;
      };
      expect(confirmed('ms-teams')).toMatch(/^microsoft-teams/);
      expect(confirmed('zoom-us')).toBe('zoom-workplace');
      expect(confirmed('acrobat-pro-dc')).toBe('adobe-acrobat-pro');
      expect(confirmed('slack-desktop')).toBe('slack');
      expect(confirmed('figma-desktop')).toBe('figma');
      expect(confirmed('notion-so')).toBe('notion');
      expect(confirmed('spotify')).toBeNull();
      expect(confirmed('whatsapp-desktop')).toBeNull();
      for (const { candidate } of unknown.items)
        if (candidate) expect(candidate.answeredBy.deterministic).toBe(true);
    } else {
      console.warn(`${NO_PGVECTOR_NOTICE} (no candidates without a job: checking the alias only)`);
      for (const item of unknown.items) expect(item.candidate).toBeNull();
    }

    const zoomEvents = byName.get('zoom-us')!.events;
    const accepted = await json<{ alias: string; reingested: number; stillQuarantined: number }>(
      await api(run, 'POST', '/app-identity/aliases', asAdmin(), {
        name: 'zoom-us',
        appSlug: 'zoom-workplace',
      }),
      201,
    );
    expect(accepted).toMatchObject({ alias: 'zoom-us', reingested: zoomEvents, stillQuarantined: 0 });
    const again = await api(run, 'POST', '/app-identity/aliases', asAdmin(), {
      name: 'zoom-us',
      appSlug: 'zoom-workplace',
    });
    expect([200, 409]).toContain(again.status);
    if (again.status === 200) expect(await again.json()).toMatchObject({ reingested: 0 });
    const left = await json<UnknownApps>(await api(run, 'GET', '/app-identity/unknown-apps', asAdmin()));
    expect(left.items.map((i) => i.name)).not.toContain('zoom-us');
    expect(left.items.length).toBe(UNKNOWN_APP_SIGHTINGS.length - 1);

    // This devhost's work is done: PGlite can be read once it has stopped.
    if (!realServerUrl) await run.stop();
    expect(await usageEventCount()).toBe(usageEventsAtStart + zoomEvents);
    if (vector) referenceOverlaps = await readOverlapRows(() => database.open());
  }, 200_000);

  it('survives SIGKILL mid-job with the overlaps and recommendations of an uninterrupted run', async (context) => {
    if (!vector || !firstJob || !copyDir) {
      if (!vector) console.warn(NO_PGVECTOR_NOTICE);
      context.skip();
    }
    expect(referenceOverlaps.length).toBe(firstJob!.result!.pairsCompared);
    await host!.dispose();
    host = undefined;

    const copy = await startDevhost({ dataDir: copyDir!, env: hostEnv(database.env) });
    console.info(`[aiEngine ${lane()}] devhost on the copy up at ${seconds()} s`);
    try {
      const id = await startJob(copy);
      const phase = await waitFor(
        'the job to reach a mid-way phase',
        async () => {
          const view = await jobView(copy, id);
          if (view.status !== 'running') throw new Error(`the job ended before the kill: ${view.status}`);
          return ['embed', 'candidates', 'rationale', 'write'].includes(view.phase) ? view.phase : undefined;
        },
        60_000,
        25,
      );
      await copy.kill();
      console.info(`[aiEngine ${lane()}] killed devhost in the ${phase} phase at ${seconds()} s`);
      await copy.restart();
      console.info(`[aiEngine ${lane()}] devhost restarted at ${seconds()} s`);
      const job = await finished(copy, id);
      console.info(`[aiEngine ${lane()}] resumed job done at ${seconds()} s: ${JSON.stringify(job.result)}`);
      expect(job.result).toMatchObject({
        provider: 'local',
        pairsCompared: firstJob!.result!.pairsCompared,
        overlapsFound: firstJob!.result!.overlapsFound,
      });
      const completed = await copy.events({ type: 'AssetPulse.SimilarityJob.Completed' });
      expect(completed.map((e) => e.id)).toContain(id);

      const recommendations = await allRecommendations(copy);
      const key = (items: Recommendation[]) =>
        items.map((r) => [r.id, r.fingerprint] as const).sort(([a], [b]) => a.localeCompare(b));
      expect(key(recommendations)).toEqual(key(firstRecommendations));
      await copy.stop();
      const open = () => openDatabase({ pgliteDataDir: join(copyDir!, 'pglite'), poolMax: 1 });
      expect(await readOverlapRows(open)).toEqual(referenceOverlaps);
    } finally {
      await copy.dispose();
    }
  }, 300_000);
});
