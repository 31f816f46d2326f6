// The AI settings: no endpoint means the local provider; an endpoint brings the Azure OpenAI
// deployments, keyless unless a key is set; a price table that is not JSON, or misses a deployment
// in use, stops start-up naming AI_PRICE_TABLE.
import { describe, expect, it } from 'vitest';
import { DEFAULT_AI_PRICE_TABLE, parseConfig, type ConfigError } from '../../shared/platform/config';

const base = {
  AzureWebJobsStorage: 'x',
  SMTP_URL: 'smtp://127.0.0.1:2525',
  EVENTGRID_TOPIC_ENDPOINT: 'http://127.0.0.1:7072/api/events',
  APPROVAL_LINK_SECRET: 'a-local-approval-link-secret-0123456789',
  WEBSITE_HOSTNAME: 'localhost:7071',
};
const problemsOf = (env: Record<string, string>) => {
  try {
    parseConfig(env);
    return [];
  } catch (error) {
    return (error as ConfigError).problems;
  }
};

describe('AI settings', () => {
  it('without an endpoint: the local provider, default prices, batch threshold and cache TTL', () => {
    const { ai } = parseConfig({ ...base, AZURE_OPENAI_ENDPOINT: '' });
    expect(ai).toEqual({
      azureOpenAi: undefined,
      prices: { currency: 'USD', byModel: DEFAULT_AI_PRICE_TABLE },
      batchMinItems: 50,
      llmCacheTtlSeconds: 30 * 86_400,
    });
  });

  it('with an endpoint: the deployments, keyless unless a key is set, a GA API version with batch', () => {
    const { ai } = parseConfig({
      ...base,
      AZURE_OPENAI_ENDPOINT: 'https://ap-oai.openai.azure.com/',
      AZURE_OPENAI_BATCH_DEPLOYMENT: 'gpt-4o-mini-batch',
    });
    expect(ai.azureOpenAi).toEqual({
      endpoint: 'https://ap-oai.openai.azure.com/',
      apiKey: undefined,
      apiVersion: '2024-10-21',
      embeddingDeployment: 'text-embedding-3-small',
      chatDeployment: 'gpt-4o-mini',
      batchDeployment: 'gpt-4o-mini-batch',
      timeoutMs: 60_000,
      maxRetries: 4,
    });
  });

  it('refuses a price table that is not JSON, or that leaves a deployment in use unpriced', () => {
    expect(problemsOf({ ...base, AI_PRICE_TABLE: '{not json' })).toEqual([
      'AI_PRICE_TABLE: must be JSON: {"<deployment>": {"inputPer1k": n, "outputPer1k": n}}',
    ]);
    expect(
      problemsOf({
        ...base,
        AZURE_OPENAI_ENDPOINT: 'https://ap-oai.openai.azure.com/',
        AZURE_OPENAI_CHAT_DEPLOYMENT: 'chat-prod',
        AI_PRICE_TABLE: JSON.stringify({ 'text-embedding-3-small': { inputPer1k: 0.00002, outputPer1k: 0 } }),
        AI_PRICE_CURRENCY: 'EUR',
      }),
    ).toEqual([expect.stringMatching(/^AI_PRICE_TABLE: must price every Azure OpenAI deployment in use/)]);
    const { ai } = parseConfig({
      ...base,
      AZURE_OPENAI_ENDPOINT: 'https://ap-oai.openai.azure.com/',
      AZURE_OPENAI_CHAT_DEPLOYMENT: 'chat-prod',
      AI_PRICE_TABLE: JSON.stringify({
        'text-embedding-3-small': { inputPer1k: 0.00002, outputPer1k: 0 },
        'chat-prod': { inputPer1k: 0.00015, outputPer1k: 0.0006 },
      }),
      AI_PRICE_CURRENCY: 'EUR',
    });
    expect(ai.prices.currency).toBe('EUR');
    expect(ai.prices.byModel['chat-prod']).toEqual({ inputPer1k: 0.00015, outputPer1k: 0.0006 });
  });

  it('refuses a sample API key and a bad deployment name, naming them', () => {
    expect(
      problemsOf({
        ...base,
        AZURE_OPENAI_ENDPOINT: 'https://ap-oai.openai.azure.com/',
        AZURE_OPENAI_API_KEY: '<your-key-here>',
        AZURE_OPENAI_CHAT_DEPLOYMENT: 'has spaces',
      }),
    ).toEqual([
      expect.stringMatching(/^AZURE_OPENAI_API_KEY: is a placeholder/),
      'AZURE_OPENAI_CHAT_DEPLOYMENT: must be an Azure OpenAI deployment name',
    ]);
  });
});
