// What a PostgreSQL column can hold, as zod schemas for the edges (request bodies, query strings,
// queue messages), and sanitisers for text we write only to explain a failure.
//
// Why: a value that passes validation but that the database refuses fails the whole statement it
// rides in — a purchase request answers 500, a queue message of 500 good usage events fails five
// times and is poisoned. PostgreSQL refuses, among others:
// - `integer` values outside -2^31 … 2^31-1 (22003);
// - a NUL character in `text` (22021), and a `\u0000` escape or a lone surrogate (`\ud800`) in
//   `jsonb`, keys included (22P05, 22P02); a lone surrogate in `text` is silently stored as U+FFFD,
//   which changes an id, so it is refused here too;
// - dates and times outside its calendar, e.g. year 0000 (22008);
// - `jsonb` nested deeper than its stack allows (54001; about 20,000 levels on a default server).
// So every value is bounded here to what its column holds, and the error names the field.
import { z } from 'zod';

/** The largest value of an `integer` (int4) column, which every id in the schema is. */
export const INT4_MAX = 2_147_483_647;

/** How deep JSON stored in a `jsonb` column may nest (objects and arrays); far below the server's limit. */
export const MAX_JSON_DEPTH = 32;

/**
 * The calendar every date the API takes must fall in, on top of each field's own rule: PostgreSQL
 * refuses year 0 and the product has no data before 2000.
 */
export const DATE_WINDOW = { earliest: '2000-01-01', latest: '2999-12-31' } as const;

const LONE_SURROGATE = /\p{Surrogate}/u;

export const NUL_MESSAGE = 'must not contain the NUL character (\\u0000)';
export const SURROGATE_MESSAGE = 'must be well-formed Unicode (no lone surrogate)';

/** Why PostgreSQL would refuse this string in a `text` or `jsonb` value, or undefined. */
export function textProblem(value: string): string | undefined {
  if (value.includes('\u0000')) return NUL_MESSAGE;
  if (LONE_SURROGATE.test(value)) return SURROGATE_MESSAGE;
  return undefined;
}

/** A positive id of an `integer` column: 1 … 2^31-1. */
export function int4Id() {
  return z
    .number()
    .int()
    .min(1, 'must be a positive id')
    .max(INT4_MAX, `must be at most ${INT4_MAX} (a 32-bit integer id)`);
}

/** Text for a `text` column: at most `max` characters, no NUL, well-formed Unicode. */
export function boundedText(
  max: number,
  options: { min?: number; trim?: boolean; minMessage?: string } = {},
) {
  const base = options.trim ? z.string().trim() : z.string();
  const min = options.min ?? 0;
  const sized = min > 0 ? base.min(min, options.minMessage) : base;
  return sized
    .max(max)
    .refine((v) => !v.includes('\u0000'), NUL_MESSAGE)
    .refine((v) => !LONE_SURROGATE.test(v), SURROGATE_MESSAGE);
}

/** A company code as companies.code's check constraint allows it, e.g. SCB. */
export function companyCode() {
  return z.string().regex(/^[A-Z][A-Z0-9]{1,9}$/, 'must be a company code like SCB');
}

/** An app's slug as apps.slug's check constraint allows it, e.g. figma. */
export function appSlug(message = 'must be an app slug (lowercase letters, digits, "-")') {
  return z.string().regex(/^[a-z0-9][a-z0-9-]{0,79}$/, message);
}

/** An e-mail address as the `employees.email` column holds it (no NUL: the format excludes it). */
export function emailAddress() {
  return z.email().max(320);
}

interface JsonIssue {
  path: (string | number)[];
  message: string;
}

/** The first reason `jsonb` would refuse this value (or our depth limit), with where it is. */
export function jsonProblem(value: unknown, maxDepth = MAX_JSON_DEPTH): JsonIssue | undefined {
  const walk = (node: unknown, path: (string | number)[], depth: number): JsonIssue | undefined => {
    if (typeof node === 'string') {
      const problem = textProblem(node);
      return problem ? { path, message: problem } : undefined;
    }
    if (node === null || typeof node !== 'object') return undefined;
    if (depth > maxDepth) return { path, message: `must not nest deeper than ${maxDepth} levels` };
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        const found = walk(node[i], [...path, i], depth + 1);
        if (found) return found;
      }
      return undefined;
    }
    for (const [key, child] of Object.entries(node)) {
      const keyProblem = textProblem(key);
      if (keyProblem) return { path, message: `keys ${keyProblem}` };
      const found = walk(child, [...path, key], depth + 1);
      if (found) return found;
    }
    return undefined;
  };
  return walk(value, [], 1);
}

/** A JSON object for a `jsonb` column: at most `maxBytes` as JSON, no NUL or lone surrogate in any key or string, nested at most MAX_JSON_DEPTH levels. */
export function boundedJsonObject(maxBytes: number, maxDepth = MAX_JSON_DEPTH) {
  return z.record(z.string(), z.unknown()).superRefine((value, ctx) => {
    const problem = jsonProblem(value, maxDepth);
    if (problem) {
      ctx.addIssue({ code: 'custom', path: problem.path, message: problem.message });
      return;
    }
    if (Buffer.byteLength(JSON.stringify(value)) > maxBytes)
      ctx.addIssue({ code: 'custom', message: `must be at most ${maxBytes} bytes as JSON` });
  });
}

/** A calendar date, YYYY-MM-DD, inside `window` (both ends included). */
export function isoDateWithin(
  window: { earliest: string; latest: string } = DATE_WINDOW,
  message = 'must be a date, YYYY-MM-DD',
) {
  return z.iso
    .date(message)
    .refine((v) => v >= window.earliest, `must not be before ${window.earliest}`)
    .refine((v) => v <= window.latest, `must not be after ${window.latest}`);
}

/**
 * An ISO 8601 date-time with an offset, not before `earliest` and — when `latest` is given — not
 * after what it returns (a function, so a window relative to the clock is read when parsing).
 */
export function isoDateTimeWithin(options: {
  earliest: Date;
  earliestMessage?: string;
  latest?: () => Date;
  latestMessage?: string;
}) {
  const dateTime = z.iso
    .datetime({
      offset: true,
      message: 'must be an ISO 8601 date-time with an offset, e.g. 2026-11-02T09:30:00Z',
    })
    .refine(
      (v) => new Date(v) >= options.earliest,
      options.earliestMessage ?? `must not be before ${options.earliest.toISOString()}`,
    );
  const latest = options.latest;
  if (!latest) return dateTime;
  return dateTime.refine((v) => new Date(v) <= latest(), options.latestMessage ?? 'is too far in the future');
}

/**
 * Text we write only to explain something (a failure reason, a quarantined copy): NUL and lone
 * surrogates become U+FFFD and it is cut at `max` characters, so writing the explanation can never
 * fail on the very character it explains.
 */
export function sanitizeText(text: string, max: number): string {
  let clean = text.replaceAll('\u0000', '\uFFFD').replace(/\p{Surrogate}/gu, '\uFFFD');
  if (clean.length > max) {
    clean = clean.slice(0, max);
    // Do not leave half of a surrogate pair at the cut.
    if (LONE_SURROGATE.test(clean.slice(-1))) clean = clean.slice(0, -1);
  }
  return clean;
}

/**
 * A copy of any JSON value that `jsonb` stores: strings and keys sanitised as by sanitizeText
 * (unbounded), anything nested deeper than `maxDepth` replaced by a note.
 */
export function sanitizeJson(value: unknown, maxDepth = MAX_JSON_DEPTH): unknown {
  const walk = (node: unknown, depth: number): unknown => {
    if (typeof node === 'string') return sanitizeText(node, Number.POSITIVE_INFINITY);
    if (node === null || typeof node !== 'object') return node;
    if (depth > maxDepth) return `[nested deeper than ${maxDepth} levels: left out]`;
    if (Array.isArray(node)) return node.map((child) => walk(child, depth + 1));
    return Object.fromEntries(
      Object.entries(node).map(([key, child]) => [
        sanitizeText(key, Number.POSITIVE_INFINITY),
        walk(child, depth + 1),
      ]),
    );
  };
  return walk(value, 1);
}

/**
 * Whether a database error is about the values of the rows in the statement (SQLSTATE class 22
 * data exception, 23 integrity constraint, 54 program limit such as a too-deep jsonb) — so another
 * statement without the offending row can succeed — rather than about the database itself
 * (connection, lock, resources, a bug in the SQL), which no subset of rows would fix.
 */
export function isValueRefusedByDatabase(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^(22|23|54)[0-9A-Z]{3}$/.test(code);
}
