/**
 * Every Sim2Real statistic agrees with reference values computed by scipy
 * and scikit-learn (or numpy from the paper's definition, where those have
 * no function) on the same inputs: tests/sim2real/make_golden.py wrote the
 * inputs and the expected outputs into tests/sim2real/golden/. Tolerances
 * are relative (|a - b| <= tol * max(1, |b|)) and stated per statistic.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { crossValidate } from '../../exporters/sim2real/c2st';
import { pca2 } from '../../exporters/sim2real/embedding';
import { holm } from '../../exporters/sim2real/holm';
import { wilson } from '../../exporters/sim2real/intervals';
import { kidFromSubsets } from '../../exporters/sim2real/kid';
import { ks2samp, wasserstein1 } from '../../exporters/sim2real/ks';
import { channelCounts, depthHoleRatio, histogramW1, imageScalars } from '../../exporters/sim2real/lowlevel';
import { fromRows } from '../../exporters/sim2real/matrix';
import { mmdWithPermutations } from '../../exporters/sim2real/mmd';
import { policyStatsWith, type PolicyRow } from '../../exporters/sim2real/policy';
import { prdc } from '../../exporters/sim2real/prdc';

const GOLDEN = join(import.meta.dirname, 'golden');
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const golden = (name: string): any => JSON.parse(readFileSync(join(GOLDEN, `${name}.json`), 'utf8'));

/** |actual - expected| <= tol * max(1, |expected|). */
function close(actual: number, expected: number, tol: number, what: string): void {
  const bound = tol * Math.max(1, Math.abs(expected));
  if (!(Math.abs(actual - expected) <= bound)) throw new Error(`${what}: ${actual} vs reference ${expected} (tolerance ${bound})`);
}

describe('Sim2Real statistics against scipy / scikit-learn references', () => {
  it('KID: unbiased polynomial-kernel MMD^2 over the same subsets (mean and std, tol 1e-10)', () => {
    const g = golden('kid');
    const result = kidFromSubsets(fromRows(g.x), fromRows(g.y), g.subsets);
    close(result.mean, g.expected.mean, 1e-10, 'KID mean');
    close(result.std, g.expected.std, 1e-10, 'KID std');
    expect(result.subsets).toBe(10);
  });

  it('PRDC: precision, recall, density, coverage as Naeem et al.\'s code (exact fractions)', () => {
    const g = golden('prdc');
    const result = prdc(fromRows(g.real), fromRows(g.fake), g.k);
    for (const key of ['precision', 'recall', 'density', 'coverage'] as const) close(result[key], g.expected[key], 1e-12, key);
  });

  it('C2ST: per-fold logistic regression as sklearn (weights tol 1e-5), same held-out predictions, Wilson interval (tol 1e-12)', () => {
    const g = golden('c2st');
    const { predictions, models } = crossValidate(fromRows(g.x), Uint8Array.from(g.labels), Int32Array.from(g.folds), 3);
    models.forEach((model, f) => {
      g.expected.models[f].weights.forEach((w: number, j: number) => close(model.weights[j]!, w, 1e-5, `fold ${f} weight ${j}`));
      close(model.intercept, g.expected.models[f].intercept, 1e-5, `fold ${f} intercept`);
    });
    expect(Array.from(predictions)).toEqual(g.expected.predictions);
    const correct = Array.from(predictions).filter((p, i) => p === g.labels[i]).length;
    expect(correct).toBe(g.expected.correct);
    const [lo, hi] = wilson(correct, g.labels.length);
    close(lo, g.expected.wilson95[0], 1e-12, 'Wilson low');
    close(hi, g.expected.wilson95[1], 1e-12, 'Wilson high');
  });

  it('KS D and exact p-value as ks_2samp (p relative to itself, tol 1e-9), W1 as wasserstein_distance (tol 1e-10)', () => {
    for (const [i, c] of golden('ks').cases.entries()) {
      const result = ks2samp(c.u, c.v);
      expect(result.method).toBe('exact');
      close(result.statistic, c.statistic, 1e-12, `case ${i} D`);
      // p-values down to 1e-15: relative to the value itself
      expect(Math.abs(result.pValue - c.pvalue), `case ${i} p ${result.pValue} vs ${c.pvalue}`).toBeLessThanOrEqual(1e-9 * c.pvalue);
      close(wasserstein1(c.u, c.v), c.w1, 1e-10, `case ${i} W1`);
    }
  });

  it('Holm-adjusted p-values (tol 1e-14)', () => {
    const g = golden('holm');
    holm(g.p).forEach((p, i) => close(p, g.expected[i], 1e-14, `p ${i}`));
  });

  it('MMD^2 with the median-heuristic RBF kernel and its permutation p-value (tol 1e-10)', () => {
    const g = golden('mmd');
    const result = mmdWithPermutations(fromRows(g.x), fromRows(g.y), g.permutations);
    close(result.sigma, g.expected.sigma, 1e-12, 'sigma');
    close(result.gamma, g.expected.gamma, 1e-12, 'gamma');
    close(result.mmd2, g.expected.mmd2, 1e-10, 'MMD^2');
    expect(result.pValue).toBe(g.expected.pValue);
  });

  it('policy level: Wilson and Newcombe intervals, SRCC with its bootstrap interval, MMRV (tol 1e-12)', () => {
    const g = golden('policy');
    const result = policyStatsWith(g.rows as PolicyRow[], g.resamples);
    result.policies.forEach((p, i) => {
      const e = g.expected.policies[i];
      close(p.sim.wilson95[0], e.sim95[0], 1e-12, `${p.policy} sim low`);
      close(p.sim.wilson95[1], e.sim95[1], 1e-12, `${p.policy} sim high`);
      close(p.real.wilson95[0], e.real95[0], 1e-12, `${p.policy} real low`);
      close(p.real.wilson95[1], e.real95[1], 1e-12, `${p.policy} real high`);
      close(p.gap, e.gap, 1e-12, `${p.policy} gap`);
      close(p.gap95[0], e.gap95[0], 1e-12, `${p.policy} gap low`);
      close(p.gap95[1], e.gap95[1], 1e-12, `${p.policy} gap high`);
    });
    close(result.srcc!, g.expected.srcc, 1e-12, 'SRCC');
    expect(result.bootstrap.used).toBe(g.expected.used);
    close(result.srcc95![0], g.expected.srcc95[0], 1e-12, 'SRCC 2.5%');
    close(result.srcc95![1], g.expected.srcc95[1], 1e-12, 'SRCC 97.5%');
    close(result.mmrv, g.expected.mmrv, 1e-12, 'MMRV');
  });

  it('low-level: histogram W1 (tol 1e-10), spectrum slope, sharpness, noise (tol 1e-9), depth hole ratio', () => {
    const g = golden('lowlevel');
    const image = (pixels: number[]) => ({ width: g.size, height: g.size, data: Uint8Array.from(pixels) });
    const a = g.a.map(image);
    const b = g.b.map(image);
    [...a, ...b].forEach((img, i) => {
      const s = imageScalars(img);
      const e = g.expected.perImage[i];
      close(s.spectrumSlope, e.spectrumSlope, 1e-9, `image ${i} slope`);
      close(s.sharpness, e.sharpness, 1e-9, `image ${i} sharpness`);
      close(s.noise, e.noise, 1e-9, `image ${i} noise`);
    });
    const ca = channelCounts(a);
    const cb = channelCounts(b);
    for (let c = 0; c < 3; c++) close(histogramW1(ca[c]!, cb[c]!), g.expected.histogramW1[c], 1e-10, `channel ${c} W1`);
    close(depthHoleRatio(g.depth), g.expected.depthHoleRatio, 1e-15, 'depth hole ratio');
  });

  it('PCA: the two leading components (up to sign) and explained variance ratios (tol 1e-8)', () => {
    const g = golden('pca');
    const x = fromRows(g.x);
    const result = pca2(x);
    for (let k = 0; k < 2; k++) {
      const expected: number[] = g.expected.components[k];
      const got = Array.from(result.components.subarray(k * x.cols, (k + 1) * x.cols));
      const sign = Math.sign(got.reduce((s, v, j) => s + v * expected[j]!, 0));
      got.forEach((v, j) => close(sign * v, expected[j]!, 1e-8, `component ${k}[${j}]`));
      close(result.explainedVarianceRatio[k]!, g.expected.explainedVarianceRatio[k], 1e-8, `ratio ${k}`);
    }
  });

  it('the golden files are what make_golden.py writes with the installed scipy and scikit-learn (tol 1e-9)', () => {
    const out = mkdtempSync(join(tmpdir(), 'sim2real-golden-'));
    try {
      const run = spawnSync('/usr/bin/python3', [join(import.meta.dirname, 'make_golden.py'), '--out', out], { encoding: 'utf8' });
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      const names = readdirSync(GOLDEN).sort();
      expect(readdirSync(out).sort()).toEqual(names);
      for (const name of names) {
        const fresh = JSON.parse(readFileSync(join(out, name), 'utf8'));
        const committed = JSON.parse(readFileSync(join(GOLDEN, name), 'utf8'));
        delete fresh.versions;
        delete committed.versions;
        expectNear(fresh, committed, name);
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

/** Deep equality with numbers compared at a relative 1e-9 (BLAS may differ in the last bits across machines). */
function expectNear(a: unknown, b: unknown, at: string): void {
  if (typeof a === 'number' && typeof b === 'number') return close(a, b, 1e-9, at);
  if (Array.isArray(a) && Array.isArray(b)) {
    expect(a.length, at).toBe(b.length);
    a.forEach((v, i) => expectNear(v, b[i], `${at}[${i}]`));
    return;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    expect(Object.keys(a).sort(), at).toEqual(Object.keys(b).sort());
    for (const key of Object.keys(a)) expectNear((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${at}.${key}`);
    return;
  }
  expect(a, at).toEqual(b);
}
