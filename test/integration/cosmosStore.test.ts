// The Cosmos DB recommendation store and LLM cache against a real cosmosdb-server (devhost's emulator,
// started here in-process over HTTPS with its own certificate), through @azure/cosmos as in Azure:
// idempotent upserts, decisions kept across changed evidence, etag conflicts, scoped sorted pages,
// the cache's TTL, the write journal across a restart, and TLS verification that stays on.
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { get } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CosmosClient } from '@azure/cosmos';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCosmosEmulator, type CosmosEmulator } from '../../devhost/services/cosmosEmulator';
import { ensureEmulatorCertificate } from '../../devhost/services/cosmos';
import { createCosmosLlmCache } from '../../shared/ai/cosmosLlmCache';
import { createCosmosRecommendationStore } from '../../shared/ai/recommendations/cosmosRecommendationStore';
import {
  RecommendationConflictError,
  recommendationId,
  type Recommendation,
  type RecommendationStore,
} from '../../shared/ai/recommendations/recommendation';
import {
  createCosmosClient,
  ensureCosmosContainers,
  type CosmosContainers,
} from '../../shared/platform/clients/cosmos';
import { readFileSync } from 'node:fs';

const KEY = Buffer.from('not checked by the emulator, signed with all the same').toString('base64');
let folder: string;
let emulator: CosmosEmulator;
let endpoint: string;
let certPath: string;
let client: CosmosClient;
let containers: CosmosContainers;
let store: RecommendationStore;

async function startEmulator(dir: string): Promise<{ emulator: CosmosEmulator; endpoint: string }> {
  const { certPath: cert, keyPath } = await ensureEmulatorCertificate(dir);
  const started = await createCosmosEmulator({
    cert: readFileSync(cert),
    key: readFileSync(keyPath),
    journalPath: join(dir, 'journal.jsonl'),
  });
  const port = await started.listen(0, '127.0.0.1');
  return { emulator: started, endpoint: `https://127.0.0.1:${port}` };
}

function recommendation(
  companyCode: string,
  subject: string,
  annualSaving: number,
  overrides: Partial<Recommendation> = {},
): Recommendation {
  const kind = overrides.kind ?? 'consolidation';
  return {
    id: recommendationId(kind, companyCode, subject),
    companyCode,
    kind,
    status: 'open',
    title: `Consolidate ${subject}`,
    summary: `Move ${subject} users to one app`,
    monthlySaving: annualSaving / 12,
    annualSaving,
    currency: 'EUR',
    appSlugs: [subject],
    companyCodes: [companyCode],
    evidence: { apps: [subject] },
    answeredBy: { provider: 'local', model: 'lexical-v1', deterministic: true },
    fingerprint: `fp-${subject}-1`,
    jobId: 'job-1',
    createdAt: '2026-11-30T00:00:00.000Z',
    updatedAt: '2026-11-30T00:00:00.000Z',
    decision: null,
    ...overrides,
  };
}

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'asset-pulse-cosmos-store-'));
  ({ emulator, endpoint } = await startEmulator(folder));
  certPath = join(folder, 'tls', 'cert.pem');
  client = createCosmosClient({ endpoint, key: KEY, caCertPath: certPath });
  containers = await ensureCosmosContainers(client, 'asset-pulse', 3600);
  store = createCosmosRecommendationStore(containers.recommendations);
});

afterAll(async () => {
  client?.dispose();
  await emulator?.close();
  rmSync(folder, { recursive: true, force: true });
});

describe('the Cosmos DB containers', () => {
  it('are made with their partition keys and the cache TTL, and made again without harm', async () => {
    await ensureCosmosContainers(client, 'asset-pulse', 7200);
    const recommendations = (await containers.recommendations.read()).resource;
    const cache = (await containers.llmCache.read()).resource;
    expect(recommendations?.partitionKey?.paths).toEqual(['/companyCode']);
    expect(cache?.partitionKey?.paths).toEqual(['/id']);
    expect(cache?.defaultTtl).toBe(7200);
  });
});

describe('the recommendation store', () => {
  it('writes a rerun with the same fingerprints as nothing', async () => {
    const items = [recommendation('AAA', 'chat', 1200), recommendation('BBB', 'chat', 600)];
    expect(await store.upsertMany(items)).toEqual({ written: 2, unchanged: 0 });
    expect(await store.upsertMany(items)).toEqual({ written: 0, unchanged: 2 });
  });

  it('takes changed evidence into a decided item and keeps the decision', async () => {
    const first = recommendation('AAA', 'boards', 900);
    await store.upsertMany([first]);
    const read = await store.get('AAA', first.id);
    if (!read) throw new Error('not written');
    const decision = {
      status: 'accepted' as const,
      reason: 'One board tool is enough',
      byEmployeeId: 7,
      byName: 'Tor Cto',
      at: '2026-11-30T10:00:00.000Z',
    };
    await store.replace({ ...read, status: 'accepted', decision }, read.etag);

    const rerun = { ...first, fingerprint: 'fp-boards-2', annualSaving: 1500, jobId: 'job-2' };
    expect(await store.upsertMany([rerun])).toEqual({ written: 1, unchanged: 0 });
    const after = await store.get('AAA', first.id);
    expect(after).toMatchObject({
      status: 'accepted',
      decision,
      annualSaving: 1500,
      fingerprint: 'fp-boards-2',
      jobId: 'job-2',
      createdAt: first.createdAt,
    });
  });

  it('refuses a replace with an etag that moved', async () => {
    const item = recommendation('BBB', 'video', 300);
    await store.upsertMany([item]);
    const read = await store.get('BBB', item.id);
    if (!read) throw new Error('not written');
    await store.replace({ ...read, title: 'first writer' }, read.etag);
    await expect(store.replace({ ...read, title: 'second writer' }, read.etag)).rejects.toBeInstanceOf(
      RecommendationConflictError,
    );
    expect((await store.get('BBB', item.id))?.title).toBe('first writer');
  });

  it('lists the companies asked for, by saving, filtered and paged', async () => {
    await store.upsertMany([
      recommendation('CCC', 'alpha', 5000),
      recommendation('CCC', 'beta', 3000, { kind: 'cross-subsidiary-match' }),
      recommendation('DDD', 'gamma', 4000),
      recommendation('DDD', 'delta', 1000),
      recommendation('GROUP', 'epsilon', 9000, { kind: 'cross-subsidiary-match' }),
      recommendation('EEE', 'other', 99999),
    ]);
    const scope = { companyCodes: ['CCC', 'DDD'], includeGroup: false, limit: 100 };
    const all = await store.list(scope);
    expect(all.items.map((i) => i.id)).toEqual([
      'consolidation.CCC.alpha',
      'consolidation.DDD.gamma',
      'cross-subsidiary-match.CCC.beta',
      'consolidation.DDD.delta',
    ]);
    expect(all.continuationToken).toBeUndefined();

    const withGroup = await store.list({ ...scope, includeGroup: true, kind: 'cross-subsidiary-match' });
    expect(withGroup.items.map((i) => i.id)).toEqual([
      'cross-subsidiary-match.GROUP.epsilon',
      'cross-subsidiary-match.CCC.beta',
    ]);
    expect((await store.list({ ...scope, status: 'accepted' })).items).toEqual([]);

    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await store.list({ ...scope, limit: 3, ...(token && { continuationToken: token }) });
      seen.push(...page.items.map((i) => i.id));
      token = page.continuationToken;
      pages++;
    } while (token && pages < 10);
    expect(pages).toBe(2);
    expect(seen).toEqual(all.items.map((i) => i.id));
  });
});

describe('the LLM cache', () => {
  it('answers what was put until the TTL has passed', async () => {
    let now = new Date();
    const cache = createCosmosLlmCache(containers.llmCache, { ttlSeconds: 60, now: () => now });
    const answer = { output: { overlap: true }, model: 'gpt-x', promptTokens: 10, completionTokens: 5 };
    expect(await cache.get('k1')).toBeUndefined();
    await cache.put('k1', answer);
    expect(await cache.get('k1')).toEqual(answer);
    now = new Date(now.getTime() + 61_000);
    expect(await cache.get('k1')).toBeUndefined();
  });
});

describe("the emulator's journal", () => {
  it('gives a restarted emulator every acknowledged write, and skips a half-written last line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'asset-pulse-cosmos-journal-'));
    try {
      const first = await startEmulator(dir);
      const firstClient = createCosmosClient({
        endpoint: first.endpoint,
        key: KEY,
        caCertPath: join(dir, 'tls', 'cert.pem'),
      });
      const { recommendations } = await ensureCosmosContainers(firstClient, 'asset-pulse', 3600);
      await createCosmosRecommendationStore(recommendations).upsertMany([recommendation('AAA', 'kept', 10)]);
      firstClient.dispose();
      await first.emulator.close();
      appendFileSync(join(dir, 'journal.jsonl'), '{"method":"POST","url":"/dbs/asset-pu');

      const second = await startEmulator(dir);
      const secondClient = createCosmosClient({
        endpoint: second.endpoint,
        key: KEY,
        caCertPath: join(dir, 'tls', 'cert.pem'),
      });
      try {
        const reopened = createCosmosRecommendationStore(
          secondClient.database('asset-pulse').container('recommendations'),
        );
        expect((await reopened.get('AAA', 'consolidation.AAA.kept'))?.annualSaving).toBe(10);
      } finally {
        secondClient.dispose();
        await second.emulator.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('TLS to Cosmos DB', () => {
  it('refuses a server whose certificate is not the configured one', async () => {
    const otherDir = mkdtempSync(join(tmpdir(), 'asset-pulse-cosmos-other-'));
    const other = await startEmulator(otherDir);
    // configured to trust the first emulator's certificate, pointed at a server with another one
    const wrong = createCosmosClient({ endpoint: other.endpoint, key: KEY, caCertPath: certPath });
    try {
      await expect(wrong.database('asset-pulse').read()).rejects.toMatchObject({
        code: expect.stringMatching(/SELF_SIGNED|UNABLE_TO_VERIFY|CERT/) as unknown,
      });
    } finally {
      wrong.dispose();
      await other.emulator.close();
      rmSync(otherDir, { recursive: true, force: true });
    }
  });

  it('trusts the certificate for the Cosmos client only, not for the process', async () => {
    const error = await new Promise<NodeJS.ErrnoException | undefined>((resolveGet) => {
      get(`${endpoint}/`, (res) => {
        res.resume();
        resolveGet(undefined);
      }).on('error', (e) => resolveGet(e));
    });
    expect(error?.code).toMatch(/SELF_SIGNED|UNABLE_TO_VERIFY|CERT/);
    expect(process.env.NODE_TLS_REJECT_UNAUTHORIZED).toBeUndefined();
  });
});
