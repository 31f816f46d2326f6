import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig, parseDatabaseSettings } from '../../shared/config';

describe('configuration', () => {
  it('fills defaults for a local setup', () => {
    const config = parseConfig({ AzureWebJobsStorage: 'UseDevelopmentStorage=true' });
    expect(config.USAGE_EVENTS_QUEUE).toBe('usage-events');
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.database.pgliteDataDir).toMatch(/\.data\/pglite$/);
    expect(config.DB_MIGRATE_ON_START).toBe(false);
  });

  it('names a missing storage setting', () => {
    expect(() => parseConfig({})).toThrow(/AzureWebJobsStorage: set AzureWebJobsStorage/);
  });

  it('names each bad setting', () => {
    try {
      parseConfig({
        AzureWebJobsStorage: 'x',
        DATABASE_URL: 'mysql://h/db',
        DB_POOL_MAX: '0',
        DB_MIGRATE_ON_START: 'yes',
      });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems.join('\n');
      expect(problems).toMatch(/DATABASE_URL: must be a postgres:\/\/ URL/);
      expect(problems).toMatch(/DB_POOL_MAX/);
      expect(problems).toMatch(/DB_MIGRATE_ON_START/);
    }
  });

  it('treats empty values as not set, as local.settings.json lists optional settings with ""', () => {
    expect(parseConfig({ AzureWebJobsStorage: 'x', DATABASE_URL: '' }).DATABASE_URL).toBeUndefined();
  });

  it('accepts identity-based storage without a connection string', () => {
    expect(() =>
      parseConfig({ AzureWebJobsStorage__queueServiceUri: 'https://acct.queue.core.windows.net' }),
    ).not.toThrow();
  });

  it('gives the migration and seed commands their database without asking for storage', () => {
    expect(parseDatabaseSettings({}).databaseUrl).toBeUndefined();
    expect(
      parseDatabaseSettings({ DATABASE_URL: 'postgres://u@h:5432/db', DATABASE_AUTH: 'entra' }),
    ).toMatchObject({
      databaseUrl: 'postgres://u@h:5432/db',
      auth: 'entra',
    });
    expect(() => parseDatabaseSettings({ DATABASE_AUTH: 'kerberos' })).toThrow(/DATABASE_AUTH/);
  });
  it('reads the sign-in settings, several audiences, and refuses a partial set', () => {
    const entra = parseConfig({
      AzureWebJobsStorage: 'x',
      AUTH_ISSUER: 'https://login.microsoftonline.com/tenant-id/v2.0',
      AUTH_AUDIENCE: 'api://client-id, client-id',
      AUTH_JWKS_URL: 'https://login.microsoftonline.com/tenant-id/discovery/v2.0/keys',
    });
    expect(entra.auth).toEqual({
      issuer: 'https://login.microsoftonline.com/tenant-id/v2.0',
      audiences: ['api://client-id', 'client-id'],
      jwksUrl: 'https://login.microsoftonline.com/tenant-id/discovery/v2.0/keys',
    });
    expect(parseConfig({ AzureWebJobsStorage: 'x', AUTH_ISSUER: '' }).auth).toBeUndefined();
    expect(() =>
      parseConfig({ AzureWebJobsStorage: 'x', AUTH_ISSUER: 'https://issuer.example.com' }),
    ).toThrow(/AUTH_ISSUER: set all three of AUTH_ISSUER, AUTH_AUDIENCE and AUTH_JWKS_URL/);
  });
});
