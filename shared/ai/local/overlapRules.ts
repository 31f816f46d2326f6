// The local provider's overlap judgement. Two apps overlap when they share capabilities that matter:
//   same-job  both have the same main job (their first specific capability), or each app's main job is something the other does, and the shared capabilities carry
//             at least 45 % of each app's weight — or 70 % of each, whatever the main jobs;
//   partial   one app's main job is something the other does, or the shared capabilities carry at
//             least 40 % of each, or the texts are nearly identical (similarity) and share something;
//   different otherwise (complementary tools, or only generic extras like integrations in common).
// The rationale names the shared capabilities and what sets the apps apart, in plain words.
import type { AppText, JudgeOverlapInput, JudgeOverlapOutput, OverlapVerdict } from '../tasks/judgeOverlap';
import { capabilityProfile, type Capability, type CapabilityProfile } from './capabilities';
import { concept } from './concepts';

export const OVERLAP_RULES = {
  sameJobCoverageWithMainJobs: 0.45,
  sameJobCoverage: 0.7,
  partialCoverage: 0.4,
  /** texts this similar share a job even when the lexicon does not know their words */
  nearDuplicateSimilarity: 0.8,
} as const;

interface Comparison {
  shared: Capability[];
  coverageA: number;
  coverageB: number;
  aMainInB: boolean;
  bMainInA: boolean;
  /** both apps are bought for the same main job (Slack and Teams: team chat) */
  sameMainJob: boolean;
}

function compare(a: CapabilityProfile, b: CapabilityProfile): Comparison {
  const shared = [...a.byKey.values()].filter((capability) => b.byKey.has(capability.key));
  const sharedWeight = (profile: CapabilityProfile) =>
    shared.reduce((sum, capability) => sum + (profile.byKey.get(capability.key)?.weight ?? 0), 0);
  return {
    shared,
    coverageA: a.total === 0 ? 0 : sharedWeight(a) / a.total,
    coverageB: b.total === 0 ? 0 : sharedWeight(b) / b.total,
    aMainInB: a.primary !== undefined && b.byKey.has(a.primary.key),
    bMainInA: b.primary !== undefined && a.byKey.has(b.primary.key),
    sameMainJob: a.primary !== undefined && a.primary.key === b.primary?.key,
  };
}

function verdictOf(comparison: Comparison, similarity: number): OverlapVerdict {
  const { coverageA, coverageB, aMainInB, bMainInA, shared } = comparison;
  const least = Math.min(coverageA, coverageB);
  const specific = shared.filter((capability) => !capability.generic);
  if (specific.length === 0) {
    return similarity >= OVERLAP_RULES.nearDuplicateSimilarity ? 'partial' : 'different';
  }
  if (comparison.sameMainJob) return 'same-job';
  if (aMainInB && bMainInA && least >= OVERLAP_RULES.sameJobCoverageWithMainJobs) return 'same-job';
  if (least >= OVERLAP_RULES.sameJobCoverage) return 'same-job';
  if (aMainInB || bMainInA || least >= OVERLAP_RULES.partialCoverage) return 'partial';
  if (similarity >= OVERLAP_RULES.nearDuplicateSimilarity) return 'partial';
  return 'different';
}

export function joinList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

function tools(capability: Capability | undefined): string | undefined {
  if (!capability) return undefined;
  return concept(capability.key)?.tools;
}

function mainJob(profile: CapabilityProfile): string {
  return profile.primary?.label ?? 'other work';
}

function extras(profile: CapabilityProfile, other: CapabilityProfile, limit: number): string[] {
  return [...profile.byKey.values()]
    .filter((capability) => !capability.generic && !other.byKey.has(capability.key))
    .slice(0, limit)
    .map((capability) => capability.label);
}

function rationale(
  verdict: OverlapVerdict,
  similarity: number,
  a: AppText,
  b: AppText,
  pa: CapabilityProfile,
  pb: CapabilityProfile,
  comparison: Comparison,
): string {
  const specific = comparison.shared.filter((capability) => !capability.generic);
  const labels = specific.map((capability) => capability.label);
  const extrasA = extras(pa, pb, 2);
  const extrasB = extras(pb, pa, 2);
  const differences = [
    extrasA.length > 0 ? `${a.name} also offers ${joinList(extrasA)}` : '',
    extrasB.length > 0 ? `${b.name} also offers ${joinList(extrasB)}` : '',
  ].filter((part) => part !== '');
  const tail = differences.length > 0 ? ` ${differences.join('; ')}.` : '';
  if (verdict === 'same-job') {
    const samePrimary = pa.primary?.key === pb.primary?.key;
    const kind = tools(pa.primary);
    if (labels.length >= 4 && a.category === b.category) {
      return `Both are ${a.category.toLowerCase()} suites covering ${joinList(labels)}.${tail}`;
    }
    if (samePrimary && kind) {
      const more = labels.length > 1 ? `: ${joinList(labels)}` : '';
      return `Both are ${kind}${more}.${tail}`;
    }
    return `Both do the same job: ${joinList(labels)}.${tail}`;
  }
  if (verdict === 'partial') {
    if (labels.length === 0) {
      return `Their catalog texts are nearly identical (similarity ${similarity.toFixed(2)}), though no listed capability matches exactly.`;
    }
    const covered =
      comparison.aMainInB && !comparison.bMainInA
        ? [a, b, pa]
        : comparison.bMainInA && !comparison.aMainInB
          ? [b, a, pb]
          : undefined;
    if (covered) {
      const [main, other, profile] = covered as [AppText, AppText, CapabilityProfile];
      const job = mainJob(profile);
      const shared = labels.length === 1 && labels[0] === job ? '' : `; they share ${joinList(labels)}`;
      return `Partial overlap: ${other.name} also covers ${job}, the main job of ${main.name}${shared}.${tail}`;
    }
    return `Partial overlap: both offer ${joinList(labels)}, but ${a.name} is mainly for ${mainJob(pa)} and ${b.name} for ${mainJob(pb)}.`;
  }
  const jobs = `${a.name} is for ${mainJob(pa)}, ${b.name} for ${mainJob(pb)}`;
  if (labels.length > 0) return `Different jobs: ${jobs}; they only share ${joinList(labels)}.`;
  const generic = comparison.shared.map((capability) => capability.label);
  if (generic.length > 0)
    return `Different jobs: ${jobs}; they only share generic extras (${joinList(generic)}).`;
  return `Different jobs: ${jobs}.`;
}

/** The names of the shared capabilities, as app A's features call them. */
function sharedFeatureNames(comparison: Comparison): string[] {
  const names: string[] = [];
  for (const capability of comparison.shared) {
    if (capability.generic) continue;
    for (const name of capability.features) if (!names.includes(name)) names.push(name);
  }
  for (const capability of comparison.shared) {
    if (!capability.generic) continue;
    for (const name of capability.features) if (!names.includes(name)) names.push(name);
  }
  return names.slice(0, 20);
}

export function judgeOverlapLocally(input: JudgeOverlapInput): JudgeOverlapOutput {
  const pa = capabilityProfile(input.a);
  const pb = capabilityProfile(input.b);
  const comparison = compare(pa, pb);
  const verdict = verdictOf(comparison, input.similarity);
  return {
    verdict,
    sharedFeatures: sharedFeatureNames(comparison),
    rationale: rationale(verdict, input.similarity, input.a, input.b, pa, pb, comparison).slice(0, 600),
  };
}
