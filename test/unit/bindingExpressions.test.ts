// Binding expressions in output paths and queue names, resolved as the WebJobs SDK does.
import { describe, expect, it } from 'vitest';
import { formatDateTime, resolveBindingExpression } from '../../devhost/bindings/bindingExpressions';

const at = new Date('2026-03-04T05:06:07.089Z');
const resolve = (template: string, data: Record<string, unknown> = {}, env: NodeJS.ProcessEnv = {}) =>
  resolveBindingExpression(template, data, env, 'fn', () => at);

describe('binding expressions', () => {
  it('formats {DateTime} as the host does by default, and with a format', () => {
    expect(resolve('r/{DateTime}.csv')).toBe('r/2026-03-04T05-06-07Z.csv');
    expect(resolve('r/{DateTime:yyyy/MM/dd}/x')).toBe('r/2026/03/04/x');
    expect(formatDateTime(at, "yyyyMMdd'T'HHmmss.fff")).toBe('20260304T050607.089');
  });

  it('makes a new GUID per {rand-guid}, in the requested .NET format', () => {
    const [a, b] = [resolve('{rand-guid}'), resolve('{rand-guid}')];
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(a).not.toBe(b);
    expect(resolve('{rand-guid:N}')).toMatch(/^[0-9a-f]{32}$/);
  });

  it('takes names from the binding data, case-insensitively and by dotted path, and settings from %...%', () => {
    const data = { QueueTrigger: 'msg-1', order: { Id: 42 }, name: 'q1' };
    expect(resolve('%C%/{queueTrigger}/{order.id}/{NAME}', data, { C: 'box' })).toBe('box/msg-1/42/q1');
    expect(resolve('{DateTime}', { DateTime: 'from-trigger' })).toBe('from-trigger');
  });

  it('refuses a name with no value, naming it, instead of writing somewhere else', () => {
    expect(() => resolve('out/{missing}.txt')).toThrow(/No value for named parameter 'missing'/);
    expect(() => resolve('out/{flag}.txt', { flag: true })).toThrow(/'flag'/);
  });
});
