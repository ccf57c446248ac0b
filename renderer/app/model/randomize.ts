/**
 * The randomization editor's model: the entry that draws a property, a
 * starting distribution for a property that has none, the values episodes
 * 0..n-1 will get (the sampler's own streams, so the preview is exactly
 * what a run draws), and a histogram of them.
 */
import { draw } from '../../../scenes/distributions';
import { canonicalPointer, formatPointer, getAt, parsePointer } from '../../../scenes/pointer';
import { Rng } from '../../../scenes/rng';
import type { ChoiceValue, Distribution, RandomizationEntry } from '../../../scenes/schema/randomization';
import type { SceneDoc } from '../../../scenes/schema/scene';

const ID_GROUPS = new Set(['bodies', 'robots', 'lights', 'cameras']);

/** The entry drawing the property at canonical pointer `pointer`, with its index in the spec. */
export function entryAt(doc: SceneDoc, pointer: string): { entry: RandomizationEntry; index: number } | undefined {
  const index = doc.randomization.findIndex((e) => (canonicalPointer(doc, e.path) ?? e.path) === pointer);
  return index < 0 ? undefined : { entry: doc.randomization[index] as RandomizationEntry, index };
}

/** `pointer` with element indices replaced by ids ("/bodies/2/physics/mass" -> "/bodies/mug/physics/mass"), as presets write them: it keeps naming the element when others are added or deleted. */
export function idPointer(doc: SceneDoc, pointer: string): string {
  const segments: (string | number)[] = parsePointer(pointer);
  const [group, index] = segments;
  if (typeof group === 'string' && ID_GROUPS.has(group) && typeof index === 'string' && /^\d+$/.test(index)) {
    const element = getAt(doc, `/${group}/${index}`);
    const id = element.ok ? (element.value as { id?: unknown }).id : undefined;
    if (typeof id === 'string') segments[1] = id;
  }
  return formatPointer(segments);
}

/** A first distribution for a property whose value is `value`: ±10 % around a number (±0.05 around 0), or the value itself as a choice. */
export function defaultDistribution(value: unknown): Distribution {
  if (typeof value === 'number') {
    const spread = value === 0 ? 0.05 : Math.abs(value) * 0.1;
    const round = (v: number): number => Number(v.toPrecision(6));
    return { type: 'uniform', min: round(value - spread), max: round(value + spread) };
  }
  if (typeof value === 'boolean') return { type: 'choice', values: [true, false] };
  return { type: 'choice', values: [String(value)] };
}

/** A first distribution of `type` for a property whose value is `value`. */
export function defaultOfType(type: Distribution['type'], value: unknown): Distribution {
  const round = (v: number): number => Number(v.toPrecision(6));
  if (type === 'choice' || typeof value !== 'number') {
    const base = defaultDistribution(value);
    return base.type === 'choice' ? base : { type: 'choice', values: [value as number] };
  }
  const spread = value === 0 ? 0.05 : Math.abs(value) * 0.1;
  switch (type) {
    case 'uniform':
      return defaultDistribution(value);
    case 'normal':
      return { type: 'normal', mean: value, std: round(spread / 2) };
    case 'logUniform':
      return value > 0 ? { type: 'logUniform', min: round(value / 2), max: round(value * 2) } : { type: 'logUniform', min: 0.01, max: 1 };
  }
}

/**
 * The values of `path` in episodes 0..count-1 of job seed `jobSeed`: each
 * drawn from the stream keyed by (seed, episode, path), as scenes/sample.ts does.
 */
export function previewValues(entry: RandomizationEntry, jobSeed: number, count: number): ChoiceValue[] {
  return Array.from({ length: count }, (_, i) => draw(entry.dist, Rng.fromKey('property', jobSeed, i, entry.path)));
}

/** A histogram of numbers: `bins` equal bins from the smallest to the largest value. */
export interface Histogram {
  min: number;
  max: number;
  mean: number;
  counts: number[];
}

/** Bins `values` (at least one) into `bins` equal bins over their range. */
export function histogram(values: readonly number[], bins: number): Histogram {
  if (values.length === 0) throw new Error('histogram: no values');
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (const v of values) {
    min = Math.min(min, v);
    max = Math.max(max, v);
    sum += v;
  }
  const counts = new Array<number>(bins).fill(0);
  const width = (max - min) / bins;
  for (const v of values) counts[width > 0 ? Math.min(bins - 1, Math.floor((v - min) / width)) : 0]!++;
  return { min, max, mean: sum / values.length, counts };
}

/** How often each choice came up, in the order of `choices`. */
export function choiceCounts(values: readonly ChoiceValue[], choices: readonly ChoiceValue[]): number[] {
  return choices.map((c) => values.filter((v) => v === c).length);
}
