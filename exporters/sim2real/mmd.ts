/**
 * Maximum mean discrepancy (Gretton et al. 2012) with a Gaussian RBF kernel
 * k(x, y) = exp(-gamma |x - y|^2), gamma = 1 / (2 sigma^2), where sigma is
 * the median heuristic: the median Euclidean distance over all pairs of
 * distinct rows of the pooled sample. MMD^2 is the unbiased estimate
 * (within-set sums without the diagonal). The p-value is a permutation
 * test: (1 + #{permuted MMD^2 >= observed}) / (1 + permutations), with
 * seeded permutations of the pooled rows.
 */
import { distances, stackRows, type Matrix } from './matrix';
import { permutation, rngFor } from './sampling';

export interface MmdResult {
  /** Unbiased MMD^2 (unitless; kernel values are in 0..1). */
  mmd2: number;
  /** Median-heuristic bandwidth sigma, in the units of the rows. */
  sigma: number;
  /** 1 / (2 sigma^2). */
  gamma: number;
  pValue: number;
  permutations: number;
}

/** Median of the distances between distinct rows (numpy's median: the mean of the two middle values for an even count). */
export function medianDistance(pooledDistances: Float64Array, n: number): number {
  const pairs = new Float64Array((n * (n - 1)) / 2);
  let k = 0;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) pairs[k++] = pooledDistances[i * n + j]!;
  pairs.sort();
  const mid = pairs.length >> 1;
  return pairs.length % 2 ? pairs[mid]! : (pairs[mid - 1]! + pairs[mid]!) / 2;
}

/** Unbiased MMD^2 of the pooled kernel `k` (n x n) where rows order[0..n1) are the first set and the rest the second. */
export function mmd2Unbiased(k: Float64Array, n: number, n1: number, order?: ArrayLike<number>): number {
  const at = order ?? Int32Array.from({ length: n }, (_, i) => i);
  const n2 = n - n1;
  let xx = 0;
  let yy = 0;
  let xy = 0;
  for (let a = 0; a < n; a++) {
    const row = at[a]! * n;
    for (let b = a + 1; b < n; b++) {
      const v = k[row + at[b]!]!;
      if (b < n1) xx += v;
      else if (a >= n1) yy += v;
      else xy += v;
    }
  }
  return (2 * xx) / (n1 * (n1 - 1)) + (2 * yy) / (n2 * (n2 - 1)) - (2 * xy) / (n1 * n2);
}

/** MMD^2 and its p-value over given permutations of the pooled rows (x first, then y). */
export function mmdWithPermutations(x: Matrix, y: Matrix, permutations: readonly ArrayLike<number>[]): MmdResult {
  if (x.rows < 2 || y.rows < 2) throw new Error(`MMD needs at least 2 samples per set, got ${x.rows} and ${y.rows}`);
  const n = x.rows + y.rows;
  const pooled = stackRows(x, y);
  const d = distances(pooled, pooled);
  const sigma = medianDistance(d, n);
  const gamma = sigma > 0 ? 1 / (2 * sigma * sigma) : 0;
  const k = d.map((v) => Math.exp(-gamma * v * v));
  const observed = mmd2Unbiased(k, n, x.rows);
  let atLeast = 0;
  for (const order of permutations) if (mmd2Unbiased(k, n, x.rows, order) >= observed) atLeast++;
  return { mmd2: observed, sigma, gamma, pValue: (1 + atLeast) / (1 + permutations.length), permutations: permutations.length };
}

/** MMD test with `permutations` seeded permutations (default 200). */
export function mmdTest(x: Matrix, y: Matrix, options: { seed: number; permutations?: number; purpose?: string }): MmdResult {
  const rng = rngFor(options.seed, 'mmd', options.purpose ?? '');
  const n = x.rows + y.rows;
  const perms = Array.from({ length: options.permutations ?? 200 }, () => permutation(rng, n));
  return mmdWithPermutations(x, y, perms);
}
