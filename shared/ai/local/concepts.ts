// The lexicon as a matcher: phrases of each concept are normalised and stemmed like any text, and a
// text's content tokens are scanned left to right taking the longest phrase that starts at each
// token, so "live chat" is live chat and not team chat, "ai code completion" not an IDE's completion.
import { LEXICON, type ConceptEntry } from './data/lexicon';
import { contentTokens } from './text';

interface Phrase {
  tokens: readonly string[];
  concept: string;
}

const CONCEPTS: ReadonlyMap<string, ConceptEntry> = new Map(
  LEXICON.concepts.map((entry) => [entry.id, entry]),
);

/** phrases by their first token, longest first; a phrase named by two concepts keeps the first */
const PHRASES: ReadonlyMap<string, readonly Phrase[]> = (() => {
  const byFirst = new Map<string, Phrase[]>();
  const seen = new Set<string>();
  for (const entry of LEXICON.concepts) {
    for (const term of entry.terms) {
      const tokens = contentTokens(term);
      const key = tokens.join(' ');
      const first = tokens[0];
      if (first === undefined || seen.has(key)) continue;
      seen.add(key);
      const list = byFirst.get(first) ?? [];
      list.push({ tokens, concept: entry.id });
      byFirst.set(first, list);
    }
  }
  for (const list of byFirst.values()) list.sort((a, b) => b.tokens.length - a.tokens.length);
  return byFirst;
})();

export interface ConceptMatch {
  concept: string;
  /** the content tokens it covered */
  start: number;
  end: number;
}

/** The concepts named in already-tokenised content (contentTokens), in order of appearance. */
export function matchConceptTokens(tokens: readonly string[]): ConceptMatch[] {
  const matches: ConceptMatch[] = [];
  let i = 0;
  while (i < tokens.length) {
    const candidates = PHRASES.get(tokens[i] ?? '') ?? [];
    const hit = candidates.find((phrase) => phrase.tokens.every((token, k) => tokens[i + k] === token));
    if (hit) {
      matches.push({ concept: hit.concept, start: i, end: i + hit.tokens.length });
      i += hit.tokens.length;
    } else {
      i += 1;
    }
  }
  return matches;
}

/** The distinct concepts a text names, in order of first appearance. */
export function conceptsOf(text: string): string[] {
  return [...new Set(matchConceptTokens(contentTokens(text)).map((match) => match.concept))];
}

export function concept(id: string): ConceptEntry | undefined {
  return CONCEPTS.get(id);
}

export function conceptLabel(id: string): string {
  return CONCEPTS.get(id)?.label ?? id;
}

export function isGeneric(id: string): boolean {
  return CONCEPTS.get(id)?.generic === true;
}

/** The wider concepts a concept implies, transitively (interactive dashboards → dashboards). */
export function broaderConcepts(id: string): string[] {
  const found: string[] = [];
  const queue = [...(CONCEPTS.get(id)?.broader ?? [])];
  while (queue.length > 0) {
    const next = queue.shift() as string;
    if (next === id || found.includes(next)) continue;
    found.push(next);
    queue.push(...(CONCEPTS.get(next)?.broader ?? []));
  }
  return found;
}
