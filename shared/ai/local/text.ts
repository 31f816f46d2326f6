// Text normalisation shared by the local provider's embeddings, lexicon and rules: lower case,
// accents folded, "e-mail" → "email", hyphenated compounds joined ("on-call" → "oncall"), then
// word tokens, stop words and a light suffix stemmer (plurals, -ing, -ed, -ation, -ise/-ize), so
// "messaging", "messages" and "message" meet, as do "visualisation" and "visualization".
import { LEXICON } from './data/lexicon';

const STOPWORDS: ReadonlySet<string> = new Set(LEXICON.stopwords);

/** Lower case, accents folded, punctuation to spaces; hyphenated words joined. */
export function normaliseText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[’']/g, '')
    .replace(/&/g, ' and ')
    .replace(/\be-(?=[a-z])/g, 'e')
    .replace(/([a-z0-9])-(?=[a-z0-9])/g, '$1')
    .replace(/[^a-z0-9+#]+/g, ' ')
    .trim();
}

/** The words of a text, normalised, stop words included. */
export function words(text: string): string[] {
  const normalised = normaliseText(text);
  return normalised === '' ? [] : normalised.split(' ');
}

export function isStopword(word: string): boolean {
  return STOPWORDS.has(word);
}

/** A light, deterministic suffix stemmer: enough to meet plural and verb forms, never clever. */
export function stem(word: string): string {
  if (word.length <= 3 || /[0-9+#]/.test(word)) return word;
  let s = word.replace(/(is|iz)(e|ed|es|ing|ation|ations)$/, 'is');
  if (s.endsWith('ies') && s.length > 4) s = `${s.slice(0, -3)}y`;
  else if (s.endsWith('sses')) s = s.slice(0, -2);
  else if (s.endsWith('s') && !/(ss|us|is)$/.test(s) && s.length > 3) s = s.slice(0, -1);
  if (s.endsWith('ations') || s.endsWith('ation')) s = s.replace(/ations?$/, 'at');
  else if (s.endsWith('ing') && s.length > 5) s = undouble(s.slice(0, -3));
  else if (s.endsWith('ed') && s.length > 4) s = undouble(s.slice(0, -2));
  if (s.endsWith('e') && s.length > 4) s = s.slice(0, -1);
  return s;
}

function undouble(s: string): string {
  const last = s.at(-1);
  return last !== undefined && last === s.at(-2) && !'lsz'.includes(last) ? s.slice(0, -1) : s;
}

/** Content words: normalised, stop words removed, stemmed. */
export function contentTokens(text: string): string[] {
  return words(text)
    .filter((word) => !isStopword(word))
    .map(stem);
}
