/**
 * Feature statistics as LeRobot stores them (`compute_stats.py`): per
 * dimension min, max, mean, std, count, q01, q10, q50, q90, q99.
 *
 * Per episode they are exact (the episode is in memory): population std and
 * quantiles by linear interpolation between order statistics (numpy's
 * default, DuckDB's `quantile_cont`), where LeRobot approximates them with a
 * 5000-bin histogram. Across episodes they are merged as LeRobot's
 * `aggregate_stats` does: min of mins, max of maxes, count-weighted mean,
 * the parallel-variance std, and quantiles either count-weighted means of
 * the episodes' quantiles (LeRobot releases up to 0.6.x) or the conservative
 * envelope (min for q01..q50, max for q90, q99) that LeRobot's main branch
 * adopted (huggingface/lerobot#3804). Neither is the exact dataset quantile.
 */
import { floats, type PyJson } from './python-json';

/** Quantile keys and levels, in LeRobot's DEFAULT_QUANTILES order. */
export const QUANTILES = [
  ['q01', 0.01],
  ['q10', 0.1],
  ['q50', 0.5],
  ['q90', 0.9],
  ['q99', 0.99],
] as const;

export type QuantileKey = (typeof QUANTILES)[number][0];

/** Statistic names in the order LeRobot writes them. */
export const STAT_NAMES = ['min', 'max', 'mean', 'std', 'count', 'q01', 'q10', 'q50', 'q90', 'q99'] as const;
export type StatName = (typeof STAT_NAMES)[number];

/** Statistics of one feature; every array has one value per dimension, in the feature's units. */
export interface FeatureStats {
  min: Float64Array;
  max: Float64Array;
  mean: Float64Array;
  /** Population standard deviation (divides by count). */
  std: Float64Array;
  /** Frames the statistics cover. */
  count: number;
  q01: Float64Array;
  q10: Float64Array;
  q50: Float64Array;
  q90: Float64Array;
  q99: Float64Array;
}

/** How quantiles of several episodes combine (see the module comment). */
export type QuantileAggregation = 'count-weighted' | 'envelope';

/**
 * Exact statistics of `frames` rows of `dims` values each, stored row-major
 * in `values` (frames >= 1).
 */
export function computeStats(values: ArrayLike<number>, frames: number, dims: number): FeatureStats {
  const stats = emptyStats(dims, frames);
  const column = new Float64Array(frames);
  for (let d = 0; d < dims; d++) {
    let sum = 0;
    for (let i = 0; i < frames; i++) {
      const v = values[i * dims + d]!;
      column[i] = v;
      sum += v;
    }
    const mean = sum / frames;
    let squares = 0;
    for (let i = 0; i < frames; i++) squares += (column[i]! - mean) ** 2;
    column.sort();
    stats.min[d] = column[0]!;
    stats.max[d] = column[frames - 1]!;
    stats.mean[d] = mean;
    stats.std[d] = Math.sqrt(squares / frames);
    for (const [key, q] of QUANTILES) stats[key][d] = quantileOfSorted(column, q);
  }
  return stats;
}

/** Linear interpolation between the order statistics around position q * (n - 1). */
export function quantileOfSorted(sorted: ArrayLike<number>, q: number): number {
  const position = q * (sorted.length - 1);
  const lower = Math.floor(position);
  const upper = Math.min(lower + 1, sorted.length - 1);
  const a = sorted[lower]!;
  return a + (position - lower) * (sorted[upper]! - a);
}

function emptyStats(dims: number, count: number): FeatureStats {
  const make = () => new Float64Array(dims);
  return { min: make(), max: make(), mean: make(), std: make(), count, q01: make(), q10: make(), q50: make(), q90: make(), q99: make() };
}

/**
 * Merges per-episode statistics of one feature, one episode at a time,
 * in O(dims) memory. Mean and variance use Chan's parallel update, which
 * equals LeRobot's count-weighted formula without its cancellation error.
 */
export class StatsAggregator {
  private count = 0;
  private readonly mean: Float64Array;
  /** Sum of squared deviations from the mean. */
  private readonly m2: Float64Array;
  private readonly min: Float64Array;
  private readonly max: Float64Array;
  /** Count-weighted sums, or envelopes, of each quantile. */
  private readonly quantiles: Record<QuantileKey, Float64Array>;

  constructor(
    private readonly dims: number,
    private readonly quantileAggregation: QuantileAggregation,
  ) {
    const make = () => new Float64Array(dims);
    this.mean = make();
    this.m2 = make();
    this.min = make().fill(Infinity);
    this.max = make().fill(-Infinity);
    this.quantiles = { q01: make(), q10: make(), q50: make(), q90: make(), q99: make() };
  }

  add(stats: FeatureStats): void {
    const first = this.count === 0;
    const n = this.count + stats.count;
    for (let d = 0; d < this.dims; d++) {
      const delta = stats.mean[d]! - this.mean[d]!;
      this.mean[d] = this.mean[d]! + (delta * stats.count) / n;
      this.m2[d] = this.m2[d]! + stats.std[d]! ** 2 * stats.count + (delta * delta * this.count * stats.count) / n;
      this.min[d] = Math.min(this.min[d]!, stats.min[d]!);
      this.max[d] = Math.max(this.max[d]!, stats.max[d]!);
      for (const [key, q] of QUANTILES) {
        const target = this.quantiles[key];
        const value = stats[key][d]!;
        if (this.quantileAggregation === 'count-weighted') target[d] = target[d]! + value * stats.count;
        else if (first) target[d] = value;
        else target[d] = q <= 0.5 ? Math.min(target[d]!, value) : Math.max(target[d]!, value);
      }
    }
    this.count = n;
  }

  /** The merged statistics; undefined before the first episode. */
  result(): FeatureStats | undefined {
    if (this.count === 0) return undefined;
    const out = emptyStats(this.dims, this.count);
    for (let d = 0; d < this.dims; d++) {
      out.min[d] = this.min[d]!;
      out.max[d] = this.max[d]!;
      out.mean[d] = this.mean[d]!;
      out.std[d] = Math.sqrt(Math.max(0, this.m2[d]! / this.count));
      for (const [key] of QUANTILES) {
        const value = this.quantiles[key][d]!;
        out[key][d] = this.quantileAggregation === 'count-weighted' ? value / this.count : value;
      }
    }
    return out;
  }
}

/**
 * One feature's entry in `meta/stats.json`: arrays of floats, count as `[n]`;
 * image statistics (`imageShaped`) as [channels, 1, 1] nested lists, the
 * shape LeRobot keeps for camera features.
 */
export function statsToJson(stats: FeatureStats, imageShaped = false): { [key: string]: PyJson } {
  const out: { [key: string]: PyJson } = {};
  for (const name of STAT_NAMES) {
    if (name === 'count') out[name] = [stats.count];
    else out[name] = imageShaped ? floats(stats[name]).map((v) => [[v]]) : floats(stats[name]);
  }
  return out;
}
