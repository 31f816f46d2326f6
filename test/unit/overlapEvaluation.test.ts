// The labelled overlap set and `npm run eval:ai`'s arithmetic: the set names real catalog apps, once
// each pair, with a reason; the local provider keeps its F1 above the target on it.
import { describe, expect, it } from 'vitest';
import { createLocalAiProvider } from '../../shared/ai/local/localAiProvider';
import { evaluateOverlaps, loadLabelledPairs, score, TARGET_F1 } from '../../scripts/eval/ai';
import { seedAppTexts } from '../../scripts/ai/seedAppTexts';
import { APPS } from '../../scripts/seed/catalog';

describe('the labelled overlap set', () => {
  const pairs = loadLabelledPairs();

  it('holds at least 120 pairs of seeded apps, both kinds, each once and with a note', () => {
    const slugs = new Set(APPS.map((app) => app.slug));
    expect(pairs.length).toBeGreaterThanOrEqual(120);
    expect(pairs.filter((pair) => pair.overlap).length).toBeGreaterThanOrEqual(50);
    expect(pairs.filter((pair) => !pair.overlap).length).toBeGreaterThanOrEqual(50);
    const seen = new Set<string>();
    for (const pair of pairs) {
      expect(slugs.has(pair.a), pair.a).toBe(true);
      expect(slugs.has(pair.b), pair.b).toBe(true);
      expect(pair.a).not.toBe(pair.b);
      expect(pair.note.length).toBeGreaterThan(5);
      const key = [pair.a, pair.b].sort().join(' × ');
      expect(seen.has(key), key).toBe(false);
      seen.add(key);
    }
  });

  it('is judged by the local provider at or above the target F1', async () => {
    const evaluation = await evaluateOverlaps(createLocalAiProvider(), pairs, seedAppTexts(APPS));
    expect(evaluation.provider).toBe('local');
    expect(evaluation.pairs).toHaveLength(pairs.length);
    expect(evaluation.scores.f1).toBeGreaterThanOrEqual(TARGET_F1);
    expect(evaluation.neighbourRecall.find(({ k }) => k === 10)?.recall).toBeGreaterThanOrEqual(0.95);
  });
});

describe('scoring', () => {
  it('counts the confusion matrix and derives precision, recall and F1', () => {
    const scores = score([true, true, true, false, false], [true, true, false, true, false]);
    expect(scores).toMatchObject({
      truePositives: 2,
      falseNegatives: 1,
      falsePositives: 1,
      trueNegatives: 1,
    });
    expect(scores.precision).toBeCloseTo(2 / 3);
    expect(scores.recall).toBeCloseTo(2 / 3);
    expect(scores.f1).toBeCloseTo(2 / 3);
    expect(score([false], [false]).f1).toBe(0);
  });
});
