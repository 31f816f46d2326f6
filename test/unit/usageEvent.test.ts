import { describe, expect, it } from 'vitest';
import { usageEventSchema } from '../../shared/usage/usageEvent';

const now = () => new Date('2026-11-15T12:00:00Z');
const schema = usageEventSchema(now);
const valid = {
  eventId: 'sso-1',
  occurredAt: '2026-11-15T09:30:00+01:00',
  userEmail: 'anna.berg@scb.example.com',
  app: 'slack',
  eventType: 'login',
};

function errorPaths(input: unknown): string[] {
  const result = schema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('usage event validation', () => {
  it('accepts a complete event with an employee id, app id, quantity and properties', () => {
    const result = schema.safeParse({
      ...valid,
      userEmail: undefined,
      employeeId: 7,
      app: undefined,
      appId: 3,
      eventType: 'api_call',
      quantity: 12.5,
      properties: { endpoint: '/v1/x' },
      source: 'gateway',
    });
    expect(result.success).toBe(true);
  });

  it('rejects unknown fields instead of ignoring them', () => {
    expect(errorPaths({ ...valid, userMail: 'x@y.z' }).join()).toMatch(/userMail|Unrecognized/);
  });

  it('requires an offset on the timestamp', () => {
    expect(errorPaths({ ...valid, occurredAt: '2026-11-15T09:30:00' })[0]).toMatch(/^occurredAt: .*offset/);
  });

  it('refuses events from more than a day in the future and before 2000', () => {
    expect(errorPaths({ ...valid, occurredAt: '2026-11-17T12:00:00Z' })[0]).toMatch(/future/);
    expect(errorPaths({ ...valid, occurredAt: '1999-12-31T23:59:59Z' })[0]).toMatch(/2000/);
  });

  it('wants exactly one way of naming the user and the app', () => {
    expect(errorPaths({ ...valid, employeeId: 4 })).toContain(
      'userEmail: give exactly one of userEmail and employeeId',
    );
    expect(errorPaths({ ...valid, app: undefined })).toContain('app: give exactly one of app and appId');
  });

  it('checks the event type, the quantity and the size of properties', () => {
    expect(errorPaths({ ...valid, eventType: 'clicked' })[0]).toMatch(/^eventType/);
    expect(errorPaths({ ...valid, quantity: -1 })[0]).toMatch(/^quantity/);
    expect(errorPaths({ ...valid, properties: { blob: 'x'.repeat(5000) } })[0]).toMatch(
      /^properties: .*4096 bytes/,
    );
  });

  it('refuses what a usage_events column cannot hold, naming the field', () => {
    // Each of these passed before and then failed its whole queue message in the database.
    const employee = { ...valid, userEmail: undefined };
    const app = { ...valid, app: undefined };
    expect(errorPaths({ ...employee, employeeId: 2 ** 31 })).toEqual([
      'employeeId: must be at most 2147483647 (a 32-bit integer id)',
    ]);
    expect(errorPaths({ ...app, appId: 2 ** 31 })).toEqual([
      'appId: must be at most 2147483647 (a 32-bit integer id)',
    ]);
    expect(errorPaths({ ...valid, eventId: 'sso\u00001' })).toEqual([
      'eventId: must not contain the NUL character (\\u0000)',
    ]);
    expect(errorPaths({ ...valid, source: 'okta\u0000' })).toEqual([
      'source: must not contain the NUL character (\\u0000)',
    ]);
    expect(errorPaths({ ...valid, properties: { page: { path: '/x\u0000' } } })).toEqual([
      'properties.page.path: must not contain the NUL character (\\u0000)',
    ]);
    expect(errorPaths({ ...valid, properties: { 'k\u0000': 1 } })).toEqual([
      'properties: keys must not contain the NUL character (\\u0000)',
    ]);
    expect(errorPaths({ ...valid, properties: { s: '\ud800' } })[0]).toMatch(/^properties\.s: .*surrogate/);
    expect(errorPaths({ ...employee, employeeId: 2_147_483_647 })).toEqual([]);
  });
});
