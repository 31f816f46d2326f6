// Is a name seen in usage logs the same product as a catalog app? Unknown names are matched to
// their nearest catalog apps by similarity, then confirmed here before an Admin is offered the alias.
import { z } from 'zod';
import { confirmIdentityLocally } from '../local/identityRules';
import type { AiTask } from './aiTask';
import type { AppText } from './judgeOverlap';

export interface ConfirmAppIdentityInput {
  /** the application name as a usage log wrote it */
  seenName: string;
  candidate: AppText;
  /** cosine similarity of the seen name's and the candidate's embeddings */
  similarity: number;
}

export interface ConfirmAppIdentityOutput {
  sameProduct: boolean;
  rationale: string;
}

export const confirmAppIdentityOutput = z.strictObject({
  sameProduct: z.boolean(),
  rationale: z.string().min(1).max(400),
});

export const confirmAppIdentityJsonSchema: Record<string, unknown> = {
  type: 'object',
  additionalProperties: false,
  required: ['sameProduct', 'rationale'],
  properties: {
    sameProduct: {
      type: 'boolean',
      description:
        'true when the seen name is this product (any edition, plan, platform or spelling); false for another product of the same vendor, or a vendor name alone',
    },
    rationale: { type: 'string', description: 'one sentence an Admin can check' },
  },
};

const SYSTEM_PROMPT = [
  'You match application names found in usage logs (process names, domains, window titles, SaaS audit',
  'logs) to a company software catalog. Decide whether the seen name is the given catalog product.',
  'Editions, plans, platforms, versions and spellings do not matter ("Adobe Acrobat Pro DC" is Adobe',
  'Acrobat Pro; "slack.com" and "zoom-us" are Slack and Zoom). A different product of the same vendor is',
  'not the same product ("Microsoft Teams" is not Microsoft 365 Copilot), and a vendor name alone',
  '("Microsoft") is not enough. Answer with one sentence an Admin can check.',
].join(' ');

export const confirmAppIdentityTask: AiTask<ConfirmAppIdentityInput, ConfirmAppIdentityOutput> = {
  name: 'confirm-app-identity',
  version: 1,
  output: confirmAppIdentityOutput,
  jsonSchema: confirmAppIdentityJsonSchema,
  maxOutputTokens: 120,
  messages: (input) => [
    { role: 'system', content: SYSTEM_PROMPT },
    {
      role: 'user',
      content: [
        `Seen name: ${input.seenName}`,
        `Catalog product: ${input.candidate.name} by ${input.candidate.vendor} (${input.candidate.category})`,
        input.candidate.description,
        `Name similarity: ${input.similarity.toFixed(3)}`,
        'Is the seen name this product?',
      ].join('\n'),
    },
  ],
  local: (input) => confirmIdentityLocally(input.seenName, input.candidate),
};
