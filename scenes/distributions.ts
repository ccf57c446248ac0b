/** Draws from the distributions of the randomization spec. */
import type { Rng } from './rng';
import { exp, log } from './portable-math';
import type { ChoiceValue, Distribution } from './schema/randomization';

/** A normal without bounds is clamped to mean ± this many standard deviations. */
export const NORMAL_DEFAULT_SPAN_STD = 6;

/** Bounds a normal is clamped to: its own min/max, else mean ± 6 std. */
export function normalBounds(d: Extract<Distribution, { type: 'normal' }>): [number, number] {
  return [d.min ?? d.mean - NORMAL_DEFAULT_SPAN_STD * d.std, d.max ?? d.mean + NORMAL_DEFAULT_SPAN_STD * d.std];
}

/** One draw from `dist` using `rng`. */
export function draw(dist: Distribution, rng: Rng): ChoiceValue {
  switch (dist.type) {
    case 'uniform':
      return dist.min === dist.max ? dist.min : rng.uniform(dist.min, dist.max);
    case 'normal': {
      const [lo, hi] = normalBounds(dist);
      return Math.min(hi, Math.max(lo, dist.mean + dist.std * rng.normal()));
    }
    case 'logUniform': {
      const value = exp(rng.uniform(log(dist.min), log(dist.max)));
      return Math.min(dist.max, Math.max(dist.min, value));
    }
    case 'choice':
      return dist.values[chooseIndex(dist.weights, dist.values.length, rng)] as ChoiceValue;
  }
}

function chooseIndex(weights: readonly number[] | undefined, count: number, rng: Rng): number {
  if (!weights) return rng.int(count);
  const total = weights.reduce((a, b) => a + b, 0);
  let remaining = rng.next() * total;
  for (let i = 0; i < count; i++) {
    remaining -= weights[i] as number;
    if (remaining < 0) return i;
  }
  // Rounding left a sliver: return the last value with positive weight.
  for (let i = count - 1; i >= 0; i--) if ((weights[i] as number) > 0) return i;
  return count - 1;
}

/**
 * Values whose validity implies every draw is valid for a monotone range
 * check: the support's ends, plus one interior non-integer probe so integer
 * fields refuse continuous distributions.
 */
export function probeValues(dist: Distribution): ChoiceValue[] {
  switch (dist.type) {
    case 'uniform':
    case 'logUniform':
      return dist.min === dist.max ? [dist.min] : [dist.min, dist.max, interiorProbe(dist.min, dist.max)];
    case 'normal': {
      const [lo, hi] = normalBounds(dist);
      return lo === hi ? [lo] : [lo, hi, interiorProbe(lo, hi)];
    }
    case 'choice':
      return [...new Set(dist.values)];
  }
}

function interiorProbe(lo: number, hi: number): number {
  const x = lo + (hi - lo) * 0.371;
  return Number.isInteger(x) ? x + (hi - lo) * 1e-3 : x;
}
