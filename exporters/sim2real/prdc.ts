/**
 * Precision, recall, density and coverage (Naeem et al. 2020, "Reliable
 * Fidelity and Diversity Metrics for Generative Models"), as their reference
 * code (clovaai/generative-evaluation-prdc) computes them with Euclidean
 * distances: each sample's radius is the distance to its k-th nearest
 * neighbour in its own set (the (k+1)-th smallest distance, counting itself),
 * and a point is inside a ball when its distance is strictly less than the
 * radius.
 *
 * - precision: share of fake samples inside some real ball
 * - recall: share of real samples inside some fake ball
 * - density: mean over fake samples of (real balls containing it) / k
 * - coverage: share of real balls that contain at least one fake sample
 *
 * All are fractions (density can exceed 1); a fake set drawn from the real
 * distribution gives about 1 for each.
 */
import { distances, type Matrix } from './matrix';

export interface PrdcResult {
  precision: number;
  recall: number;
  density: number;
  coverage: number;
  /** Neighbours defining each radius. */
  k: number;
}

/** Distance to the k-th nearest other row of each row of a set, from its square distance matrix. */
export function kthNeighbourRadii(within: Float64Array, n: number, k: number): Float64Array {
  if (k >= n) throw new Error(`k = ${k} needs more than ${k} samples, got ${n}`);
  const radii = new Float64Array(n);
  const row = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    row.set(within.subarray(i * n, (i + 1) * n));
    row.sort();
    radii[i] = row[k]!; // row[0] is the sample itself (distance 0)
  }
  return radii;
}

/** PRDC of `fake` against `real` with k nearest neighbours (default 5, as the paper). */
export function prdc(real: Matrix, fake: Matrix, k = 5): PrdcResult {
  const nr = real.rows;
  const nf = fake.rows;
  const realRadii = kthNeighbourRadii(distances(real, real), nr, k);
  const fakeRadii = kthNeighbourRadii(distances(fake, fake), nf, k);
  const cross = distances(real, fake); // nr x nf
  let precision = 0;
  let density = 0;
  for (let j = 0; j < nf; j++) {
    let inside = 0;
    for (let i = 0; i < nr; i++) if (cross[i * nf + j]! < realRadii[i]!) inside++;
    if (inside > 0) precision++;
    density += inside;
  }
  let recall = 0;
  let coverage = 0;
  for (let i = 0; i < nr; i++) {
    let covered = false;
    let nearest = Infinity;
    for (let j = 0; j < nf; j++) {
      const d = cross[i * nf + j]!;
      if (d < fakeRadii[j]!) covered = true;
      if (d < nearest) nearest = d;
    }
    if (covered) recall++;
    if (nearest < realRadii[i]!) coverage++;
  }
  return { precision: precision / nf, recall: recall / nr, density: density / (k * nf), coverage: coverage / nr, k };
}
