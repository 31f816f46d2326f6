// What an embedding call may carry: at most 2,048 inputs, each at most 8,191 tokens. Tokens are
// bounded without a tokenizer: a token of the text-embedding-3 models' encoding is at least one
// UTF-8 byte, so a text of at most 8,191 bytes is at most 8,191 tokens, whatever its script. That
// is conservative for English (about four bytes a token) and is far above what a catalog entry holds.
export const MAX_EMBEDDING_INPUTS_PER_CALL = 2_048;
export const MAX_EMBEDDING_INPUT_TOKENS = 8_191;

/** The text cut to at most `maxBytes` UTF-8 bytes, on a character boundary. */
export function truncateToTokenLimit(text: string, maxBytes = MAX_EMBEDDING_INPUT_TOKENS): string {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
  const bytes = Buffer.from(text, 'utf8');
  let end = maxBytes;
  // back off continuation bytes (10xxxxxx) so a character is never cut in half
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end).toString('utf8');
}

/** The service refuses an empty input; an empty or blank text is embedded as one space. */
export function embeddingInput(text: string): string {
  const cut = truncateToTokenLimit(text);
  return cut.trim() === '' ? ' ' : cut;
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

/** The vector scaled to length 1; a zero or non-finite vector is an error, not a silent zero. */
export function unitLength(vector: readonly number[]): number[] {
  let sum = 0;
  for (const x of vector) sum += x * x;
  const norm = Math.sqrt(sum);
  if (!Number.isFinite(norm) || norm === 0) throw new Error('the embedding is a zero or non-finite vector');
  return vector.map((x) => x / norm);
}
