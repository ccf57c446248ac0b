/**
 * One-dimensional two-sample distances: the Wasserstein-1 distance and the
 * two-sided Kolmogorov-Smirnov test, as scipy 1.10's
 * stats.wasserstein_distance and stats.ks_2samp compute them.
 *
 * KS p-values follow ks_2samp(method='auto'), which is 'exact' when both
 * samples have at most 10000 values (scipy's MAX_AUTO_N): the exact
 * Hodges/Viehmann lattice-path probability, ported from scipy
 * (_compute_prob_outside_square for equal sizes,
 * _compute_outer_prob_inside_method otherwise). Above that size, or when the
 * exact computation fails, the p-value comes from Kolmogorov's limiting
 * distribution, P(K > sqrt(n1 n2 / (n1 + n2)) D); scipy 1.10 uses the finite-n
 * distribution kstwo there instead, so only the exact path is held to
 * scipy's values (the report caps samples at 5000 per set, so it always
 * takes the exact path).
 */

/** Largest sample size for which the exact p-value is used (scipy's MAX_AUTO_N). */
export const KS_MAX_EXACT_N = 10000;

/**
 * Wasserstein-1 distance between the empirical distributions of u and v,
 * optionally weighted (weights need not sum to 1): the integral of
 * |F_u - F_v|, in the units of the values.
 */
export function wasserstein1(u: ArrayLike<number>, v: ArrayLike<number>, uWeights?: ArrayLike<number>, vWeights?: ArrayLike<number>): number {
  const cdfU = weightedCdf(u, uWeights);
  const cdfV = weightedCdf(v, vWeights);
  const all = Float64Array.from([...Array.from(u), ...Array.from(v)]).sort();
  let total = 0;
  for (let i = 0; i < all.length - 1; i++) {
    const delta = all[i + 1]! - all[i]!;
    if (delta === 0) continue;
    total += Math.abs(cdfU(all[i]!) - cdfV(all[i]!)) * delta;
  }
  return total;
}

/** F(x) = (weight of values <= x) / total weight, for increasing x queries. */
function weightedCdf(values: ArrayLike<number>, weights?: ArrayLike<number>): (x: number) => number {
  const order = Array.from({ length: values.length }, (_, i) => i).sort((a, b) => values[a]! - values[b]! || a - b);
  const sortedValues = order.map((i) => values[i]!);
  const cumulative = new Float64Array(order.length + 1);
  order.forEach((i, k) => (cumulative[k + 1] = cumulative[k]! + (weights ? weights[i]! : 1)));
  const total = cumulative[order.length]!;
  let at = 0;
  return (x) => {
    while (at < sortedValues.length && sortedValues[at]! <= x) at++;
    return cumulative[at]! / total;
  };
}

export interface KsResult {
  /** D = sup |F1 - F2|, 0..1. */
  statistic: number;
  pValue: number;
  method: 'exact' | 'asymp';
}

/** Two-sided two-sample Kolmogorov-Smirnov test. */
export function ks2samp(a: ArrayLike<number>, b: ArrayLike<number>): KsResult {
  const n1 = a.length;
  const n2 = b.length;
  if (n1 === 0 || n2 === 0) throw new Error('ks2samp: both samples need values');
  const x = Float64Array.from(a).sort();
  const y = Float64Array.from(b).sort();
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < n1 || j < n2) {
    const v = Math.min(i < n1 ? x[i]! : Infinity, j < n2 ? y[j]! : Infinity);
    while (i < n1 && x[i]! <= v) i++;
    while (j < n2 && y[j]! <= v) j++;
    d = Math.max(d, Math.abs(i / n1 - j / n2));
  }
  if (Math.max(n1, n2) <= KS_MAX_EXACT_N) {
    const exact = exactPValue(n1, n2, d);
    if (exact) return { statistic: exact.d, pValue: exact.p, method: 'exact' };
  }
  const en = (n1 * n2) / (n1 + n2);
  return { statistic: d, pValue: clamp01(kolmogorovSurvival(Math.sqrt(en) * d)), method: 'asymp' };
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** scipy's _attempt_exact_2kssamp, two-sided; undefined when the computation fails. */
function exactPValue(n1: number, n2: number, dIn: number): { d: number; p: number } | undefined {
  const g = gcd(n1, n2);
  const lcm = (n1 / g) * n2;
  const h = Math.round(dIn * lcm);
  const d = h / lcm;
  if (h === 0) return { d, p: 1 };
  const p = n1 === n2 ? probOutsideSquare(n1, h) : outerProbInside(n1, n2, g, h);
  return Number.isFinite(p) && p >= 0 && p <= 1 ? { d, p } : undefined;
}

/** P(D_{n,n} >= h/n) by the alternating binomial series in Horner form (scipy's _compute_prob_outside_square). */
function probOutsideSquare(n: number, h: number): number {
  let p = 0;
  for (let k = Math.floor(n / h); k >= 0; k--) {
    let p1 = 1;
    for (let j = 0; j < h; j++) p1 = ((n - k * h - j) * p1) / (n + k * h + j + 1);
    p = p1 * (1 - p);
  }
  return 2 * p;
}

/** Proportion of lattice paths leaving |x/m - y/n| < h/lcm (scipy's _compute_outer_prob_inside_method, Viehmann's 1-p recursion). */
function outerProbInside(m0: number, n0: number, g: number, h: number): number {
  const [m, n] = m0 >= n0 ? [m0, n0] : [n0, m0];
  const mg = m / g;
  const ng = n / g;
  let minj = 0;
  let maxj = Math.min(Math.ceil(h / mg), n + 1);
  let curlen = maxj - minj;
  const lenA = Math.min(2 * maxj + 2, n + 1);
  const a = new Float64Array(lenA).fill(1);
  a.fill(0, minj, maxj);
  for (let i = 1; i <= m; i++) {
    const lastminj = minj;
    const lastlen = curlen;
    minj = Math.min(Math.max(Math.floor((ng * i - h) / mg) + 1, 0), n);
    maxj = Math.min(Math.ceil((ng * i + h) / mg), n + 1);
    if (maxj <= minj) return 1;
    let val = minj === 0 ? 0 : 1;
    for (let jj = 0; jj < maxj - minj; jj++) {
      const j = jj + minj;
      val = (a[jj + minj - lastminj]! * i + val * j) / (i + j);
      a[jj] = val;
    }
    curlen = maxj - minj;
    if (lastlen > curlen) a.fill(1, maxj - minj, maxj - minj + (lastlen - curlen));
  }
  return a[maxj - minj - 1]!;
}

/** Survival function of the Kolmogorov distribution, P(K > x). */
export function kolmogorovSurvival(x: number): number {
  if (x <= 0) return 1;
  if (x < 1) {
    // P(K <= x) = sqrt(2 pi) / x * sum exp(-(2k-1)^2 pi^2 / (8 x^2))
    let s = 0;
    for (let k = 1; k <= 20; k++) s += Math.exp(-((2 * k - 1) ** 2) * Math.PI ** 2 / (8 * x * x));
    return 1 - (Math.sqrt(2 * Math.PI) / x) * s;
  }
  let s = 0;
  for (let k = 1; k <= 100; k++) {
    const term = Math.exp(-2 * k * k * x * x);
    s += (k % 2 ? 1 : -1) * term;
    if (term < 1e-300) break;
  }
  return 2 * s;
}

function clamp01(p: number): number {
  return Math.min(1, Math.max(0, p));
}
