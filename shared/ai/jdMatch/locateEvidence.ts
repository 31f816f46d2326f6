// Where each extracted item's quote sits in the job description. Offsets are computed here, never
// taken from whoever extracted: an exact match first, then one that ignores case and runs of
// whitespace (a model may re-wrap lines). An item whose quote is not in the text is dropped, so a
// model cannot invent evidence.
import type { ExtractedItem } from './jdMatchContract';

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function locateQuote(text: string, quote: string): { start: number; end: number } | null {
  const trimmed = quote.trim();
  if (trimmed === '') return null;
  const exact = text.indexOf(trimmed);
  if (exact >= 0) return { start: exact, end: exact + trimmed.length };
  const pattern = new RegExp(trimmed.split(/\s+/).map(escape).join('\\s+'), 'iu');
  const loose = pattern.exec(text);
  return loose ? { start: loose.index, end: loose.index + loose[0].length } : null;
}

/** The items whose quotes are in the text, with offsets and the quote as the text has it. */
export function locateEvidence(
  text: string,
  items: readonly { label: string; concept?: string | null; quote: string }[],
): ExtractedItem[] {
  const out: ExtractedItem[] = [];
  for (const item of items) {
    const at = locateQuote(text, item.quote);
    if (!at) continue;
    out.push({
      label: item.label,
      ...(item.concept ? { concept: item.concept } : {}),
      quote: text.slice(at.start, at.end),
      start: at.start,
      end: at.end,
    });
  }
  return out;
}
