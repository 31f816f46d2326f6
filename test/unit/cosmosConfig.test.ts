// The Cosmos DB settings: optional (the recommendation routes then answer 503), https only, a
// database id, a key that is not a placeholder, and the cache TTL with its default.
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../shared/platform/config';

const base = {
  AzureWebJobsStorage: 'x',
  SMTP_URL: 'smtp://127.0.0.1:2525',
  EVENTGRID_TOPIC_ENDPOINT: 'http://127.0.0.1:7072/api/events',
  EVENTGRID_TOPIC_KEY: 'local-key',
  APPROVAL_LINK_SECRET: 'a-local-approval-link-secret-0123456789',
  WEBSITE_HOSTNAME: 'localhost:7071',
};

describe('Cosmos DB settings', () => {
  it('are optional, with the database and cache TTL defaults', () => {
    const config = parseConfig(base);
    expect(config.COSMOS_ENDPOINT).toBeUndefined();
    expect(config.COSMOS_DATABASE).toBe('asset-pulse');
    expect(config.LLM_CACHE_TTL_SECONDS).toBe(2_592_000);
  });

  it('take an https endpoint, a key and a certificate path', () => {
    const config = parseConfig({
      ...base,
      COSMOS_ENDPOINT: 'https://ap-cosmos.documents.azure.com:443/',
      COSMOS_KEY: 'c2VjcmV0LWtleS1mb3ItdGhlLWFjY291bnQ=',
      COSMOS_CA_CERT_PATH: '/tmp/cert.pem',
      LLM_CACHE_TTL_SECONDS: '3600',
    });
    expect(config).toMatchObject({
      COSMOS_ENDPOINT: 'https://ap-cosmos.documents.azure.com:443/',
      LLM_CACHE_TTL_SECONDS: 3600,
    });
  });

  it('refuse plain http, a placeholder key and a bad database id, naming each', () => {
    expect(() =>
      parseConfig({
        ...base,
        COSMOS_ENDPOINT: 'http://127.0.0.1:8081',
        COSMOS_KEY: '<generate>',
        COSMOS_DATABASE: 'a b',
      }),
    ).toThrow(/COSMOS_ENDPOINT: must be an https:\/\/ URL[\s\S]*COSMOS_KEY[\s\S]*COSMOS_DATABASE/);
  });
});
