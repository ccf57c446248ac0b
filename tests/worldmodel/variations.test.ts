/**
 * The variation path (workers/worldmodel/variations.ts) with the fixture
 * model in-process: every frame of every variation comes out once, in
 * order, at the camera's size (padded for the model and cropped back); the
 * bytes depend only on the inputs and the seed; the reference's noise is
 * put on the output; the scores are in [0, 1]; a greyscale reference input
 * and a predict model are handled.
 */
import * as ort from 'onnxruntime-web';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../scenes/rng';
import { lumaOfRgba, type RgbaImage } from '../../workers/worldmodel/image';
import { transferRoles, type WorldModelManifest } from '../../workers/worldmodel/manifest';
import { estimateNoiseSigma } from '../../workers/worldmodel/postprocess';
import { createWorldModelService } from '../../workers/worldmodel/runner';
import type { RenderedFrame } from '../../workers/worldmodel/structure';
import { referenceTensor, VariationSet } from '../../workers/worldmodel/variations';

const DIR = join(import.meta.dirname, '../fixtures/worldmodel/tiny-transfer');
const service = createWorldModelService(async () => ort);
let manifest: WorldModelManifest;
beforeAll(async () => {
  manifest = (await service.load(readFileSync(join(DIR, 'manifest.json'), 'utf8'), new Uint8Array(readFileSync(join(DIR, 'model.onnx'))), { manifestFile: 'm.json', modelFile: 'm.onnx' })).manifest;
});

const W = 30;
const H = 22;

function frame(t: number): RenderedFrame {
  const rgba = new Uint8Array(W * H * 4);
  const depth = new Float32Array(W * H);
  const instance = new Uint16Array(W * H);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const i = y * W + x;
      const inBox = x >= 5 + t && x < 15 + t && y >= 6 && y < 16;
      rgba.set(inBox ? [220, 60, 40, 255] : [90, 110, 130, 255], i * 4);
      depth[i] = inBox ? 0.8 : 0;
      instance[i] = inBox ? 1 : 0;
    }
  }
  return { width: W, height: H, rgba, depth, instance };
}

/** A reference with sensor noise of `sigma` (intensity) over two flat halves. */
function reference(sigma: number, key: string): RgbaImage {
  const rng = Rng.fromKey('variations-test', key);
  const data = new Uint8Array(64 * 48 * 4);
  for (let i = 0; i < 64 * 48; i++) {
    const v = (i % 64 < 32 ? 0.3 : 0.6) + sigma * rng.normal();
    const c = Math.max(0, Math.min(255, Math.round(v * 255)));
    data.set([c, c, c, 255], i * 4);
  }
  return { width: 64, height: 48, data };
}

async function vary(set: VariationSet, frames: number) {
  const out: { k: number; frame: number; rgba: Uint8Array }[] = [];
  const camera = set.camera({ cameraId: 'cam', width: W, height: H, farMetres: 2, frames, episodeSeed: 'e0' }, async (k, f, rgba) => void out.push({ k, frame: f, rgba }));
  for (let t = 0; t < frames; t++) await camera.add(frame(t));
  return { out, scores: await camera.finish() };
}

describe('variations of a camera stream', () => {
  it('makes every frame of every variation once, in order, at the camera size, from the inputs and seed alone', async () => {
    const refs = [{ source: { file: 'a.png', frame: 0 }, image: reference(0.03, 'a') }, { source: { file: 'b.mp4', frame: 7 }, image: reference(0, 'b') }];
    const set = new VariationSet(service, manifest, transferRoles(manifest, 'm.json'), refs, 5, 4);
    const { out, scores } = await vary(set, 7);
    for (const k of [0, 1]) expect(out.filter((o) => o.k === k).map((o) => o.frame)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(out.every((o) => o.rgba.length === W * H * 4)).toBe(true);
    expect(set.modelProvenance()).toEqual({ name: 'tiny-transfer', sha256: manifest.sha256 });
    for (const s of scores) for (const v of Object.values(s)) expect(v >= 0 && v <= 1).toBe(true);

    const again = await vary(new VariationSet(service, manifest, transferRoles(manifest, 'm.json'), refs, 5, 4), 7);
    expect(again.out.map((o) => o.rgba)).toEqual(out.map((o) => o.rgba));
    const otherSeed = await vary(new VariationSet(service, manifest, transferRoles(manifest, 'm.json'), refs, 6, 4), 7);
    expect(otherSeed.out[0]!.rgba).not.toEqual(out[0]!.rgba); // variation 0 has noise keyed by the seed

    // Variation 0 takes on its reference's noise at the camera's size; the clean reference's variation stays clean.
    const noise = (k: number) => estimateNoiseSigma(lumaOfRgba(out.find((o) => o.k === k && o.frame === 3)!.rgba, W * H), W, H);
    const expected = set.referenceLook(0, W, H).noiseSigma;
    expect(expected).toBeGreaterThan(0.005);
    expect(noise(0)).toBeGreaterThan(0.5 * expected);
    expect(noise(0)).toBeLessThan(1.5 * expected);
    expect(noise(1)).toBeLessThan(0.3 * expected);
  });

  it('refuses a wrong frame count, and models that are not transfer models', async () => {
    const set = new VariationSet(service, manifest, transferRoles(manifest, 'm.json'), [{ source: { file: 'a.png', frame: 0 }, image: reference(0, 'a') }], 0, 4);
    const camera = set.camera({ cameraId: 'cam', width: W, height: H, farMetres: 2, frames: 3, episodeSeed: 'e' }, async () => undefined);
    await camera.add(frame(0));
    await expect(camera.finish()).rejects.toThrow(/1 frames added, the episode has 3/);
    expect(() => new VariationSet(service, { ...manifest, kind: 'predict' }, undefined, [], 0)).toThrow(/is a predict model; variations need a transfer model/);
  });

  it('makes a greyscale reference input for a model that takes one', () => {
    const t = referenceTensor(reference(0, 'g'), 1, 16, 16, [-1, 1]);
    expect(t.dims).toEqual([1, 1, 16, 16]);
    expect(t.data[0]).toBeCloseTo(0.3 * 2 - 1, 2);
    expect(t.data[15]).toBeCloseTo(0.6 * 2 - 1, 2);
  });
});
