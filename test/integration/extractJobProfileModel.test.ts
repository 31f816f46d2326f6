// extractJobProfile answered by a model: the Azure OpenAI provider through the real SDK against the
// local server speaking the Azure OpenAI protocol. A model asked for at most 25 skills and 15 tasks
// may list more; past 40 skills or 25 tasks the answer is cut to the first ones (the schema asks
// for the most important first), not refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAzureOpenAiProvider } from '../../shared/ai/azure/createAzureOpenAiProvider';
import { locateEvidence } from '../../shared/ai/jdMatch/locateEvidence';
import {
  extractJobProfileTask,
  MAX_MODEL_SKILLS,
  MAX_MODEL_TASKS,
} from '../../shared/ai/tasks/extractJobProfile';
import { startAzureOpenAiServer, type AzureOpenAiServer } from '../support/azureOpenAiServer';

const API_KEY = 'test-key-0123456789abcdef';
let server: AzureOpenAiServer;

const provider = () =>
  createAzureOpenAiProvider(
    {
      endpoint: server.endpoint,
      apiKey: API_KEY,
      apiVersion: '2024-10-21',
      embeddingDeployment: 'emb-small',
      chatDeployment: 'chat-mini',
      batchDeployment: 'chat-batch',
      timeoutMs: 10_000,
      maxRetries: 0,
    },
    { sleep: () => Promise.resolve() },
  );

const DESCRIPTION = Array.from({ length: 60 }, (_, i) => `- Skill${i + 1} and duty number ${i + 1}.`).join(
  '\n',
);
const input = { jobTitle: 'Generalist', jobDescription: DESCRIPTION };
const context = { feature: 'jd-match' };

function answer(skills: number, tasks: number) {
  return {
    skills: Array.from({ length: skills }, (_, i) => ({
      label: `Skill ${i + 1}`,
      concept: null,
      quote: `Skill${i + 1}`,
    })),
    tasks: Array.from({ length: tasks }, (_, i) => ({
      label: `Duty ${i + 1}`,
      quote: `duty number ${i + 1}.`,
    })),
  };
}

beforeAll(async () => {
  server = await startAzureOpenAiServer({ apiKey: API_KEY });
});
afterAll(async () => {
  await server?.close();
});

describe('a model reading a job description', () => {
  it('keeps the first 40 skills and 25 tasks of a longer answer', async () => {
    server.setChatHandler(() => answer(55, 33));
    const result = await provider().run(extractJobProfileTask, input, context);
    expect(result.output.skills).toHaveLength(MAX_MODEL_SKILLS);
    expect(result.output.tasks).toHaveLength(MAX_MODEL_TASKS);
    expect(result.output.skills[0]?.label).toBe('Skill 1');
    expect(result.output.skills.at(-1)?.label).toBe('Skill 40');
    expect(result.output.tasks.at(-1)?.label).toBe('Duty 25');
    expect(result.answeredBy).toMatchObject({ provider: 'azure-openai', model: 'chat-mini' });
    // the kept items still quote the description, so the match can place them
    const located = locateEvidence(DESCRIPTION, result.output.skills);
    expect(located).toHaveLength(MAX_MODEL_SKILLS);
  });

  it('does not fail on a malformed entry past the cut', async () => {
    server.setChatHandler(() => {
      const long = answer(41, 26);
      long.skills[40]!.label = '';
      long.tasks[25]!.quote = '';
      return long;
    });
    const result = await provider().run(extractJobProfileTask, input, context);
    expect(result.output.skills).toHaveLength(MAX_MODEL_SKILLS);
    expect(result.output.tasks).toHaveLength(MAX_MODEL_TASKS);
  });

  it('still refuses a malformed entry among the ones it keeps', async () => {
    server.setChatHandler(() => {
      const bad = answer(3, 2);
      bad.skills[1]!.label = '';
      return bad;
    });
    await expect(provider().run(extractJobProfileTask, input, context)).rejects.toThrow(
      /does not match the task's schema/,
    );
  });
});
