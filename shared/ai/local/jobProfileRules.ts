// The local provider's reading of a job description. Skills: the lexicon concepts it names (short
// forms such as "BI" or "ML" expanded first), quoted with the words that named them. Tasks: the
// responsibility bullets and "you will …" sentences, quoted whole. Quotes are exact slices of the
// text, so the evidence a reason points at is always there to highlight.
import type { ExtractJobProfileInput, ExtractJobProfileOutput } from '../tasks/extractJobProfile';
import { conceptLabel, isGeneric, matchConceptTokens } from './concepts';
import { LEXICON } from './data/lexicon';
import { contentTokens } from './text';

/** at most this many of each, so a pasted novel does not turn into a hundred reasons */
export const MAX_SKILLS = 25;
export const MAX_TASKS = 15;

interface Located {
  token: string;
  start: number;
  end: number;
}

const ABBREVIATIONS: ReadonlyMap<string, string> = new Map(
  Object.entries(LEXICON.skillAbbreviations).map(([short, long]) => [short.toLowerCase(), long]),
);

/** A word of the original text, with hyphens, apostrophes and "+"/"#" kept (C++, C#, on-call). */
const WORD = /[\p{L}\p{N}+#]+(?:[-'’.][\p{L}\p{N}+#]+)*/gu;

/** The description's content tokens with the character span each came from. */
function locatedTokens(text: string): Located[] {
  const out: Located[] = [];
  for (const match of text.matchAll(WORD)) {
    const start = match.index;
    const end = start + match[0].length;
    const expansion = ABBREVIATIONS.get(match[0].toLowerCase());
    // "BI" → business intelligence: every expanded token points at the short form it came from
    const tokens = contentTokens(expansion ?? match[0]);
    for (const token of tokens) out.push({ token, start, end });
  }
  return out;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * Data work a description names beside "dashboards" or "reports": with any of them the dashboards
 * are business intelligence (a BI tool's job), without them they stay generic (every project tool
 * has a dashboard).
 */
const DATA_CONTEXT: ReadonlySet<string> = new Set([
  'sql',
  'data-analysis',
  'data-warehouse',
  'data-engineering',
  'data-science',
  'data-prep',
  'data-visualisation',
  'sql-transformations',
  'semantic-model',
  'elt',
]);
const GENERIC_IN_DATA_CONTEXT: ReadonlyMap<string, string> = new Map([['dashboards', 'bi-dashboards']]);

function skillsOf(text: string): ExtractJobProfileOutput['skills'] {
  const located = locatedTokens(text);
  const matches = matchConceptTokens(located.map((l) => l.token));
  const dataContext = matches.some((m) => DATA_CONTEXT.has(m.concept));
  const seen = new Set<string>();
  const skills: ExtractJobProfileOutput['skills'] = [];
  for (const match of matches) {
    // generic extras (integrations, templates) name no job and would point at every app; in a data
    // description "dashboards and reports" is the BI work itself
    const concept =
      dataContext && GENERIC_IN_DATA_CONTEXT.has(match.concept)
        ? GENERIC_IN_DATA_CONTEXT.get(match.concept)!
        : match.concept;
    if (seen.has(concept) || isGeneric(concept)) continue;
    seen.add(concept);
    const start = located[match.start]?.start ?? 0;
    const end = located[match.end - 1]?.end ?? start;
    skills.push({
      label: capitalise(conceptLabel(concept)),
      concept,
      quote: text.slice(start, end),
    });
    if (skills.length >= MAX_SKILLS) break;
  }
  return skills;
}

const BULLET = /^\s*(?:[-*•·▪–]|\d{1,2}[.)])\s+/;
const RESPONSIBILITY_HEADING =
  /(responsib|what you(?:'|’)?ll do|what you will do|you will|your role|the role|duties|day[- ]to[- ]day|your impact|tasks)/i;
const REQUIREMENT_HEADING =
  /(requirement|qualification|what you bring|you have|about you|skills|experience|nice to have|bonus|we offer|benefits|who you are)/i;
const RESPONSIBILITY_CUE =
  /\b(you will|you(?:'|’)ll|responsible for|in charge of|your job is to|you own|day[- ]to[- ]day you)\b/i;

interface Span {
  start: number;
  end: number;
}

/** Trim a span of whitespace, bullet markers and trailing punctuation. */
function trimSpan(text: string, span: Span): Span {
  let { start, end } = span;
  const bullet = BULLET.exec(text.slice(start, end));
  if (bullet) start += bullet[0].length;
  while (start < end && /\s/.test(text[start] ?? '')) start += 1;
  while (end > start && /[\s.;,:]/.test(text[end - 1] ?? '')) end -= 1;
  return { start, end };
}

/** Sentences of a line, as spans of the original text. */
function sentences(text: string, line: Span): Span[] {
  const out: Span[] = [];
  let from = line.start;
  const body = text.slice(line.start, line.end);
  for (const stop of body.matchAll(/[.!?;](?=\s|$)/g)) {
    const end = line.start + stop.index + 1;
    out.push({ start: from, end });
    from = end;
  }
  if (from < line.end) out.push({ start: from, end: line.end });
  return out;
}

function taskLabel(quote: string): string {
  const cut = quote
    .replace(
      /^(?:as .{1,60}?,\s*)?(?:you will|you(?:'|’)ll|you are responsible for|responsible for|in charge of)\s+/i,
      '',
    )
    .replace(/\s+/g, ' ')
    .trim();
  const short = cut.length > 120 ? `${cut.slice(0, 117).trimEnd()}…` : cut;
  return capitalise(short);
}

function tasksOf(text: string): ExtractJobProfileOutput['tasks'] {
  const lines: Span[] = [];
  let offset = 0;
  for (const line of text.split('\n')) {
    lines.push({ start: offset, end: offset + line.length });
    offset += line.length + 1;
  }
  const chosen: Span[] = [];
  let section: 'responsibilities' | 'requirements' | 'other' = 'other';
  for (const line of lines) {
    const raw = text.slice(line.start, line.end);
    if (raw.trim() === '') continue;
    const isBullet = BULLET.test(raw);
    // a short line without a full stop that is not a bullet is a heading: it sets the section
    if (!isBullet && raw.trim().length <= 60 && !/[.!?]\s*$/.test(raw.trim())) {
      section = REQUIREMENT_HEADING.test(raw)
        ? 'requirements'
        : RESPONSIBILITY_HEADING.test(raw)
          ? 'responsibilities'
          : 'other';
      continue;
    }
    if (isBullet && section === 'responsibilities') {
      chosen.push(line);
      continue;
    }
    if (isBullet && section === 'requirements') continue;
    for (const sentence of sentences(text, line)) {
      const words = text.slice(sentence.start, sentence.end);
      if (RESPONSIBILITY_CUE.test(words) || (isBullet && section === 'other')) chosen.push(sentence);
    }
  }
  const tasks: ExtractJobProfileOutput['tasks'] = [];
  const seen = new Set<string>();
  for (const span of chosen) {
    const { start, end } = trimSpan(text, span);
    const quote = text.slice(start, end);
    if (quote.length < 8 || seen.has(quote)) continue;
    seen.add(quote);
    tasks.push({ label: taskLabel(quote), quote });
    if (tasks.length >= MAX_TASKS) break;
  }
  return tasks;
}

export function extractJobProfileLocally(input: ExtractJobProfileInput): ExtractJobProfileOutput {
  return { skills: skillsOf(input.jobDescription), tasks: tasksOf(input.jobDescription) };
}
