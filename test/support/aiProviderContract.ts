// What every AI provider must do, whoever answers (local rules or a model): 512-dimension unit
// vectors in input order, the same vector for the same text, task answers that pass the task's
// schema and say who answered, and nothing for nothing. Each provider's test file calls
// describeAiProviderContract with a factory; the factory may use servers its file starts in beforeAll.
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { EMBEDDING_DIMENSION, type AiProvider } from '../../shared/ai/aiProvider';
import type { AiTask } from '../../shared/ai/tasks/aiTask';

interface PairInput {
  a: string;
  b: string;
}
const pairVerdict = z.strictObject({
  verdict: z.enum(['same-job', 'partial', 'different']),
  rationale: z.string().min(1).max(500),
});

/** A small task every provider can run: a model from its prompt and schema, `local` from its rule. */
export const contractTask: AiTask<PairInput, z.infer<typeof pairVerdict>> = {
  name: 'contract-pair-verdict',
  version: 1,
  output: pairVerdict,
  jsonSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['verdict', 'rationale'],
    properties: {
      verdict: { type: 'string', enum: ['same-job', 'partial', 'different'] },
      rationale: { type: 'string', minLength: 1 },
    },
  },
  messages: ({ a, b }) => [
    { role: 'system', content: 'Say whether two software products do the same job. Answer in JSON.' },
    { role: 'user', content: `Product A: ${a}\nProduct B: ${b}` },
  ],
  local: ({ a, b }) =>
    a.trim().toLowerCase() === b.trim().toLowerCase()
      ? { verdict: 'same-job', rationale: 'The two names are the same product.' }
      : { verdict: 'different', rationale: 'The two names share nothing.' },
  maxOutputTokens: 200,
};

const context = { feature: 'contract-test' };
const norm = (v: number[]) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));

export function describeAiProviderContract(
  name: string,
  makeProvider: () => AiProvider | Promise<AiProvider>,
): void {
  describe(`AI provider contract: ${name}`, () => {
    let provider: AiProvider;
    beforeAll(async () => {
      provider = await makeProvider();
    });

    it(`embeds texts into ${EMBEDDING_DIMENSION}-dimension unit vectors, one per text, and says who answered`, async () => {
      const texts = [
        'Slack: team chat and channels',
        'Jira: issue and project tracking',
        'Figma: interface design',
      ];
      const result = await provider.embed(texts, context);
      expect(result.vectors).toHaveLength(texts.length);
      for (const vector of result.vectors) {
        expect(vector).toHaveLength(EMBEDDING_DIMENSION);
        expect(vector.every(Number.isFinite)).toBe(true);
        expect(norm(vector)).toBeCloseTo(1, 6);
      }
      expect(result.answeredBy.provider).toBe(provider.name);
      expect(result.answeredBy.model).toBe(provider.embeddingModel);
      expect(result.answeredBy.deterministic).toBe(provider.name === 'local');
      expect(Number.isInteger(result.usage.promptTokens) && result.usage.promptTokens >= 0).toBe(true);
    });

    it('gives the same text the same vector, in input order, however the texts are grouped', async () => {
      const [a, b] = ['Zoom video meetings', 'Miro online whiteboard'];
      const forward = await provider.embed([a, b], context);
      const backward = await provider.embed([b, a], context);
      const alone = await provider.embed([b], context);
      expect(backward.vectors[0]).toEqual(forward.vectors[1]);
      expect(backward.vectors[1]).toEqual(forward.vectors[0]);
      expect(alone.vectors[0]).toEqual(forward.vectors[1]);
      expect(forward.vectors[0]).not.toEqual(forward.vectors[1]);
    });

    it('answers nothing for no texts', async () => {
      const result = await provider.embed([], context);
      expect(result.vectors).toEqual([]);
      expect(result.usage).toEqual({ promptTokens: 0, completionTokens: 0 });
    });

    it("runs a task: the answer passes the task's schema and says which provider and model gave it", async () => {
      const result = await provider.run(contractTask, { a: 'Slack', b: 'Microsoft Teams' }, context);
      expect(contractTask.output.safeParse(result.output).success).toBe(true);
      expect(result.answeredBy).toEqual({
        provider: provider.name,
        model: provider.chatModel,
        deterministic: provider.name === 'local',
      });
      expect(typeof result.cached).toBe('boolean');
      expect(result.usage.promptTokens).toBeGreaterThanOrEqual(0);
      expect(result.usage.completionTokens).toBeGreaterThanOrEqual(0);
    });
  });
}
