/**
 * Measures world-model variation frames/s with one wasm thread count in this
 * process (onnxruntime-web reads the count once per process, so the bench
 * starts one child per count) and prints JSON. Two figures per size: a bare
 * forward pass of the net (batches of 4 prepared structure tensors), and the
 * full variation path of workers/worldmodel/variations.ts (structure tensor
 * from RGB, depth and instance ids, the net, crop, reference noise and blur,
 * both scores, RGBA out; everything the page does but the video encoding).
 * Frames: synthetic tabletop-like boxes that move, one reference with noise
 * and blur. Usage: node --import tsx tests/bench/worldmodel-job.ts <model dir> <threads> <frames at 128>
 */
import * as ort from 'onnxruntime-web';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from '../../scenes/rng';
import { createWorldModelService } from '../../workers/worldmodel/runner';
import { transferRoles } from '../../workers/worldmodel/manifest';
import { VariationSet } from '../../workers/worldmodel/variations';
import type { RenderedFrame } from '../../workers/worldmodel/structure';

const [dir = '', threadsText = '1', framesText = '64'] = process.argv.slice(2);
const threads = Number(threadsText);
const frames128 = Number(framesText);
const BATCH = 4;

/** Frame t of a synthetic scene: a floor, a table and three boxes, one sliding. */
function frame(size: number, t: number): RenderedFrame {
  const n = size * size;
  const rgba = new Uint8Array(n * 4);
  const depth = new Float32Array(n);
  const instance = new Uint16Array(n);
  const boxes = [
    { id: 1, x: 0.1, y: 0.55, w: 0.8, h: 0.4, rgb: [150, 90, 50], d: 1.2 },
    { id: 2, x: 0.2 + 0.01 * t, y: 0.4, w: 0.15, h: 0.2, rgb: [40, 140, 40], d: 1.0 },
    { id: 3, x: 0.6, y: 0.35, w: 0.1, h: 0.25, rgb: [200, 190, 170], d: 0.9 },
  ];
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const i = y * size + x;
      let rgb = [190, 200, 210];
      let d = 0;
      let id = 0;
      for (const b of boxes) {
        if (x >= b.x * size && x < (b.x + b.w) * size && y >= b.y * size && y < (b.y + b.h) * size) {
          rgb = b.rgb;
          d = b.d;
          id = b.id;
        }
      }
      rgba.set([rgb[0]!, rgb[1]!, rgb[2]!, 255], i * 4);
      depth[i] = d;
      instance[i] = id;
    }
  }
  return { width: size, height: size, rgba, depth, instance };
}

function reference(): { width: number; height: number; data: Uint8Array } {
  const w = 160;
  const h = 120;
  const rng = Rng.fromKey('bench-reference');
  const data = new Uint8Array(w * h * 4);
  for (let i = 0; i < w * h; i++) {
    const x = i % w;
    const v = (x < 80 ? 90 : 160) + 12 * rng.normal();
    data.set([v * 1.1, v, v * 0.8, 255].map((c) => Math.max(0, Math.min(255, Math.round(c)))), i * 4);
  }
  return { width: w, height: h, data };
}

ort.env.wasm.numThreads = threads;
const service = createWorldModelService(async () => ort);
service.configure({ numThreads: threads });
const manifestText = readFileSync(join(dir, 'manifest.json'), 'utf8');
const info = await service.load(manifestText, new Uint8Array(readFileSync(join(dir, JSON.parse(manifestText).file))), { manifestFile: 'manifest.json', modelFile: 'model.onnx' });
const set = new VariationSet(service, info.manifest, transferRoles(info.manifest, 'manifest.json'), [{ source: { file: 'bench', frame: 0 }, image: reference() }], 0, BATCH);

const results: Record<string, { forward: number; full: number; frames: number }> = {};
for (const size of [128, 256]) {
  const count = Math.max(BATCH * 2, Math.round((frames128 * 128 * 128) / (size * size) / BATCH) * BATCH);
  const inputs = Array.from({ length: count }, (_, t) => frame(size, t));
  // Bare forward pass: prepared tensors, batches of BATCH.
  const channels = set.roles.structure.channels.length;
  const structure = new Float32Array(BATCH * channels * size * size).fill(0.5);
  const feeds = { [set.roles.structure.name]: { data: structure, dims: [BATCH, channels, size, size] }, [set.roles.reference.name]: set.referenceTensor(0) };
  for (let i = 0; i < 2; i++) await service.run({ feeds, batchSize: BATCH });
  let t0 = performance.now();
  for (let done = 0; done < count; done += BATCH) await service.run({ feeds, batchSize: BATCH });
  const forward = count / ((performance.now() - t0) / 1000);
  // Full variation path (a warm-up episode first).
  const episode = async (n: number) => {
    const camera = set.camera({ cameraId: 'bench', width: size, height: size, farMetres: 4, frames: n, episodeSeed: 'bench' }, async () => undefined);
    for (let t = 0; t < n; t++) await camera.add(inputs[t]!);
    await camera.finish();
  };
  await episode(BATCH * 2);
  t0 = performance.now();
  await episode(count);
  const full = count / ((performance.now() - t0) / 1000);
  results[size] = { forward, full, frames: count };
}
process.stdout.write(`${JSON.stringify({ model: info.name, threads: info.threads, results })}\n`);
await service.unload();
