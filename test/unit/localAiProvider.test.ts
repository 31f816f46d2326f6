// The deterministic local provider, as every demo and test sees it: stable, unit-length vectors of
// the shared dimension that put apps doing the same job near each other, tasks answered by their
// rules through their own schemas, and every answer labelled as deterministic with no tokens spent.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { EMBEDDING_DIMENSION } from '../../shared/ai/aiProvider';
import { appEmbeddingText, contentHash, featureEmbeddingText } from '../../shared/ai/embeddingText';
import { broaderConcepts, concept, conceptsOf } from '../../shared/ai/local/concepts';
import { IDF, IDF_DOCUMENTS, IDF_UNSEEN } from '../../shared/ai/local/data/idf';
import { LEXICON } from '../../shared/ai/local/data/lexicon';
import { createLocalAiProvider } from '../../shared/ai/local/localAiProvider';
import { cosineSimilarity } from '../../shared/ai/similarity';
import type { AiTask } from '../../shared/ai/tasks/aiTask';
import { contentTokens } from '../../shared/ai/local/text';
import { fitIdf } from '../../scripts/ai/buildIdf';
import { seedAppText, seedAppTexts } from '../../scripts/ai/seedAppTexts';
import { APPS } from '../../scripts/seed/catalog';

const context = { feature: 'test' };
const provider = createLocalAiProvider();

function appText(slug: string): string {
  const app = APPS.find((candidate) => candidate.slug === slug);
  if (!app) throw new Error(`no seeded app ${slug}`);
  return appEmbeddingText(seedAppText(app));
}

async function embedOne(text: string): Promise<number[]> {
  const { vectors } = await provider.embed([text], context);
  return vectors[0] ?? [];
}

async function similarity(a: string, b: string): Promise<number> {
  const { vectors } = await provider.embed([appText(a), appText(b)], context);
  return cosineSimilarity(vectors[0] ?? [], vectors[1] ?? []);
}

const norm = (vector: readonly number[]) => Math.hypot(...vector);

describe('the local provider', () => {
  it('says who it is: local, deterministic, no tokens, no batch runner', async () => {
    expect(provider.name).toBe('local');
    expect(provider.embeddingModel).toBe('local-lexical-v1');
    expect(provider.chatModel).toBe('local-rules-v1');
    expect(provider.batch).toBeUndefined();
    const result = await provider.embed(['Team chat'], context);
    expect(result.answeredBy).toEqual({ provider: 'local', model: 'local-lexical-v1', deterministic: true });
    expect(result.usage).toEqual({ promptTokens: 0, completionTokens: 0 });
  });

  it('embeds every text as a unit-length vector of the shared dimension, empty texts included', async () => {
    const texts = [appText('slack'), 'Team chat', 'x', '', '   ', '¡¿!', 'a'.repeat(50_000)];
    const { vectors } = await provider.embed(texts, context);
    expect(vectors).toHaveLength(texts.length);
    for (const vector of vectors) {
      expect(vector).toHaveLength(EMBEDDING_DIMENSION);
      expect(vector.every((value) => Number.isFinite(value))).toBe(true);
      expect(norm(vector)).toBeCloseTo(1, 10);
    }
  });

  it('gives the same text the same vector, from any provider instance and any call', async () => {
    const text = appText('figma');
    const first = await embedOne(text);
    const again = (await createLocalAiProvider().embed([text], context)).vectors[0];
    expect(again).toEqual(first);
  });

  it('embeds each text on its own: the other texts in a call do not change its vector', async () => {
    const text = appText('notion');
    const alone = await embedOne(text);
    const { vectors } = await provider.embed([appText('jira'), text, appText('datadog'), text], context);
    expect(vectors[1]).toEqual(alone);
    expect(vectors[3]).toEqual(alone);
  });

  it('puts apps that do the same job nearer each other than unrelated apps', async () => {
    expect(await similarity('slack', 'microsoft-teams-essentials')).toBeGreaterThan(
      await similarity('slack', 'salesforce-sales-cloud'),
    );
    expect(await similarity('figma', 'sketch')).toBeGreaterThan(await similarity('figma', 'datadog'));
    expect(await similarity('datadog', 'new-relic')).toBeGreaterThan(await similarity('datadog', 'canva'));
    expect(await similarity('1password-business', 'bitwarden-enterprise')).toBeGreaterThan(
      await similarity('1password-business', 'okta-workforce-identity'),
    );
    expect(await similarity('zendesk-suite', 'freshdesk')).toBeGreaterThan(0.5);
    expect(await similarity('zendesk-suite', 'snowflake')).toBeLessThan(0.15);
  });

  it('finds BI tools for a job description asking for dashboards, SQL and data visualisation', async () => {
    const query = await embedOne(
      'Analyst: build dashboards, write SQL and present data visualization to managers.',
    );
    const apps = seedAppTexts(APPS);
    const { vectors } = await provider.embed(
      apps.map((app) => appEmbeddingText(app)),
      context,
    );
    const ranked = apps
      .map((app, i) => ({ slug: app.slug, score: cosineSimilarity(query, vectors[i] ?? []) }))
      .sort((a, b) => b.score - a.score)
      .slice(0, 3)
      .map((entry) => entry.slug);
    expect(
      ranked.filter((slug) => ['tableau', 'power-bi-pro', 'looker'].includes(slug)).length,
    ).toBeGreaterThanOrEqual(2);
  });

  it.each([
    ['Recruiter: source candidates, schedule interviews, manage the hiring pipeline', ['greenhouse']],
    ['UX designer: wireframing, prototyping, design systems, user research', ['figma', 'sketch']],
    ['Accountant: month-end close, accounts payable, VAT, bank reconciliation', ['netsuite', 'xero']],
    [
      'Support agent: answer customer tickets, live chat, knowledge base articles',
      ['help-scout', 'intercom', 'zendesk-suite'],
    ],
  ])('ranks the tools for a job description first: %s', async (query, expected) => {
    const apps = seedAppTexts(APPS);
    const { vectors } = await provider.embed([query, ...apps.map((app) => appEmbeddingText(app))], context);
    const ranked = apps
      .map((app, i) => ({ slug: app.slug, score: cosineSimilarity(vectors[0] ?? [], vectors[i + 1] ?? []) }))
      .sort((a, b) => b.score - a.score)
      .map((entry) => entry.slug);
    expect(ranked.slice(0, expected.length).sort()).toEqual([...expected].sort());
  });

  it('runs a task by its rules and holds the answer to the task’s schema', async () => {
    const echo: AiTask<{ n: number }, { doubled: number }> = {
      name: 'echo',
      version: 1,
      output: z.strictObject({ doubled: z.number() }),
      jsonSchema: {},
      messages: () => [],
      local: ({ n }) => ({ doubled: n * 2 }),
    };
    const result = await provider.run(echo, { n: 21 }, context);
    expect(result).toEqual({
      output: { doubled: 42 },
      answeredBy: { provider: 'local', model: 'local-rules-v1', deterministic: true },
      usage: { promptTokens: 0, completionTokens: 0 },
      cached: false,
    });
    const broken = { ...echo, local: () => ({ doubled: 'many' }) as unknown as { doubled: number } };
    await expect(provider.run(broken, { n: 1 }, context)).rejects.toThrow();
  });

  it('stops when the caller has given up', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(provider.embed(['x'], { feature: 'test', signal: controller.signal })).rejects.toThrow();
  });
});

describe('its lexicon and IDF table', () => {
  it('maps synonyms to one concept, and the longest phrase wins', () => {
    for (const text of ['chat', 'messaging', 'Channels and direct messages']) {
      expect(conceptsOf(text)).toContain('team-chat');
    }
    expect(conceptsOf('Live chat')).toEqual(['live-chat']);
    expect(conceptsOf('AI code completion')).toEqual(['ai-coding']);
    expect(conceptsOf('data visualization')).toEqual(conceptsOf('Data visualisation'));
    expect(conceptsOf('recruiting')).toEqual(conceptsOf('Applicant tracking'));
    expect(conceptsOf('prototyping')).toEqual(conceptsOf('Interactive prototyping'));
    expect(broaderConcepts('bi-dashboards')).toContain('dashboards');
  });

  it('names every phrase for one concept only, and every broader concept exists', () => {
    const owner = new Map<string, string>();
    const clashes: string[] = [];
    for (const entry of LEXICON.concepts) {
      expect(entry.terms.length, entry.id).toBeGreaterThan(0);
      for (const wider of entry.broader ?? []) expect(concept(wider), `${entry.id} → ${wider}`).toBeDefined();
      for (const term of entry.terms) {
        const key = contentTokens(term).join(' ');
        const previous = owner.get(key);
        if (previous !== undefined && previous !== entry.id)
          clashes.push(`"${term}": ${previous} and ${entry.id}`);
        owner.set(key, entry.id);
      }
    }
    expect(clashes).toEqual([]);
  });

  it('ships the IDF table the seeded catalog gives (regenerate with scripts/ai/buildIdf.ts)', () => {
    const documents = seedAppTexts(APPS).map((app) => appEmbeddingText(app));
    const fitted = fitIdf(documents);
    expect(IDF_DOCUMENTS).toBe(documents.length);
    expect(IDF_UNSEEN).toBe(fitted.unseen);
    expect(IDF).toEqual(fitted.table);
  });
});

describe('embedding texts and their hash', () => {
  it('describes an app by name, category, description and features', () => {
    const text = appText('slack');
    expect(text).toContain('Slack.');
    expect(text).toContain('Category: Collaboration.');
    expect(text).toContain('Team chat: Channels and direct messages');
    expect(featureEmbeddingText({ name: 'Huddles', description: null })).toBe('Huddles.');
  });

  it('hashes text and model together, so a new model re-embeds', () => {
    const hash = contentHash('Team chat', 'local-lexical-v1');
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(contentHash('Team chat', 'local-lexical-v1')).toBe(hash);
    expect(contentHash('Team chat', 'text-embedding-3-small')).not.toBe(hash);
    expect(contentHash('Team chat.', 'local-lexical-v1')).not.toBe(hash);
  });
});
