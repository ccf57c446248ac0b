/**
 * The world model's pre- and post-processing: sensor noise and blur are
 * estimated within tolerance on images made with a known amount of each,
 * the seeded noise is reproducible, the structure tensor follows the
 * manifest's normalisation, resizing averages areas, and the reference
 * frames are picked deterministically.
 */
import { describe, expect, it } from 'vitest';
import { planarToRgba, resizeToPlanar, type PlanarRgb } from '../../workers/worldmodel/image';
import { addNoise, estimateBlurSigma, estimateNoiseSigma, gaussianBlur, inverseNormal, lookDifference, sensorLook } from '../../workers/worldmodel/postprocess';
import { orderReferenceFiles, pickReferenceFrames } from '../../workers/worldmodel/references';
import { modelFrameSize, writeStructure } from '../../workers/worldmodel/structure';

const W = 128;
const H = 96;

/** A grey test card: flat patches with sharp edges (planar RGB, all channels equal). */
function card(): PlanarRgb {
  const data = new Float32Array(3 * W * H);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const v = 0.2 + 0.15 * ((Math.floor(x / 16) + 2 * Math.floor(y / 24)) % 4);
      for (let c = 0; c < 3; c++) data[c * W * H + y * W + x] = v;
    }
  }
  return { width: W, height: H, data };
}

const luma = (img: PlanarRgb) => img.data.subarray(0, W * H);

describe('sensor look estimates', () => {
  it('measures white noise within 15%', () => {
    for (const sigma of [0.01, 0.03, 0.06]) {
      const img = card();
      addNoise(img, sigma, ['noise-test', sigma * 100]);
      const est = estimateNoiseSigma(luma(img), W, H);
      expect(Math.abs(est - sigma) / sigma).toBeLessThan(0.15);
    }
    expect(estimateNoiseSigma(luma(card()), W, H)).toBeLessThan(0.002);
  });

  it('measures Gaussian blur within 0.35 px and grows with it', () => {
    let last = -1;
    for (const sigma of [0, 1, 1.5, 2.5]) {
      const img = gaussianBlur(card(), sigma);
      const est = estimateBlurSigma(luma(img), W, H, 0);
      expect(Math.abs(est - sigma)).toBeLessThan(0.35);
      expect(est).toBeGreaterThan(last);
      last = est;
    }
  });

  it('measures blur under noise when the noise is known', () => {
    const img = gaussianBlur(card(), 1.5);
    addNoise(img, 0.01, ['noise-test', 'blur']);
    const look = sensorLook(luma(img), W, H);
    expect(look.blurSigma).toBeGreaterThan(1.0);
    expect(look.blurSigma).toBeLessThan(2.0);
  });

  it('adds only what the output lacks', () => {
    const add = lookDifference({ noiseSigma: 0.05, blurSigma: 2 }, { noiseSigma: 0.03, blurSigma: 1 });
    expect(add.noiseSigma).toBeCloseTo(0.04, 12);
    expect(add.blurSigma).toBeCloseTo(Math.sqrt(3), 12);
    expect(lookDifference({ noiseSigma: 0.01, blurSigma: 0.5 }, { noiseSigma: 0.03, blurSigma: 1 })).toEqual({ noiseSigma: 0, blurSigma: 0 });
  });
});

describe('seeded noise', () => {
  it('is the same for the same key and differs for another', () => {
    const a = card();
    const b = card();
    const c = card();
    addNoise(a, 0.05, [1, 'cam', 3]);
    addNoise(b, 0.05, [1, 'cam', 3]);
    addNoise(c, 0.05, [1, 'cam', 4]);
    expect(a.data).toEqual(b.data);
    expect(a.data).not.toEqual(c.data);
  });

  it('has the normal quantiles', () => {
    expect(inverseNormal(0.5)).toBeCloseTo(0, 9);
    expect(inverseNormal(0.975)).toBeCloseTo(1.959964, 5);
    expect(inverseNormal(0.001)).toBeCloseTo(-3.090232, 5);
  });
});

describe('structure tensor', () => {
  it('makes sim rgb, depth and edges per the manifest normalisation, padded by repeating edges', () => {
    const w = 5;
    const h = 3;
    const rgba = new Uint8Array(w * h * 4);
    const depth = new Float32Array(w * h);
    const instance = new Uint16Array(w * h);
    for (let i = 0; i < w * h; i++) {
      rgba.set([i * 10, 255, 0, 255], i * 4);
      depth[i] = i === 0 ? 0 : i * 0.5; // pixel 0: no hit; far = 4 m
      instance[i] = i % w >= 3 ? 2 : 1; // columns 3-4 are instance 2
    }
    const size = modelFrameSize(w, h, { multipleOf: 4, min: 4, max: 64 });
    expect(size).toEqual({ width: 8, height: 4 });
    const out = new Float32Array(5 * 32);
    writeStructure({ width: w, height: h, rgba, depth, instance }, ['sim.r', 'sim.g', 'sim.b', 'depth', 'edges'], [0, 1], 4, size, out, 0);
    const at = (c: number, x: number, y: number) => out[c * 32 + y * 8 + x]!;
    expect(at(0, 1, 0)).toBeCloseTo(10 / 255, 6);
    expect(at(1, 2, 2)).toBe(1);
    expect(at(3, 0, 0)).toBe(1); // no hit
    expect(at(3, 1, 0)).toBeCloseTo(0.125, 6); // 0.5 m / 4 m
    expect(at(3, 4, 2)).toBe(1); // 7 m clamped
    expect([0, 1, 2, 3, 4].map((x) => at(4, x, 0))).toEqual([0, 0, 1, 0, 0]); // id changes between columns 2 and 3
    expect(at(0, 7, 1)).toBe(at(0, 4, 1)); // padded columns repeat the last
    expect(at(0, 2, 3)).toBe(at(0, 2, 2)); // padded rows repeat the last
    expect(() => modelFrameSize(100, 8, { multipleOf: 8, min: 8, max: 64 })).toThrow(/width of 100 pixels is more than the world model takes \(spatial.max 64\)/);
  });

  it('maps onto the input range', () => {
    const out = new Float32Array(1);
    writeStructure({ width: 1, height: 1, rgba: new Uint8Array([255, 0, 0, 255]), depth: new Float32Array(1), instance: new Uint16Array(1) }, ['sim.r'], [-1, 1], 1, { width: 1, height: 1 }, out, 0);
    expect(out[0]).toBe(1);
  });
});

describe('resizing', () => {
  it('averages areas when shrinking and keeps flat colour', () => {
    const data = new Uint8Array(4 * 4 * 4);
    for (let i = 0; i < 16; i++) data.set([(i % 4) < 2 ? 0 : 255, 100, 200, 255], i * 4);
    const half = resizeToPlanar({ width: 4, height: 4, data }, 2, 2);
    expect(Array.from(half.data.subarray(0, 4))).toEqual([0, 1, 0, 1]);
    const third = resizeToPlanar({ width: 4, height: 4, data }, 3, 3);
    expect(third.data[1]).toBeCloseTo(0.5, 6); // the middle column covers half of each side
    expect(Array.from(planarToRgba(resizeToPlanar({ width: 4, height: 4, data }, 7, 5)).subarray(4, 8))).toEqual([0, 100, 200, 255]);
  });
});

describe('reference frames', () => {
  it('are distinct while there are enough, deterministic in the seed', () => {
    const a = pickReferenceFrames(10, 4, 3);
    expect(new Set(a).size).toBe(4);
    expect(pickReferenceFrames(10, 4, 3)).toEqual(a);
    expect(pickReferenceFrames(10, 4, 4)).not.toEqual(a);
    const b = pickReferenceFrames(2, 5, 1);
    expect(b).toHaveLength(5);
    expect(new Set(b.slice(0, 2))).toEqual(new Set([0, 1]));
    expect(() => pickReferenceFrames(0, 1, 0)).toThrow(/at least one frame/);
  });

  it('orders folder files by name with numbers compared as numbers', () => {
    expect(orderReferenceFiles(['f10.png', 'f2.png', 'f1.png', 'a.jpg'])).toEqual(['a.jpg', 'f1.png', 'f2.png', 'f10.png']);
  });
});

