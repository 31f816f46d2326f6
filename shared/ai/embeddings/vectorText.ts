// pgvector's text form: '[0.1,0.2,...]' both ways (the columns travel as text through node-postgres).
export function toVectorText(vector: readonly number[]): string {
  return `[${vector.map((v) => (Number.isFinite(v) ? String(v) : '0')).join(',')}]`;
}

export function fromVectorText(text: string): number[] {
  const inner = text.trim().replace(/^\[/, '').replace(/\]$/, '');
  return inner ? inner.split(',').map(Number) : [];
}
