// Do two catalog apps do the same job? The similarity job asks this of its nearest-neighbour
// candidates; the answer (verdict, shared capabilities, rationale) is what an app's overlaps show.
// A model gets both apps' catalog texts; the local provider compares the lexicon concepts of their
// features (../local/overlapRules.ts).
import { z } from 'zod';
import { judgeOverlapLocally } from '../local/overlapRules';
import type { AiTask } from './aiTask';

export interface AppFeatureText {
  name: string;
  description: string;
}

/** An app as the AI tasks see it: its catalog texts. */
export interface AppText {
  slug: string;
  name: string;
  vendor: string;
  category: string;
  description: string;
  features: AppFeatureText[];
}

export interface JudgeOverlapInput {
  a: AppText;
  b: AppText;
  /** cosine similarity of the two apps' embeddings */
  similarity: number;
}

export type OverlapVerdict = 'same-job' | 'partial' | 'different';

export interface JudgeOverlapOutput {
  verdict: OverlapVerdict;
  /** the capabilities both offer, named as in the catalog's feature names */
  sharedFeatures: string[];
  rationale: string;
}

export const judgeOverlapOutput = z.strictObject({
  verdict: z.enum(['same-job', 'partial', 'different']),
  sharedFeatures: z.array(z.string().min(1).max(120)).max(20),
  rationale: z.string().min(1).max(600),
});

export const judgeOverlapJsonSchema: Record<string, unknown> = {
  type: 'object',
  additionalProperties: false,
  required: ['verdict', 'sharedFeatures', 'rationale'],
  properties: {
    verdict: {
      type: 'string',
      enum: ['same-job', 'partial', 'different'],
      description:
        'same-job: either app could replace the other for its main purpose; partial: one covers a main job of the other, or they share a substantial capability; different: they do different jobs',
    },
    sharedFeatures: {
      type: 'array',
      items: { type: 'string' },
      description:
        'capabilities both apps offer, using the feature names of app A where they exist; empty when none',
    },
    rationale: {
      type: 'string',
      description:
        'one or two plain sentences for an IT manager, naming the shared capabilities and the main difference',
    },
  },
};

const SYSTEM_PROMPT = [
  'You are a software asset manager in a corporate group deciding whether two business applications overlap,',
  'so the group can consolidate licences. Judge by the job each application is bought for, not by vendor,',
  'category or shared generic extras (integrations, templates, an AI assistant, dashboards, automation rules).',
  'Answer "same-job" when either app could replace the other for its main purpose (two team chat tools,',
  'two office suites). Answer "partial" when one app covers a main job of the other, or they share a',
  'substantial capability while their main jobs differ (an office suite with built-in chat versus a chat',
  'tool; a wiki with task lists versus a wiki with whiteboards). Answer "different" otherwise, including',
  'complementary tools that are often sold together (an issue tracker and a wiki; a CRM and a dialer).',
  'List the shared capabilities with the feature names of app A where they exist. Write the rationale in one',
  'or two plain sentences for an IT manager; never invent features that the texts do not mention.',
].join(' ');

function describe(label: string, app: AppText): string {
  const features = app.features.map((feature) => `- ${feature.name}: ${feature.description}`).join('\n');
  return [
    `${label}: ${app.name} (${app.vendor}), category ${app.category}`,
    app.description,
    'Features:',
    features || '- (none listed)',
  ].join('\n');
}

export const judgeOverlapTask: AiTask<JudgeOverlapInput, JudgeOverlapOutput> = {
  name: 'judge-overlap',
  version: 1,
  output: judgeOverlapOutput,
  jsonSchema: judgeOverlapJsonSchema,
  maxOutputTokens: 300,
  messages: (input) => [
    { role: 'system', content: SYSTEM_PROMPT },
    {
      role: 'user',
      content: [
        describe('App A', input.a),
        '',
        describe('App B', input.b),
        '',
        `Embedding similarity of their catalog texts: ${input.similarity.toFixed(3)} (0 unrelated, 1 identical).`,
        'Do A and B do the same job?',
      ].join('\n'),
    },
  ],
  local: (input) => judgeOverlapLocally(input),
};

/** The yes/no the evaluation and the features use: a partial overlap is an overlap. */
export function overlapDecision(output: Pick<JudgeOverlapOutput, 'verdict'>): boolean {
  return output.verdict !== 'different';
}
