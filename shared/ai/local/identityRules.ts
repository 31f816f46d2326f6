// Is a name seen in usage logs ("MS Teams", "slack.com", "Adobe Acrobat Pro DC", "zoom-us") the
// catalog app it resembles? Both names are reduced to product tokens: lower case, domain endings,
// versions and punctuation dropped, abbreviations expanded from the lexicon (ms → microsoft, gws →
// google workspace), edition words removed (pro, enterprise, dc, desktop…). They are the same
// product when the two names then read the same (written together or apart: "bamboo hr" is
// BambooHR), or when
//   - the seen name names the product, not only an umbrella vendor ("Microsoft" alone is not Teams),
//   - a distinctive word of the candidate's name is among its words,
//   - and it has no product word the candidate lacks ("Microsoft 365 Copilot" is not Microsoft 365 E3).
import type { AppText } from '../tasks/judgeOverlap';
import { LEXICON } from './data/lexicon';

export interface IdentityVerdict {
  sameProduct: boolean;
  rationale: string;
}

const EDITION_WORDS: ReadonlySet<string> = new Set(LEXICON.editionWords);
const UMBRELLA_VENDORS: ReadonlySet<string> = new Set(LEXICON.umbrellaVendors);
const DOMAIN_NOISE: ReadonlySet<string> = new Set(LEXICON.domainNoise);
const ABBREVIATIONS: ReadonlyMap<string, string[]> = new Map(
  Object.entries(LEXICON.abbreviations).map(([short, long]) => [short, long.split(' ')]),
);
const LONGEST_ABBREVIATION = Math.max(...[...ABBREVIATIONS.keys()].map((key) => key.split(' ').length));

function rawTokens(name: string): string[] {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/^[a-z]+:\/\//, '')
    .replace(/[^a-z0-9+]+/g, ' ')
    .trim()
    .split(' ')
    .filter((token) => token !== '');
}

/** Abbreviations expanded in one pass, longest first at each position (never re-expanded). */
function expand(tokens: readonly string[]): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < tokens.length) {
    let taken = 0;
    for (let n = Math.min(LONGEST_ABBREVIATION, tokens.length - i); n >= 1 && taken === 0; n -= 1) {
      const long = ABBREVIATIONS.get(tokens.slice(i, i + n).join(' '));
      if (long) {
        out.push(...long);
        taken = n;
      }
    }
    if (taken === 0) {
      out.push(tokens[i] as string);
      taken = 1;
    }
    i += taken;
  }
  return out;
}

const isVersion = (token: string) => /^v?\d+(\.\d+)*$/.test(token) && !/^\d{3}$/.test(token);

/** The words of a name without domain noise and versions ("365" stays: it is part of names). */
function nameWords(name: string): string[] {
  const tokens = rawTokens(name);
  const words = tokens.filter(
    (token) => !isVersion(token) && !(DOMAIN_NOISE.has(token) && tokens.length > 1),
  );
  return expand(words);
}

const withoutEditions = (tokens: readonly string[]) => tokens.filter((token) => !EDITION_WORDS.has(token));
const joined = (tokens: readonly string[]) => tokens.join('');

/**
 * A name seen in logs written out for an embedding lookup: abbreviations expanded ("ms teams" →
 * "microsoft teams"), domain noise and versions dropped, edition words kept ("acrobat pro dc").
 */
export function seenNameWords(name: string): string[] {
  return nameWords(name);
}

/** Product tokens of a name seen in logs: domain noise, versions and edition words removed. */
export function seenNameTokens(name: string): string[] {
  return [...new Set(withoutEditions(nameWords(name)))];
}

export function confirmIdentityLocally(seenName: string, candidate: AppText): IdentityVerdict {
  const label = `"${seenName}"`;
  const seenFull = nameWords(seenName);
  const seen = [...new Set(withoutEditions(seenFull))];
  const nameFull = nameWords(candidate.name);
  const name = withoutEditions(nameFull);
  const vendor = rawTokens(candidate.vendor).filter((token) => !DOMAIN_NOISE.has(token));
  if (seen.length === 0) {
    return {
      sameProduct: false,
      rationale: `${label} has no product name left once editions and domains are removed.`,
    };
  }
  const sameWords =
    joined(seenFull) === joined(nameFull) || (name.length > 0 && joined(seen) === joined(name));
  if (sameWords)
    return { sameProduct: true, rationale: `${label} is ${candidate.name} written differently.` };

  // words that identify the product: not an umbrella vendor's name; the vendor's own name counts when
  // it is the brand too ("Zoom Workplace" by Zoom Communications)
  let identifying = name.filter((token) => !UMBRELLA_VENDORS.has(token));
  if (identifying.length === 0) identifying = nameFull.filter((token) => !UMBRELLA_VENDORS.has(token));
  const known = new Set([...nameFull, ...vendor]);
  const matched = seen.filter((token) => identifying.includes(token));
  if (matched.length === 0) {
    const onlyVendor = seen.every((token) => vendor.includes(token) || UMBRELLA_VENDORS.has(token));
    return {
      sameProduct: false,
      rationale: onlyVendor
        ? `${label} names the vendor ${candidate.vendor}, not which of its products: ${candidate.name} is one of several.`
        : `${label} does not name ${candidate.name}: no product word in common.`,
    };
  }
  const extra = seen.filter((token) => !known.has(token));
  if (extra.length > 0) {
    return {
      sameProduct: false,
      rationale: `${label} shares "${matched.join(' ')}" with ${candidate.name} but also names "${extra.join(' ')}", which ${candidate.name} is not.`,
    };
  }
  const rest = seen.length > matched.length ? '; the rest is the vendor' : '';
  return {
    sameProduct: true,
    rationale: `${label} names ${candidate.name} by ${candidate.vendor}: "${matched.join(' ')}" matches${rest}.`,
  };
}
