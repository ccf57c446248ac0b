/**
 * Seeded and deterministic index choices shared by the statistics (subsets,
 * permutations, bootstrap resamples). Randomness comes only from
 * scenes/rng.ts, keyed by the caller's seed and a purpose string, so each
 * statistic's draws are independent of the others and of call order.
 */
import { Rng, type KeyPart } from '../../scenes/rng';

/** `m` distinct indices of 0..n-1 (a partial Fisher-Yates shuffle), in draw order. */
export function sampleWithoutReplacement(rng: Rng, n: number, m: number): Int32Array {
  if (m > n) throw new Error(`cannot draw ${m} of ${n} without replacement`);
  const pool = new Int32Array(n);
  for (let i = 0; i < n; i++) pool[i] = i;
  for (let i = 0; i < m; i++) {
    const j = i + rng.int(n - i);
    const t = pool[i]!;
    pool[i] = pool[j]!;
    pool[j] = t;
  }
  return pool.slice(0, m);
}

/** A uniformly random permutation of 0..n-1. */
export function permutation(rng: Rng, n: number): Int32Array {
  return sampleWithoutReplacement(rng, n, n);
}

/** `n` indices of 0..n-1 drawn with replacement (a bootstrap resample). */
export function resample(rng: Rng, n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.int(n);
  return out;
}

/** A generator for one statistic: keyed by the report seed and the statistic's name. */
export function rngFor(seed: number, ...purpose: KeyPart[]): Rng {
  return Rng.fromKey('sim2real', seed, ...purpose);
}

/**
 * At most `m` of the indices 0..n-1, evenly spaced and in order (no
 * randomness): index floor((k + 0.5) * n / m) for k = 0..m-1; all of them
 * when n <= m.
 */
export function evenlySpaced(n: number, m: number): number[] {
  if (n <= m) return Array.from({ length: n }, (_, i) => i);
  return Array.from({ length: m }, (_, k) => Math.floor(((k + 0.5) * n) / m));
}
