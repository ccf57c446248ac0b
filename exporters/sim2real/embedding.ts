/**
 * A deterministic 2D embedding of feature vectors for the report's scatter
 * plot: principal component analysis of the pooled rows (centred, not
 * scaled, as scikit-learn's PCA), the two leading eigenvectors of the
 * covariance matrix (Jacobi, linalg.ts), each signed so that its
 * largest-magnitude loading is positive.
 */
import { symmetricEigen } from './linalg';
import type { Matrix } from './matrix';

export interface Pca2 {
  /** Column means of the pooled rows. */
  mean: Float64Array;
  /** Two unit vectors, row-major (2 x cols). */
  components: Float64Array;
  /** Share of the total variance along each component, 0..1. */
  explainedVarianceRatio: [number, number];
}

/** The two leading principal components of `pooled`. */
export function pca2(pooled: Matrix): Pca2 {
  const { rows: n, cols: d, data } = pooled;
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j]! += data[i * d + j]!;
  for (let j = 0; j < d; j++) mean[j]! /= n;
  const cov = new Float64Array(d * d);
  const centred = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) centred[j] = data[i * d + j]! - mean[j]!;
    for (let j = 0; j < d; j++) {
      const cj = centred[j]!;
      for (let k = 0; k <= j; k++) cov[j * d + k]! += cj * centred[k]!;
    }
  }
  for (let j = 0; j < d; j++) {
    for (let k = 0; k <= j; k++) {
      cov[j * d + k]! /= Math.max(1, n - 1);
      cov[k * d + j] = cov[j * d + k]!;
    }
  }
  const { values, vectors } = symmetricEigen(cov, d);
  const total = values.reduce((a, v) => a + Math.max(0, v), 0);
  const ratio = (k: number) => (total > 0 && k < d ? Math.max(0, values[k]!) / total : 0);
  const components = new Float64Array(2 * d);
  components.set(vectors.subarray(0, Math.min(2, d) * d));
  return { mean, components, explainedVarianceRatio: [ratio(0), ratio(1)] };
}

/** Coordinates of every row of `m` on the two components: [x, y] per row. */
export function project(pca: Pca2, m: Matrix): [number, number][] {
  const d = m.cols;
  const out: [number, number][] = [];
  for (let i = 0; i < m.rows; i++) {
    let x = 0;
    let y = 0;
    for (let j = 0; j < d; j++) {
      const c = m.data[i * d + j]! - pca.mean[j]!;
      x += c * pca.components[j]!;
      y += c * pca.components[d + j]!;
    }
    out.push([x, y]);
  }
  return out;
}
