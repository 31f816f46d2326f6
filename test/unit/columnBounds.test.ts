// The column bounds every edge schema reuses: what PostgreSQL would refuse is refused here, with the
// field named, and what we write to explain a failure can always be written.
import { describe, expect, it } from 'vitest';
import {
  boundedJsonObject,
  boundedText,
  int4Id,
  isoDateTimeWithin,
  isoDateWithin,
  isValueRefusedByDatabase,
  jsonProblem,
  sanitizeJson,
  sanitizeText,
} from '../../shared/platform/validation/columnBounds';

const messages = (result: {
  success: boolean;
  error?: { issues: { path: PropertyKey[]; message: string }[] };
}) => (result.success ? [] : result.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`));

describe('column bounds', () => {
  it('holds ids to the 32-bit integer column', () => {
    expect(int4Id().safeParse(2_147_483_647).success).toBe(true);
    expect(messages(int4Id().safeParse(2 ** 31))).toEqual([
      ': must be at most 2147483647 (a 32-bit integer id)',
    ]);
    expect(int4Id().safeParse(0).success).toBe(false);
    expect(int4Id().safeParse(1.5).success).toBe(false);
  });

  it('refuses NUL and lone surrogates in text, and keeps its length', () => {
    const text = boundedText(5, { min: 1 });
    expect(text.safeParse('abc').success).toBe(true);
    expect(text.safeParse('😀').success).toBe(true);
    expect(messages(text.safeParse('a\u0000b'))).toEqual([': must not contain the NUL character (\\u0000)']);
    expect(messages(text.safeParse('a\ud800'))).toEqual([
      ': must be well-formed Unicode (no lone surrogate)',
    ]);
    expect(text.safeParse('abcdef').success).toBe(false);
    expect(text.safeParse('').success).toBe(false);
  });

  it('refuses NUL in JSON keys and nested values, too-deep nesting and too many bytes, naming where', () => {
    const json = boundedJsonObject(100);
    expect(json.safeParse({ a: [1, 'x', { b: null }] }).success).toBe(true);
    expect(messages(json.safeParse({ a: { b: ['ok', 'x\u0000'] } }))).toEqual([
      'a.b.1: must not contain the NUL character (\\u0000)',
    ]);
    expect(messages(json.safeParse({ a: { 'k\u0000': 1 } }))).toEqual([
      'a: keys must not contain the NUL character (\\u0000)',
    ]);
    let deep: unknown = 1;
    for (let i = 0; i < 40; i++) deep = [deep];
    expect(jsonProblem({ deep })?.message).toBe('must not nest deeper than 32 levels');
    expect(messages(json.safeParse({ blob: 'x'.repeat(200) }))).toEqual([
      ': must be at most 100 bytes as JSON',
    ]);
  });

  it('keeps dates and times inside the calendar PostgreSQL and the product share', () => {
    expect(messages(isoDateWithin().safeParse('0000-01-01'))).toEqual([': must not be before 2000-01-01']);
    expect(isoDateWithin().safeParse('2026-02-30').success).toBe(false);
    expect(isoDateWithin().safeParse('2026-11-30').success).toBe(true);
    const at = isoDateTimeWithin({ earliest: new Date('2000-01-01T00:00:00Z') });
    expect(at.safeParse('0000-01-01T00:00:00Z').success).toBe(false);
    expect(at.safeParse('2026-11-30T10:00:00+01:00').success).toBe(true);
  });

  it('sanitises what explains a failure so that it can always be stored', () => {
    expect(sanitizeText('a\u0000b\ud800c', 100)).toBe('a\uFFFDb\uFFFDc');
    expect(sanitizeText('ab😀', 3)).toBe('ab');
    expect(sanitizeJson({ 'k\u0000': ['v\u0000', 1, null] })).toEqual({ 'k\uFFFD': ['v\uFFFD', 1, null] });
    let deep: unknown = 'bottom';
    for (let i = 0; i < 40; i++) deep = [deep];
    expect(JSON.stringify(sanitizeJson(deep))).toMatch(/nested deeper than 32 levels/);
  });

  it('tells a refused value from a database that is not there', () => {
    expect(isValueRefusedByDatabase({ code: '22003' })).toBe(true); // integer out of range
    expect(isValueRefusedByDatabase({ code: '22021' })).toBe(true); // NUL in text
    expect(isValueRefusedByDatabase({ code: '22P05' })).toBe(true); // \u0000 in jsonb
    expect(isValueRefusedByDatabase({ code: '23514' })).toBe(true); // check constraint
    expect(isValueRefusedByDatabase({ code: '54001' })).toBe(true); // jsonb too deep
    expect(isValueRefusedByDatabase({ code: '08006' })).toBe(false); // connection failure
    expect(isValueRefusedByDatabase({ code: '25006' })).toBe(false); // read-only (failover)
    expect(isValueRefusedByDatabase({ code: '40P01' })).toBe(false); // deadlock
    expect(isValueRefusedByDatabase(new Error('connect ECONNREFUSED 127.0.0.1:5432'))).toBe(false);
  });
});
