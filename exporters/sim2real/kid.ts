/**
 * Kernel Inception Distance (Binkowski et al. 2018, "Demystifying MMD GANs"),
 * computed in any feature space: the unbiased estimate of MMD^2 with the
 * cubic polynomial kernel k(x, y) = (x.y / d + 1)^3, averaged over random
 * subsets of equal size drawn without replacement from each set (as
 * torch-fidelity and clean-fid do), reported as the mean and the population
 * standard deviation over subsets. Unitless (feature units squared, cubed
 * kernel). A report names it with its feature space, e.g.
 * "KID[random-cnn-features]"; it is not computed on Inception features.
 */
import { innerProducts, type Matrix } from './matrix';
import { rngFor, sampleWithoutReplacement } from './sampling';

export interface KidResult {
  /** Mean over subsets of the unbiased MMD^2. */
  mean: number;
  /** Population standard deviation over subsets (numpy's std, ddof 0). */
  std: number;
  subsets: number;
  /** Samples drawn from each set per subset. */
  subsetSize: number;
}

export interface KidOptions {
  /** Report seed; the subsets are drawn from a stream keyed by it. */
  seed: number;
  /** Subsets (default 100, as torch-fidelity). */
  subsets?: number;
  /** Largest subset size (default 1000, as torch-fidelity); the size used is min(this, floor(min(n_x, n_y) / 2)), at least 2. */
  maxSubsetSize?: number;
}

/** One subset: row indices into x and into y (the same count). */
export interface KidSubset {
  x: ArrayLike<number>;
  y: ArrayLike<number>;
}

/** The cubic polynomial kernel between all rows of a and b: (a_i.b_j / d + 1)^3. */
export function polynomialKernel(a: Matrix, b: Matrix): Float64Array {
  const k = innerProducts(a, b);
  const d = a.cols;
  for (let i = 0; i < k.length; i++) k[i] = (k[i]! / d + 1) ** 3;
  return k;
}

/**
 * KID over the given subsets (the core, testable against a reference with
 * the same subsets): the kernels are computed once over all rows and each
 * subset sums its entries.
 */
export function kidFromSubsets(x: Matrix, y: Matrix, subsets: readonly KidSubset[]): KidResult {
  const kxx = polynomialKernel(x, x);
  const kyy = polynomialKernel(y, y);
  const kxy = polynomialKernel(x, y);
  const values = subsets.map((s) => subsetMmd2(kxx, x.rows, kyy, y.rows, kxy, s));
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const std = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / values.length);
  return { mean, std, subsets: subsets.length, subsetSize: subsets[0]?.x.length ?? 0 };
}

/** Unbiased MMD^2 of one subset: within-set sums without the diagonal over m(m-1), cross sum over m^2. */
function subsetMmd2(kxx: Float64Array, nx: number, kyy: Float64Array, ny: number, kxy: Float64Array, s: KidSubset): number {
  const m = s.x.length;
  let within = 0;
  let cross = 0;
  for (let a = 0; a < m; a++) {
    const xa = s.x[a]!;
    const ya = s.y[a]!;
    for (let b = 0; b < m; b++) {
      if (a !== b) within += kxx[xa * nx + s.x[b]!]! + kyy[ya * ny + s.y[b]!]!;
      cross += kxy[xa * ny + s.y[b]!]!;
    }
  }
  return within / (m * (m - 1)) - (2 * cross) / (m * m);
}

/** The subset size KID uses for sets of n_x and n_y rows. */
export function kidSubsetSize(nx: number, ny: number, maxSubsetSize = 1000): number {
  return Math.max(2, Math.min(maxSubsetSize, Math.floor(Math.min(nx, ny) / 2)));
}

/** KID between x and y with seeded subsets; needs at least 2 rows in each. */
export function kid(x: Matrix, y: Matrix, options: KidOptions): KidResult {
  if (x.rows < 2 || y.rows < 2) throw new Error(`KID needs at least 2 samples per set, got ${x.rows} and ${y.rows}`);
  const m = Math.min(kidSubsetSize(x.rows, y.rows, options.maxSubsetSize), x.rows, y.rows);
  const rng = rngFor(options.seed, 'kid');
  const subsets: KidSubset[] = [];
  for (let s = 0; s < (options.subsets ?? 100); s++) {
    subsets.push({ x: sampleWithoutReplacement(rng, x.rows, m), y: sampleWithoutReplacement(rng, y.rows, m) });
  }
  return kidFromSubsets(x, y, subsets);
}
