// The seeded catalog's apps as the AI tasks see them (AppText), without a database.
import type { AppText } from '../../shared/ai/tasks/judgeOverlap';
import type { AppSpec } from '../seed/catalog';

export function seedAppText(app: AppSpec): AppText {
  return {
    slug: app.slug,
    name: app.name,
    vendor: app.vendor,
    category: app.category,
    description: app.description,
    features: app.features.map(([name, description]) => ({ name, description })),
  };
}

export function seedAppTexts(apps: readonly AppSpec[]): AppText[] {
  return apps.map(seedAppText);
}
