import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTimeSpanMs, readHostSettings } from '../../devhost/hostSettings';
import { byPrecedence, compileRoute } from '../../devhost/http/routeTemplate';
import { emulatorEndpoints } from '../../devhost/services/azurite';
import { resolveSchedule } from '../../devhost/timer/timerScheduler';

function appWithHostJson(json: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'devhost-settings-'));
  writeFileSync(join(dir, 'host.json'), JSON.stringify(json));
  return dir;
}

describe('devhost host.json', () => {
  it('reads time spans the way the Functions host does', () => {
    expect(parseTimeSpanMs('00:00:30', 'x')).toBe(30_000);
    expect(parseTimeSpanMs('1.02:00:00', 'x')).toBe(26 * 3600_000);
    expect(parseTimeSpanMs('00:00:00.500', 'x')).toBe(500);
    expect(() => parseTimeSpanMs('30s', 'visibilityTimeout')).toThrow(/visibilityTimeout/);
  });

  it('takes queue settings from host.json, with AzureFunctionsJobHost__ overrides from the environment', () => {
    const dir = appWithHostJson({
      version: '2.0',
      extensions: { queues: { batchSize: 8, maxDequeueCount: 5, visibilityTimeout: '00:00:30' } },
    });
    const settings = readHostSettings(dir, {
      AzureFunctionsJobHost__extensions__queues__visibilityTimeout: '00:00:01',
    });
    expect(settings.queues).toMatchObject({
      batchSize: 8,
      newBatchThreshold: 4,
      maxDequeueCount: 5,
      visibilityTimeoutSeconds: 1,
      messageEncoding: 'base64',
    });
    expect(settings.routePrefix).toBe('api');
  });

  it('refuses a batch size the runtime would refuse', () => {
    const dir = appWithHostJson({ version: '2.0', extensions: { queues: { batchSize: 64 } } });
    expect(() => readHostSettings(dir, {})).toThrow(/batchSize must be a whole number from 1 to 32/);
  });
});

describe('devhost routes', () => {
  it('matches templates with constraints, optional and catch-all parameters', () => {
    expect(compileRoute('items/{id:int}').match('/items/42')).toEqual({ id: '42' });
    expect(compileRoute('items/{id:int}').match('/items/abc')).toBeUndefined();
    expect(compileRoute('users/{name?}').match('/users')).toEqual({});
    expect(compileRoute('files/{*path}').match('/files/a/b%20c.txt')).toEqual({ path: 'a/b c.txt' });
    expect(compileRoute('a/b').match('/a/b/c')).toBeUndefined();
  });

  it('tries literal segments before parameters', () => {
    const routes = [
      compileRoute('items/{name}'),
      compileRoute('items/latest'),
      compileRoute('items/{id:int}'),
    ].sort(byPrecedence);
    expect(routes.map((r) => r.template)).toEqual(['items/latest', 'items/{id:int}', 'items/{name}']);
  });
});

describe('devhost timers and storage', () => {
  it('accepts six-field NCRONTAB and settings, and refuses five fields', () => {
    expect(resolveSchedule('0 */5 * * * *', 'f', {})).toBe('0 */5 * * * *');
    expect(resolveSchedule('%SCHEDULE%', 'f', { SCHEDULE: '0 0 2 * * *' })).toBe('0 0 2 * * *');
    expect(() => resolveSchedule('*/5 * * * *', 'f', {})).toThrow(/six fields/);
  });

  it('recognises connection strings that point at a local emulator', () => {
    expect(emulatorEndpoints('UseDevelopmentStorage=true')).toMatchObject({ queuePort: 10001 });
    expect(
      emulatorEndpoints(
        'AccountName=devstoreaccount1;AccountKey=k;QueueEndpoint=http://127.0.0.1:21001/devstoreaccount1;BlobEndpoint=http://127.0.0.1:21000/devstoreaccount1',
      ),
    ).toMatchObject({ queuePort: 21001, blobPort: 21000, tablePort: 21002 });
    expect(
      emulatorEndpoints(
        'DefaultEndpointsProtocol=https;AccountName=prod;AccountKey=k;EndpointSuffix=core.windows.net',
      ),
    ).toBeUndefined();
  });
});
