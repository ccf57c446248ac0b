/**
 * Policy-level Sim2Real statistics from per-policy success counts in
 * simulation and on the real robot (the evaluation of SIMPLER, Li et al.
 * 2024): each policy's success-rate gap (sim - real) with Wilson intervals
 * of both rates and Newcombe's interval of the gap; the Sim-to-Real
 * Correlation Coefficient (Pearson's r between sim and real rates) with a
 * seeded percentile-bootstrap interval over policies; and the Mean Maximum
 * Rank Violation, MMRV = 1/N sum_i max_j |R_i - R_j| [(S_i < S_j) != (R_i < R_j)]
 * (0 when simulation ranks the policies as the real robot does).
 */
import { newcombeDifference, wilson } from './intervals';
import { quantile } from './matrix';
import { resample, rngFor } from './sampling';

/** One policy's evaluations. */
export interface PolicyRow {
  policy: string;
  sim: { successes: number; trials: number };
  real: { successes: number; trials: number };
}

export interface RateStat {
  successes: number;
  trials: number;
  /** successes / trials, 0..1. */
  rate: number;
  wilson95: [number, number];
}

export interface PolicyGap {
  policy: string;
  sim: RateStat;
  real: RateStat;
  /** sim rate - real rate, -1..1. */
  gap: number;
  /** Newcombe's hybrid score 95% interval of the gap. */
  gap95: [number, number];
}

export interface PolicyStats {
  policies: PolicyGap[];
  /** Mean of |gap| over policies. */
  meanAbsoluteGap: number;
  /** Pearson's r of sim and real rates (null with fewer than 3 policies or a constant column). */
  srcc: number | null;
  /** 2.5th and 97.5th percentiles of r over bootstrap resamples of the policies (resamples with a constant column are left out). */
  srcc95: [number, number] | null;
  bootstrap: { resamples: number; used: number };
  /** Mean maximum rank violation, in success-rate units (0..1). */
  mmrv: number;
}

/** Pearson's correlation coefficient; NaN when either column is constant. */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i]!;
    my += y[i]!;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const a = x[i]! - mx;
    const b = y[i]! - my;
    sxy += a * b;
    sxx += a * a;
    syy += b * b;
  }
  if (sxx === 0 || syy === 0) return NaN;
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}

/** MMRV of sim rates `s` against real rates `r` (same policy order). */
export function mmrv(s: readonly number[], r: readonly number[]): number {
  const n = s.length;
  let total = 0;
  for (let i = 0; i < n; i++) {
    let worst = 0;
    for (let j = 0; j < n; j++) {
      if (s[i]! < s[j]! !== r[i]! < r[j]!) worst = Math.max(worst, Math.abs(r[i]! - r[j]!));
    }
    total += worst;
  }
  return total / n;
}

/** Percentile-bootstrap interval of Pearson's r over the given resamples of policy indices. */
export function bootstrapPearson(s: readonly number[], r: readonly number[], resamples: readonly ArrayLike<number>[]): { interval: [number, number] | null; used: number } {
  const values: number[] = [];
  for (const idx of resamples) {
    const v = pearson(Array.from(idx, (i) => s[i]!), Array.from(idx, (i) => r[i]!));
    if (Number.isFinite(v)) values.push(v);
  }
  if (values.length === 0) return { interval: null, used: 0 };
  const sortedValues = Float64Array.from(values).sort();
  return { interval: [quantile(sortedValues, 0.025), quantile(sortedValues, 0.975)], used: values.length };
}

function rateStat(successes: number, trials: number): RateStat {
  return { successes, trials, rate: successes / trials, wilson95: wilson(successes, trials) };
}

/** The policy statistics with `resamples` seeded bootstrap resamples (default 2000). */
export function policyStats(rows: readonly PolicyRow[], options: { seed: number; resamples?: number }): PolicyStats {
  const rng = rngFor(options.seed, 'policy-bootstrap');
  const resamples = Array.from({ length: options.resamples ?? 2000 }, () => resample(rng, rows.length));
  return policyStatsWith(rows, resamples);
}

/** The policy statistics over given bootstrap resamples (the core, testable against a reference). */
export function policyStatsWith(rows: readonly PolicyRow[], resamples: readonly ArrayLike<number>[]): PolicyStats {
  const policies = rows.map((row): PolicyGap => {
    const sim = rateStat(row.sim.successes, row.sim.trials);
    const real = rateStat(row.real.successes, row.real.trials);
    return { policy: row.policy, sim, real, gap: sim.rate - real.rate, gap95: newcombeDifference(row.sim.successes, row.sim.trials, row.real.successes, row.real.trials) };
  });
  const s = policies.map((p) => p.sim.rate);
  const r = policies.map((p) => p.real.rate);
  const r0 = rows.length >= 3 ? pearson(s, r) : NaN;
  const boot = rows.length >= 3 ? bootstrapPearson(s, r, resamples) : { interval: null, used: 0 };
  return {
    policies,
    meanAbsoluteGap: policies.reduce((a, p) => a + Math.abs(p.gap), 0) / Math.max(1, policies.length),
    srcc: Number.isFinite(r0) ? r0 : null,
    srcc95: Number.isFinite(r0) ? boot.interval : null,
    bootstrap: { resamples: resamples.length, used: boot.used },
    mmrv: mmrv(s, r),
  };
}
