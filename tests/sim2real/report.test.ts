/**
 * The report from in-memory data: what it concludes about sets whose
 * differences are known by construction, that it is deterministic, that the
 * HTML is self-contained, and the pieces around it (group folds, resizing,
 * frame choice, the policies CSV, the PPM stream from ffmpeg).
 */
import { describe, expect, it } from 'vitest';
import { groupFolds } from '../../exporters/sim2real/c2st';
import { renderHtml } from '../../exporters/sim2real/html';
import type { RgbImage } from '../../exporters/sim2real/lowlevel';
import { fromRows, type Matrix } from '../../exporters/sim2real/matrix';
import { parsePolicyCsv } from '../../exporters/sim2real/policy-csv';
import { buildReport } from '../../exporters/sim2real/report';
import type { ImageReport, ImageSetInput, Sim2RealInput } from '../../exporters/sim2real/report-types';
import { resizeCover } from '../../exporters/sim2real/resize';
import { Rng } from '../../scenes/rng';
import { PpmStream } from '../../main/cli/gap/ffmpeg';
import { chooseFrames, clipLengths } from '../../main/cli/gap/select';

const SIZE = 32;

/** Frames of `groups` groups x `perGroup`: a brightness level plus Gaussian noise of `noise` levels. */
function frames(key: string, groups: number, perGroup: number, level: number, noise: number): ImageSetInput {
  const rng = Rng.fromKey('sim2real-test', key);
  const images: RgbImage[] = [];
  const names: string[] = [];
  for (let g = 0; g < groups; g++) {
    for (let f = 0; f < perGroup; f++) {
      const data = new Uint8Array(SIZE * SIZE * 3);
      for (let i = 0; i < data.length; i++) data[i] = Math.max(0, Math.min(255, Math.round(level + 20 * Math.sin(i / 40) + noise * rng.normal())));
      images.push({ width: SIZE, height: SIZE, data });
      names.push(`${key} ${g}`);
    }
  }
  return { images, groups: names };
}

/** Hand-made 4-dimensional features: mean and spread of luma-ish values, plus noise. */
function features(set: ImageSetInput, key: string): Matrix {
  const rng = Rng.fromKey('sim2real-features', key);
  return fromRows(set.images.map((im) => {
    let s = 0;
    let s2 = 0;
    for (const v of im.data) {
      s += v;
      s2 += v * v;
    }
    const m = s / im.data.length;
    return [m / 50, Math.sqrt(s2 / im.data.length - m * m) / 10, rng.normal(), rng.normal()];
  }));
}

function input(seed: number): Sim2RealInput {
  const real = frames('real', 6, 8, 150, 12);
  const raw = frames('raw', 5, 8, 90, 1);
  const variations = frames('variations', 5, 8, 135, 9);
  const states = (key: string, shift: number) => {
    const rng = Rng.fromKey('states', key);
    return fromRows(Array.from({ length: 300 }, () => [rng.normal() + shift, 2 * rng.normal(), rng.uniform(0, 1)]));
  };
  const source = (kind: 'lerobot' | 'images') => ({ path: kind, kind, camera: null, variationStreams: [], groups: 5 });
  return {
    seed,
    synthetic: { source: source('lerobot'), raw: { ...raw, depthHoleRatios: raw.images.map((_, i) => (i % 4) / 10) }, variations, states: { names: ['x', 'y', 'z'], rows: states('s', 0.5) }, actions: { names: ['a', 'b', 'c'], rows: states('a', 0) } },
    real: { source: source('images'), images: { ...real, depthHoleRatios: real.images.map((_, i) => (i % 3) / 10) }, states: { names: ['z', 'x', 'w'], rows: states('r', 0) }, actions: { names: null, rows: fromRows([[1, 2]]) } },
    featureSpaces: [{ name: 'test-features', description: 'hand-made', dims: 4, real: features(real, 'real'), raw: features(raw, 'raw'), variations: features(variations, 'variations') }],
    policies: parsePolicyCsv('policy,sim_successes,sim_trials,real_success_rate,real_trials\na,40,50,0.6,20\nb,30,50,0.45,20\nc,10,50,0.2,20\n'),
  };
}

describe('the Sim2Real report', () => {
  const report = buildReport(input(7));
  const images = report.images as ImageReport;

  it('finds the gap that was built in, and that variations nearer the real set reduce it', () => {
    const [space] = images.featureSpaces;
    expect(space!.names).toEqual({ kid: 'KID[test-features]', prdc: 'PRDC[test-features]', c2st: 'C2ST[test-features]' });
    expect(space!.raw!.kid.mean).toBeGreaterThan(space!.variations!.kid.mean);
    expect(space!.raw!.c2st).toMatchObject({ accuracy: 1, folds: 5, frames: 40, heldOut: 80, groups: { synthetic: 5, real: 6 } }); // 40 of the 48 real frames kept, balancing the sets
    expect(images.lowLevel.histogramW1.raw!.mean).toBeGreaterThan(images.lowLevel.histogramW1.variations!.mean);
    expect(images.lowLevel.noise.real!.mean).toBeGreaterThan(images.lowLevel.noise.raw!.mean);
    const verdict = Object.fromEntries(report.variationEffect!.map((e) => [e.statistic, e.verdict]));
    expect(verdict).toMatchObject({ 'KID[test-features]': 'reduced', 'histogram W1 (mean of R, G, B)': 'reduced', 'noise W1': 'reduced' });
    expect(images.lowLevel.depthHoleRatio.raw!.w1).toBeCloseTo(0.05, 10);
    expect(images.embedding!.points.real).toHaveLength(48);
  });

  it('compares states by their common names and says why actions are not compared', () => {
    expect('skipped' in report.states).toBe(false);
    if ('skipped' in report.states) return;
    expect(report.states.names).toEqual(['x', 'z']);
    const [x, z] = report.states.perDimension;
    expect(x!.ks).toBeGreaterThan(0.15); // shifted by half a std
    expect(x!.pHolm).toBeLessThan(0.01);
    expect(z!.pHolm).toBeGreaterThanOrEqual(z!.pValue);
    expect(report.states.mmd.pValue).toBeLessThan(0.05);
    expect(report.actions).toEqual({ skipped: 'actions have 3 synthetic and 2 real dimensions and no names to match them by' });
    expect(report.policies!.policies.map((p) => p.real.successes)).toEqual([12, 9, 4]);
  });

  it('is the same for the same inputs and seed, and its random choices follow the seed', () => {
    expect(JSON.stringify(buildReport(input(7)))).toBe(JSON.stringify(report));
    const other = buildReport(input(8)).images as ImageReport;
    expect(other.featureSpaces[0]!.raw!.kid.std).not.toBe(images.featureSpaces[0]!.raw!.kid.std);
  });

  it('renders a self-contained page with its plots and no FID', () => {
    const html = renderHtml(report);
    expect(html).not.toMatch(/https?:|<script|<link|<img|src=|url\(/i);
    expect(html).not.toMatch(/\bFID\b/);
    expect(html.match(/<svg /g)!.length).toBe(3 + 1 + 2 + 1); // R, G, B histograms, the embedding, state bars (KS, W1), policies
    expect(html).toContain('KID[test-features]');
    expect(html).toContain('<span class="reduced">reduced</span>');
  });
});

describe('pieces of the report', () => {
  it('never puts one group into two folds', () => {
    const groups = Array.from({ length: 200 }, (_, i) => `g${Math.floor(i / 7)}`);
    const folds = groupFolds(groups, 5, Rng.fromKey('folds'));
    const foldOf = new Map<string, number>();
    groups.forEach((g, i) => {
      expect(foldOf.get(g) ?? folds[i]).toBe(folds[i]);
      foldOf.set(g, folds[i]!);
    });
    const sizes = [0, 1, 2, 3, 4].map((f) => folds.filter((x) => x === f).length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(7);
  });

  it('resizes by area when shrinking and keeps a flat image flat', () => {
    const src = { width: 4, height: 2, data: Uint8Array.from({ length: 24 }, (_, i) => Math.floor(i / 3) * 10) };
    expect(Array.from(resizeCover(src, 2, 1).data)).toEqual([25, 25, 25, 45, 45, 45]); // 2x2 block means of 0,10,40,50 and 20,30,60,70
    const wide = { width: 8, height: 4, data: new Uint8Array(96).fill(77) };
    expect(new Set(resizeCover(wide, 3, 3).data)).toEqual(new Set([77]));
    const stripes = { width: 6, height: 2, data: Uint8Array.from({ length: 36 }, (_, i) => (Math.floor(i / 3) % 6) * 40) };
    expect(Array.from(resizeCover(stripes, 2, 2).data.filter((_, i) => i % 3 === 0))).toEqual([80, 120, 80, 120]); // scale 1, centre crop: columns 2 and 3
  });

  it('chooses evenly spaced frames of evenly spaced groups within the caps', () => {
    const chosen = chooseFrames([100, 100, 100, 100, 100, 100, 100, 100, 100, 100], { maxFrames: 40, perGroup: 16 });
    expect([...chosen.keys()]).toEqual([2, 7]); // 3 groups of 16 would exceed 40
    expect(chosen.get(2)).toEqual([3, 9, 15, 21, 28, 34, 40, 46, 53, 59, 65, 71, 78, 84, 90, 96]);
    expect(chooseFrames(Array(300).fill(1), { maxFrames: 100, perGroup: 16 }).size).toBe(100);
    expect(clipLengths(130, 60)).toEqual([60, 60, 10]);
  });

  it('reads the policies CSV and names the line, column and value of a mistake', () => {
    expect(parsePolicyCsv('policy,real_trials,real_successes,sim_trials,sim_successes\r\n"a, b",10,3,20,5\r\n')).toEqual([{ policy: 'a, b', sim: { successes: 5, trials: 20 }, real: { successes: 3, trials: 10 } }]);
    expect(() => parsePolicyCsv('policy,sim_successes,sim_trials,real_successes,real_trials\na,5,4,1,2\n')).toThrow('line 2, column "sim_successes": expected an integer from 0 to sim_trials (4), got "5"');
    expect(() => parsePolicyCsv('policy,sim_successes,sim_trials\na,1,2\n')).toThrow(/line 1: expected columns "real_trials"/);
    expect(() => parsePolicyCsv('policy,sim_successes,sim_trials,real_successes,real_trials\na,1,2,1,2\na,1,2,1,2\n')).toThrow('line 3, column "policy": "a" is listed twice');
  });

  it('splits ffmpeg\'s PPM stream into frames wherever the chunks break', () => {
    const frame = (w: number, h: number, v: number) => Buffer.concat([Buffer.from(`P6\n${w} ${h}\n255\n`), Buffer.alloc(w * h * 3, v)]);
    const stream = Buffer.concat([frame(3, 2, 1), frame(5, 1, 2), frame(1, 1, 3)]);
    for (const step of [1, 7, 20, stream.length]) {
      const parser = new PpmStream();
      const got = [];
      for (let at = 0; at < stream.length; at += step) got.push(...parser.push(stream.subarray(at, at + step)));
      expect(got.map((f) => [f.width, f.height, f.data.length, f.data[0]])).toEqual([[3, 2, 18, 1], [5, 1, 15, 2], [1, 1, 3, 3]]);
    }
    expect(() => new PpmStream().push(Buffer.from('GIF89a'))).toThrow(/not a PPM image/);
  });
});
