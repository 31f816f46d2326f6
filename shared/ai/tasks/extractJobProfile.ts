// What a job description asks for: the skills it names and the tasks (responsibilities) it lists,
// each with the words of the description it came from. The JD match (F3) embeds both and looks for
// app features that serve them. A model answers through a strict JSON schema; the local provider
// reads the lexicon (../local/jobProfileRules.ts). Offsets are not asked of anyone: the caller finds
// each quote in the text (../jdMatch/locateEvidence.ts) and drops an item whose quote is not there.
import { z } from 'zod';
import { extractJobProfileLocally } from '../local/jobProfileRules';
import type { AiTask } from './aiTask';

export interface ExtractJobProfileInput {
  jobTitle: string;
  jobDescription: string;
}

export interface ExtractJobProfileOutput {
  skills: { label: string; concept: string | null; quote: string }[];
  tasks: { label: string; quote: string }[];
}

const item = { label: z.string().trim().min(1).max(200), quote: z.string().min(1).max(1000) };

/** A model asked for at most 25 skills and 15 tasks may list more; beyond these the rest is dropped. */
export const MAX_MODEL_SKILLS = 40;
export const MAX_MODEL_TASKS = 25;

/**
 * The first `max` entries of a list (the schema asks for the most important first), cut before the
 * entries are checked: a long answer is shortened, not refused, and what is past the cut cannot
 * fail it.
 */
function firstOf<T extends z.ZodType>(entry: T, max: number) {
  return z.preprocess(
    (value) => (Array.isArray(value) ? value.slice(0, max) : value),
    z.array(entry).max(max),
  );
}

export const extractJobProfileOutput = z.strictObject({
  skills: firstOf(z.strictObject({ ...item, concept: z.string().max(80).nullable() }), MAX_MODEL_SKILLS),
  tasks: firstOf(z.strictObject(item), MAX_MODEL_TASKS),
});

const quoteDescription =
  'the exact words of the job description this comes from, copied character for character (a few words to one sentence)';

export const extractJobProfileJsonSchema: Record<string, unknown> = {
  type: 'object',
  additionalProperties: false,
  required: ['skills', 'tasks'],
  properties: {
    skills: {
      type: 'array',
      description: 'skills, tools and know-how the role needs, most important first, at most 25',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['label', 'concept', 'quote'],
        properties: {
          label: { type: 'string', description: 'the skill in two to four words, e.g. "SQL", "Dashboards"' },
          concept: { type: ['string', 'null'], description: 'always null (the local rules name concepts)' },
          quote: { type: 'string', description: quoteDescription },
        },
      },
    },
    tasks: {
      type: 'array',
      description: 'responsibilities: the work the person will do, most important first, at most 15',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['label', 'quote'],
        properties: {
          label: {
            type: 'string',
            description: 'the task as a short imperative, e.g. "Build sales dashboards"',
          },
          quote: { type: 'string', description: quoteDescription },
        },
      },
    },
  },
};

const SYSTEM_PROMPT = [
  'You read job descriptions for an IT asset team that picks the software licences a new hire needs.',
  'List the skills (tools, methods, know-how) and the tasks (responsibilities) the description names.',
  'Every item must quote the description word for word: copy the exact characters, do not paraphrase,',
  'do not fix typos, and never list anything the description does not say. Leave out benefits,',
  'company boilerplate and soft skills such as "team player".',
].join(' ');

export const extractJobProfileTask: AiTask<ExtractJobProfileInput, ExtractJobProfileOutput> = {
  name: 'extract-job-profile',
  version: 1,
  output: extractJobProfileOutput,
  jsonSchema: extractJobProfileJsonSchema,
  maxOutputTokens: 1500,
  messages: (input) => [
    { role: 'system', content: SYSTEM_PROMPT },
    {
      role: 'user',
      content: `Job title: ${input.jobTitle}\n\nJob description:\n${input.jobDescription}`,
    },
  ],
  local: (input) => extractJobProfileLocally(input),
};
