// The JD match's skills signal: a match counts by how close it comes to the catalog's best feature
// for the skill, and a feature an app lists late (one it does on the side) counts less than a
// headline feature.
import { describe, expect, it } from 'vitest';
import type { IndexedFeature } from '../../shared/ai/jdMatch/featureIndex';
import { featureWeight, signalByApp } from '../../shared/ai/jdMatch/rankApps';

function unit(values: number[]): Float64Array {
  const norm = Math.hypot(...values);
  return Float64Array.from(values, (v) => v / norm);
}

let nextId = 1;
function feature(appId: number, name: string, vector: number[]): IndexedFeature {
  return { featureId: nextId++, appId, name, vector: unit(vector) };
}

describe('signalByApp', () => {
  it('does not count or show a match far below the best match for the same skill', () => {
    const skill = { label: 'Data analysis', vector: unit([1, 0.3, 0]) };
    const features = [
      feature(1, 'Data visualisation', [1, 0.3, 0]),
      feature(2, 'Multi-factor authentication', [0.3, 0, 1]),
    ];
    const signal = signalByApp([skill], features);
    expect(signal.get(1)?.matches[0]?.feature).toBe('Data visualisation');
    expect(signal.has(2)).toBe(false);
  });

  it('ranks the app made for the job ahead of one that lists the same feature late', () => {
    const skill = { label: 'Online whiteboard', vector: unit([1, 0, 0]) };
    const features = [
      feature(1, 'Online whiteboard', [1, 0, 0]),
      feature(2, 'Video meetings', [0, 1, 0]),
      feature(2, 'Recording', [0, 0.5, 1]),
      feature(2, 'Whiteboard', [1, 0, 0]),
    ];
    const signal = signalByApp([skill], features);
    expect(signal.get(1)!.score).toBeGreaterThan(signal.get(2)!.score);
    expect(featureWeight(0)).toBe(1);
    expect(featureWeight(10)).toBeGreaterThan(0);
  });
});
