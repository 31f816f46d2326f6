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
});
