import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig, parseDatabaseSettings } from '../../shared/platform/config';

// What devhost fills in locally: its SMTP sink and its Event Grid topic.
const local = {
  SMTP_URL: 'smtp://127.0.0.1:2525',
  EVENTGRID_TOPIC_ENDPOINT: 'http://127.0.0.1:7072/api/events',
  EVENTGRID_TOPIC_KEY: 'local-key',
  APPROVAL_LINK_SECRET: 'a-local-approval-link-secret-0123456789',
  WEBSITE_HOSTNAME: 'localhost:7071',
};

describe('configuration', () => {
  it('builds e-mail links from PUBLIC_BASE_URL, else the host name (https unless loopback)', () => {
    const base = { AzureWebJobsStorage: 'x', ...local };
    expect(parseConfig(base).publicBaseUrl).toBe('http://localhost:7071');
    expect(parseConfig({ ...base, WEBSITE_HOSTNAME: 'ap-func.azurewebsites.net' }).publicBaseUrl).toBe(
      'https://ap-func.azurewebsites.net',
    );
    expect(parseConfig({ ...base, PUBLIC_BASE_URL: 'https://assets.example.com/' }).publicBaseUrl).toBe(
      'https://assets.example.com',
    );
  });

  it('needs a long approval-link key and says so', () => {
    expect(() => parseConfig({ AzureWebJobsStorage: 'x', ...local, APPROVAL_LINK_SECRET: 'short' })).toThrow(
      /APPROVAL_LINK_SECRET: must be at least 32 characters/,
    );
  });

  it('refuses sample values for secrets at start-up, naming the setting', () => {
    const base = { AzureWebJobsStorage: 'x', ...local };
    // local.settings.sample.json's placeholder, other placeholders and stand-ins, long or not
    for (const value of [
      '<generate>',
      '<your-approval-link-secret>',
      'changeme',
      'x'.repeat(44),
      'ab'.repeat(20),
    ]) {
      try {
        parseConfig({ ...base, APPROVAL_LINK_SECRET: value });
        expect.unreachable(value);
      } catch (error) {
        expect((error as ConfigError).problems).toEqual([
          expect.stringMatching(/^APPROVAL_LINK_SECRET: is a placeholder or sample value, not a secret/),
        ]);
      }
    }
    expect(() => parseConfig({ ...base, EVENTGRID_TOPIC_KEY: '<topic key>' })).toThrow(
      /EVENTGRID_TOPIC_KEY: is a placeholder or sample value/,
    );
    // what devhost generates passes
    const generated = 'q7Vb0mS3pWq1c5nT8kYz2aLx9eRf4hJd6uGi0oPs1Bw';
    expect(parseConfig({ ...base, APPROVAL_LINK_SECRET: generated }).APPROVAL_LINK_SECRET).toBe(generated);
  });

  it('fills defaults for a local setup', () => {
    const config = parseConfig({ AzureWebJobsStorage: 'UseDevelopmentStorage=true', ...local });
    expect(config.USAGE_EVENTS_QUEUE).toBe('usage-events');
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.database.pgliteDataDir).toMatch(/\.data\/pglite$/);
    expect(config.DB_MIGRATE_ON_START).toBe(false);
    expect(config.MAIL_FROM).toBe('Asset Pulse <asset-pulse@localhost>');
    expect(config.EVENTS_SOURCE).toBe('/asset-pulse');
  });

  it('takes the business caps as settings: 20 requests a day and 10 approval mails an hour by default', () => {
    const base = { AzureWebJobsStorage: 'x', ...local };
    expect(parseConfig(base)).toMatchObject({
      PURCHASE_REQUEST_DAILY_LIMIT: 20,
      APPROVAL_MAIL_HOURLY_LIMIT: 10,
    });
    expect(
      parseConfig({ ...base, PURCHASE_REQUEST_DAILY_LIMIT: '5', APPROVAL_MAIL_HOURLY_LIMIT: '3' }),
    ).toMatchObject({ PURCHASE_REQUEST_DAILY_LIMIT: 5, APPROVAL_MAIL_HOURLY_LIMIT: 3 });
    expect(() =>
      parseConfig({ ...base, PURCHASE_REQUEST_DAILY_LIMIT: '0', APPROVAL_MAIL_HOURLY_LIMIT: 'ten' }),
    ).toThrow(/PURCHASE_REQUEST_DAILY_LIMIT: .*\n.*APPROVAL_MAIL_HOURLY_LIMIT: /);
  });

  it('names the mail relay and the event topic when they are missing', () => {
    expect(() => parseConfig({ AzureWebJobsStorage: 'x' })).toThrow(
      /SMTP_URL: required: .*\n.*EVENTGRID_TOPIC_ENDPOINT: required: /,
    );
    // identity-based publishing in Azure: no key
    expect(
      parseConfig({ ...local, AzureWebJobsStorage: 'x', EVENTGRID_TOPIC_KEY: '' }).EVENTGRID_TOPIC_KEY,
    ).toBeUndefined();
  });

  it('refuses a mail URL of another scheme without repeating it (it may hold a password)', () => {
    try {
      parseConfig({ ...local, AzureWebJobsStorage: 'x', SMTP_URL: 'https://user:s3cret@relay.example' });
      expect.unreachable();
    } catch (error) {
      expect((error as ConfigError).problems).toEqual(['SMTP_URL: must be an smtp:// or smtps:// URL']);
      expect((error as Error).message).not.toContain('s3cret');
    }
    expect(() =>
      parseConfig({
        ...local,
        AzureWebJobsStorage: 'x',
        EVENTGRID_TOPIC_ENDPOINT: 'topic.example/api/events',
      }),
    ).toThrow(/EVENTGRID_TOPIC_ENDPOINT: must be an https:\/\/ URL/);
    expect(
      parseConfig({ ...local, AzureWebJobsStorage: 'x', SMTP_URL: 'smtps://u:p@smtp.azurecomm.net:465' })
        .SMTP_URL,
    ).toBe('smtps://u:p@smtp.azurecomm.net:465');
  });

  it('names a missing storage setting', () => {
    expect(() => parseConfig({})).toThrow(/AzureWebJobsStorage: set AzureWebJobsStorage/);
  });

  it('names each bad setting', () => {
    try {
      parseConfig({
        ...local,
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
    expect(
      parseConfig({ ...local, AzureWebJobsStorage: 'x', DATABASE_URL: '' }).DATABASE_URL,
    ).toBeUndefined();
  });

  it('accepts identity-based storage without a connection string', () => {
    expect(() =>
      parseConfig({ ...local, AzureWebJobsStorage__queueServiceUri: 'https://acct.queue.core.windows.net' }),
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
      ...local,
      AUTH_ISSUER: 'https://login.microsoftonline.com/tenant-id/v2.0',
      AUTH_AUDIENCE: 'api://client-id, client-id',
      AUTH_JWKS_URL: 'https://login.microsoftonline.com/tenant-id/discovery/v2.0/keys',
    });
    expect(entra.auth).toEqual({
      issuer: 'https://login.microsoftonline.com/tenant-id/v2.0',
      audiences: ['api://client-id', 'client-id'],
      jwksUrl: 'https://login.microsoftonline.com/tenant-id/discovery/v2.0/keys',
    });
    expect(parseConfig({ AzureWebJobsStorage: 'x', ...local, AUTH_ISSUER: '' }).auth).toBeUndefined();
    expect(() =>
      parseConfig({ AzureWebJobsStorage: 'x', ...local, AUTH_ISSUER: 'https://issuer.example.com' }),
    ).toThrow(/AUTH_ISSUER: set all three of AUTH_ISSUER, AUTH_AUDIENCE and AUTH_JWKS_URL/);
  });
});
