import { describe, expect, it } from 'vitest';
import { ConfigError, loadRuntimeConfig } from './config';

const serve = (status: number, body: unknown) => () =>
  Promise.resolve(new Response(JSON.stringify(body), { status }));

describe('the runtime config', () => {
  it('reads /config.json', async () => {
    const config = await loadRuntimeConfig(
      serve(200, {
        mode: 'entra',
        issuer: 'https://login.microsoftonline.com/t/v2.0',
        clientId: 'c',
        apiScope: 'api://asset-pulse/access_as_user',
        apiBase: '/api/',
      }),
    );
    expect(config.apiBase).toBe('/api');
  });

  it('names the bad fields of a config that is not valid, and says when there is none', async () => {
    await expect(loadRuntimeConfig(serve(200, { mode: 'other', issuer: 'x' }))).rejects.toThrow(
      /mode.*issuer/,
    );
    await expect(loadRuntimeConfig(serve(404, {}))).rejects.toBeInstanceOf(ConfigError);
  });
});
