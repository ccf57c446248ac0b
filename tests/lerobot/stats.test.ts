/** Statistics as LeRobot stores them: exact per episode, merged across episodes. */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../scenes/rng';
import { StatsAggregator, computeStats, quantileOfSorted, statsToJson } from '../../exporters/lerobot/stats';

/** Row-major frames x dims values drawn from a seeded generator. */
function randomValues(seed: number, frames: number, dims: number): Float64Array {
  const rng = Rng.fromKey('stats-test', seed);
  return Float64Array.from({ length: frames * dims }, (_, i) => (i % dims) * 10 + rng.normal() * (1 + (i % dims)));
}

function column(values: Float64Array, dims: number, d: number): number[] {
  return Array.from({ length: values.length / dims }, (_, i) => values[i * dims + d]!);
}

describe('per-episode statistics', () => {
  it('are exact: min, max, mean, population std and linear-interpolated quantiles per dimension', () => {
    const values = randomValues(1, 137, 3);
    const stats = computeStats(values, 137, 3);
    expect(stats.count).toBe(137);
    for (let d = 0; d < 3; d++) {
      const xs = column(values, 3, d);
      const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
      const std = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length);
      const sorted = [...xs].sort((a, b) => a - b);
      expect(stats.min[d]).toBe(sorted[0]);
      expect(stats.max[d]).toBe(sorted[sorted.length - 1]);
      expect(stats.mean[d]).toBeCloseTo(mean, 12);
      expect(stats.std[d]).toBeCloseTo(std, 12);
      // numpy.quantile(xs, 0.5) of an odd count is the middle order statistic.
      expect(stats.q50[d]).toBe(sorted[68]);
    }
  });

  it('interpolate quantiles between order statistics at q * (n - 1), as numpy and DuckDB quantile_cont do', () => {
    expect(quantileOfSorted([0, 10], 0.01)).toBeCloseTo(0.1, 12);
    expect(quantileOfSorted([0, 10, 20, 30], 0.5)).toBe(15);
    expect(quantileOfSorted([1, 2, 3, 4, 5], 0.9)).toBeCloseTo(4.6, 12);
    expect(quantileOfSorted([7], 0.99)).toBe(7);
  });

  it('of a single frame have zero std and quantiles equal to the value (LeRobot writes the mean there)', () => {
    const stats = computeStats(Float32Array.of(2.5, -1), 1, 2);
    expect(Array.from(stats.std)).toEqual([0, 0]);
    expect(Array.from(stats.q01)).toEqual([2.5, -1]);
    expect(Array.from(stats.q99)).toEqual([2.5, -1]);
  });

  it('serialise as LeRobot writes them: arrays per dimension, count as [n], floats with a fractional part', () => {
    const json = statsToJson(computeStats(Float32Array.of(1, 3), 2, 1));
    expect(Object.keys(json)).toEqual(['min', 'max', 'mean', 'std', 'count', 'q01', 'q10', 'q50', 'q90', 'q99']);
    expect(json.count).toEqual([2]);
  });
});

describe('merged statistics', () => {
  const episodes = [
    { values: randomValues(2, 50, 2), frames: 50 },
    { values: randomValues(3, 200, 2), frames: 200 },
    { values: randomValues(4, 90, 2), frames: 90 },
  ];
  const perEpisode = episodes.map((e) => computeStats(e.values, e.frames, 2));
  const all = new Float64Array(episodes.reduce((n, e) => n + e.values.length, 0));
  episodes.reduce((offset, e) => (all.set(e.values, offset), offset + e.values.length), 0);
  const pooled = computeStats(all, 340, 2);

  it('give the pooled min, max, mean and std exactly (the parallel variance formula)', () => {
    const merged = new StatsAggregator(2, 'count-weighted');
    perEpisode.forEach((s) => merged.add(s));
    const result = merged.result()!;
    expect(result.count).toBe(340);
    for (let d = 0; d < 2; d++) {
      expect(result.min[d]).toBe(pooled.min[d]);
      expect(result.max[d]).toBe(pooled.max[d]);
      expect(result.mean[d]).toBeCloseTo(pooled.mean[d]!, 11);
      expect(result.std[d]).toBeCloseTo(pooled.std[d]!, 11);
    }
  });

  it('average quantiles weighted by frame count (LeRobot 0.4-0.6 aggregate_feature_stats)', () => {
    const merged = new StatsAggregator(2, 'count-weighted');
    perEpisode.forEach((s) => merged.add(s));
    const result = merged.result()!;
    for (const key of ['q01', 'q10', 'q50', 'q90', 'q99'] as const) {
      for (let d = 0; d < 2; d++) {
        const expected = perEpisode.reduce((sum, s) => sum + s[key][d]! * s.count, 0) / 340;
        expect(result[key][d]).toBeCloseTo(expected, 11);
      }
    }
  });

  it('or take the envelope: lowest q01..q50 and highest q90, q99 (LeRobot main since #3804)', () => {
    const merged = new StatsAggregator(2, 'envelope');
    perEpisode.forEach((s) => merged.add(s));
    const result = merged.result()!;
    for (let d = 0; d < 2; d++) {
      expect(result.q10[d]).toBe(Math.min(...perEpisode.map((s) => s.q10[d]!)));
      expect(result.q50[d]).toBe(Math.min(...perEpisode.map((s) => s.q50[d]!)));
      expect(result.q99[d]).toBe(Math.max(...perEpisode.map((s) => s.q99[d]!)));
    }
  });

  it('keep their precision when the mean dwarfs the spread', () => {
    const a = computeStats(Float64Array.of(1e6 + 1e-3, 1e6 - 1e-3), 2, 1);
    const b = computeStats(Float64Array.of(1e6 + 3e-3, 1e6 + 1e-3), 2, 1);
    const merged = new StatsAggregator(1, 'count-weighted');
    merged.add(a);
    merged.add(b);
    const pooledStd = computeStats(Float64Array.of(1e6 + 1e-3, 1e6 - 1e-3, 1e6 + 3e-3, 1e6 + 1e-3), 4, 1).std[0]!;
    expect(merged.result()!.std[0]).toBeCloseTo(pooledStd, 9);
  });

  it('are undefined before any episode', () => {
    expect(new StatsAggregator(3, 'count-weighted').result()).toBeUndefined();
  });
});
