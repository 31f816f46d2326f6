// The overlap judgement on real catalog pairs, as an app's overlaps page shows it: suites against
// suites, a suite against the stand-alone tool it contains, partial overlaps, and the complementary
// tools that must not be called duplicates. Answers come from the local provider's rules.
import { describe, expect, it } from 'vitest';
import { createLocalAiProvider } from '../../shared/ai/local/localAiProvider';
import {
  judgeOverlapJsonSchema,
  judgeOverlapOutput,
  judgeOverlapTask,
  overlapDecision,
  type AppText,
  type JudgeOverlapOutput,
} from '../../shared/ai/tasks/judgeOverlap';
import { seedAppText } from '../../scripts/ai/seedAppTexts';
import { APPS } from '../../scripts/seed/catalog';
import { loadLabelledPairs } from '../../scripts/eval/ai';
import { strictSchemaViolations } from '../support/strictJsonSchema';

const provider = createLocalAiProvider();

function app(slug: string): AppText {
  const found = APPS.find((candidate) => candidate.slug === slug);
  if (!found) throw new Error(`no seeded app ${slug}`);
  return seedAppText(found);
}

async function judge(a: string, b: string, similarity = 0.3): Promise<JudgeOverlapOutput> {
  const result = await provider.run(
    judgeOverlapTask,
    { a: app(a), b: app(b), similarity },
    { feature: 'test' },
  );
  expect(result.answeredBy.deterministic).toBe(true);
  return result.output;
}

describe('judging whether two apps do the same job', () => {
  it('calls two office suites the same job and names what they share', async () => {
    const output = await judge('microsoft-365-e3', 'google-workspace-business-standard');
    expect(output.verdict).toBe('same-job');
    expect(output.sharedFeatures).toEqual(
      expect.arrayContaining(['Business email', 'Document editing', 'Team chat', 'Video meetings']),
    );
    expect(output.rationale).toMatch(
      /^Both are productivity suites covering business e-mail, document editing/,
    );
  });

  it('calls two team chat tools the same job, in words a manager can read', async () => {
    const output = await judge('slack', 'microsoft-teams-essentials');
    expect(output.verdict).toBe('same-job');
    expect(output.sharedFeatures).toContain('Team chat');
    expect(output.rationale).toMatch(/^Both are team chat tools\. Slack also offers /);
  });

  it('sees a suite covering a stand-alone tool’s main job as a partial overlap', async () => {
    const output = await judge('microsoft-365-e3', 'slack');
    expect(output.verdict).toBe('partial');
    expect(output.sharedFeatures).toEqual(['Team chat']);
    expect(output.rationale).toContain('Microsoft 365 E3 also covers team chat, the main job of Slack');
  });

  it('sees two wikis with different extras as overlapping on the wiki', async () => {
    const output = await judge('notion', 'confluence');
    expect(overlapDecision(output)).toBe(true);
    expect(output.sharedFeatures).toEqual(expect.arrayContaining(['Team wiki', 'Document editing']));
    expect(output.rationale).toContain('team wiki');
  });

  it('keeps complementary tools apart, even from one vendor or one area', async () => {
    for (const [a, b] of [
      ['jira', 'confluence'],
      ['figma', 'miro'],
      ['datadog', 'pagerduty'],
      ['fivetran', 'dbt-cloud'],
      ['okta-workforce-identity', '1password-business'],
      ['zoominfo', 'zoom-workplace'],
    ] as const) {
      const output = await judge(a, b);
      expect(output.verdict, `${a} × ${b}: ${output.rationale}`).toBe('different');
      expect(output.rationale).toMatch(/^Different jobs: /);
    }
  });

  it('says what little two different apps share', async () => {
    const output = await judge('datadog', 'pagerduty');
    expect(output.rationale).toBe(
      'Different jobs: Datadog is for infrastructure monitoring, PagerDuty for on-call scheduling; they only share alerting.',
    );
  });

  it('does not count generic extras such as integrations or an AI assistant as overlap', async () => {
    const output = await judge('grammarly-business', 'miro');
    expect(output.verdict).toBe('different');
    expect(output.rationale).toContain('generic extras (AI assistant)');
  });

  it('matches apps the lexicon does not know by identical feature names', () => {
    const make = (slug: string): AppText => ({
      slug,
      name: slug,
      vendor: 'Acme',
      category: 'Widgets',
      description: 'Frobnicates quantum widgets.',
      features: [
        { name: 'Quantum frobnication', description: 'Frobnicates widgets.' },
        { name: 'Widget polishing', description: 'Polishes them.' },
      ],
    });
    const output = judgeOverlapTask.local({ a: make('frob-one'), b: make('frob-two'), similarity: 0.9 });
    expect(output.verdict).toBe('same-job');
    expect(output.sharedFeatures).toEqual(['Quantum frobnication', 'Widget polishing']);
  });

  it('gives the same verdict whichever app comes first', () => {
    for (const pair of loadLabelledPairs()) {
      const ab = judgeOverlapTask.local({ a: app(pair.a), b: app(pair.b), similarity: 0.3 });
      const ba = judgeOverlapTask.local({ a: app(pair.b), b: app(pair.a), similarity: 0.3 });
      expect(ba.verdict, `${pair.a} × ${pair.b}`).toBe(ab.verdict);
    }
  });

  it('answers every labelled pair within its own schema', () => {
    for (const pair of loadLabelledPairs()) {
      const output = judgeOverlapTask.local({ a: app(pair.a), b: app(pair.b), similarity: 0.5 });
      expect(judgeOverlapOutput.safeParse(output).success, `${pair.a} × ${pair.b}`).toBe(true);
    }
  });

  it('counts same-job and partial as overlap, different as not', () => {
    expect(overlapDecision({ verdict: 'same-job' })).toBe(true);
    expect(overlapDecision({ verdict: 'partial' })).toBe(true);
    expect(overlapDecision({ verdict: 'different' })).toBe(false);
  });
});

describe('what a model gets', () => {
  it('a strict JSON schema: every property required, nothing else allowed', () => {
    expect(strictSchemaViolations(judgeOverlapJsonSchema)).toEqual([]);
    expect(
      judgeOverlapOutput.safeParse({ verdict: 'partial', sharedFeatures: [], rationale: 'x', extra: 1 })
        .success,
    ).toBe(false);
  });

  it('both apps’ catalog texts and the similarity, after a system prompt that defines the verdicts', () => {
    const messages = judgeOverlapTask.messages({
      a: app('slack'),
      b: app('zoom-workplace'),
      similarity: 0.4321,
    });
    expect(messages.map((message) => message.role)).toEqual(['system', 'user']);
    expect(messages[0]?.content).toMatch(/"same-job".*"partial".*"different"/s);
    const user = messages[1]?.content ?? '';
    expect(user).toContain('App A: Slack (Salesforce), category Collaboration');
    expect(user).toContain('- Huddles: Lightweight audio and video calls started from any channel.');
    expect(user).toContain('App B: Zoom Workplace (Zoom Communications)');
    expect(user).toContain('0.432');
  });
});
