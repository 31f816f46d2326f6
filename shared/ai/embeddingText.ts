// The canonical texts that get embedded, and their content hash: the similarity job embeds an app
// or a feature again only when this text (or the model) changed.
import { createHash } from 'node:crypto';

export interface EmbeddableFeature {
  name: string;
  description: string | null;
}

export interface EmbeddableApp {
  name: string;
  category: string;
  description: string | null;
  features: readonly EmbeddableFeature[];
}

const clean = (text: string | null | undefined): string => (text ?? '').replace(/\s+/g, ' ').trim();

function sentence(text: string): string {
  const trimmed = clean(text);
  return trimmed === '' || /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/** "Name: description." for a feature (the name alone when it has no description). */
export function featureEmbeddingText(feature: EmbeddableFeature): string {
  const name = clean(feature.name);
  const description = clean(feature.description);
  return description === '' ? sentence(name) : `${name}: ${sentence(description)}`;
}

/** Name, category, description, then each feature: what the app is for, in its catalog's words. */
export function appEmbeddingText(app: EmbeddableApp): string {
  const parts = [
    sentence(app.name),
    sentence(`Category: ${clean(app.category)}`),
    sentence(app.description ?? ''),
    ...app.features.map(featureEmbeddingText),
  ];
  return parts.filter((part) => part !== '').join(' ');
}

/** SHA-256 (hex) of the model and the text: a stored embedding is current while this matches. */
export function contentHash(text: string, model: string): string {
  return createHash('sha256').update(model).update('\n').update(text).digest('hex');
}
