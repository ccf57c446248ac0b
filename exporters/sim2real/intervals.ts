/** Confidence intervals for proportions. */

/** The standard normal quantile for a two-sided 95% interval. */
export const Z95 = 1.959963984540054;

/**
 * Wilson score interval of a binomial proportion k/n (as scipy's
 * binomtest(k, n).proportion_ci(method='wilson')). Returns [lower, upper]
 * within [0, 1]; [0, 1] when n is 0.
 */
export function wilson(k: number, n: number, z = Z95): [number, number] {
  if (n === 0) return [0, 1];
  const p = k / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/**
 * Newcombe's hybrid score interval (method 10 of Newcombe 1998) of the
 * difference p1 - p2 of two independent proportions, built from their
 * Wilson intervals. Returns [lower, upper] within [-1, 1].
 */
export function newcombeDifference(k1: number, n1: number, k2: number, n2: number, z = Z95): [number, number] {
  const p1 = k1 / n1;
  const p2 = k2 / n2;
  const [l1, u1] = wilson(k1, n1, z);
  const [l2, u2] = wilson(k2, n2, z);
  const d = p1 - p2;
  return [d - Math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2), d + Math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)];
}
