// What an app does, in lexicon concepts: each feature's concepts (from its name, or from its
// description when the name names none), weighted by the feature's place in the catalog's list
// (the first feature is the app's main job), generic extras at a quarter weight. A feature the
// lexicon does not know still counts, under its own normalised name, so two apps listing the same
// unknown feature ("Cycles") still share it.
import type { AppText } from '../tasks/judgeOverlap';
import { conceptLabel, conceptsOf, isGeneric } from './concepts';
import { contentTokens } from './text';

export interface Capability {
  key: string;
  label: string;
  weight: number;
  generic: boolean;
  /** the app's feature names that provide it */
  features: string[];
}

export interface CapabilityProfile {
  byKey: Map<string, Capability>;
  total: number;
  /** the app's main job: the first specific capability of its first features */
  primary: Capability | undefined;
}

const GENERIC_FACTOR = 0.25;

export function featureWeight(position: number): number {
  return Math.max(0.35, 1 - 0.15 * position);
}

function featureKeys(name: string, description: string): { key: string; label: string; generic: boolean }[] {
  // the name says what the feature is; its description is read only when the name is unknown to the
  // lexicon ("Cycles", "Huddles"), never to turn "Jira integration" into issue tracking
  let ids = conceptsOf(name);
  if (ids.length === 0)
    ids = conceptsOf(description)
      .filter((id) => !isGeneric(id))
      .slice(0, 2);
  if (ids.length > 0) return ids.map((id) => ({ key: id, label: conceptLabel(id), generic: isGeneric(id) }));
  const own = contentTokens(name).join(' ');
  return own === '' ? [] : [{ key: `feature:${own}`, label: name, generic: false }];
}

export function capabilityProfile(app: AppText): CapabilityProfile {
  const byKey = new Map<string, Capability>();
  app.features.forEach((feature, position) => {
    for (const { key, label, generic } of featureKeys(feature.name, feature.description)) {
      const weight = featureWeight(position) * (generic ? GENERIC_FACTOR : 1);
      const existing = byKey.get(key);
      if (existing) {
        existing.weight = Math.max(existing.weight, weight);
        if (!existing.features.includes(feature.name)) existing.features.push(feature.name);
      } else {
        byKey.set(key, { key, label, weight, generic, features: [feature.name] });
      }
    }
  });
  const total = [...byKey.values()].reduce((sum, capability) => sum + capability.weight, 0);
  const primary = [...byKey.values()].find((capability) => !capability.generic);
  return { byKey, total, primary };
}
