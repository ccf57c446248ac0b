/**
 * The world-model runner as a service in a Node worker thread
 * (worldmodel.node-worker.ts over Comlink): it loads the fixture model,
 * runs many frames in batches with progress, gives the same frames for any
 * batch size and thread count, keeps outputs in range, and stops a run when
 * cancelled. The in-process service honours an AbortSignal.
 */
import { proxy, type Remote } from 'comlink';
import * as ort from 'onnxruntime-web';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { nodeSpawn } from '../../workers/pool/node-spawn';
import type { WorkerHandle } from '../../workers/pool/worker-pool';
import { createWorldModelService, type TensorData, type WorldModelService } from '../../workers/worldmodel/runner';

const DIR = join(import.meta.dirname, '../fixtures/worldmodel/tiny-transfer');
const MODEL = new Uint8Array(readFileSync(join(DIR, 'model.onnx')));
const MANIFEST = readFileSync(join(DIR, 'manifest.json'), 'utf8');
const FILES = { manifestFile: 'tiny-transfer/manifest.json', modelFile: 'tiny-transfer/model.onnx' };
const spawn = nodeSpawn<WorldModelService>(new URL('../../workers/worldmodel/worldmodel.node-worker.ts', import.meta.url));
const handles: WorkerHandle<WorldModelService>[] = [];
afterAll(async () => {
  for (const h of handles) await h.terminate();
});

async function worker(threads: number): Promise<Remote<WorldModelService>> {
  const handle = await spawn();
  handles.push(handle);
  await handle.api.configure({ numThreads: threads });
  const info = await handle.api.load(MANIFEST, MODEL, FILES);
  expect(info).toMatchObject({ name: 'tiny-transfer', kind: 'transfer', threads });
  return handle.api;
}

/** N frames of a structure input with a bright box that moves, and one shared reference. */
function feeds(n: number, size: number): Record<string, TensorData> {
  const plane = size * size;
  const structure = new Float32Array(n * 5 * plane);
  for (let f = 0; f < n; f++) {
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const inBox = x >= f % size && x < (f % size) + size / 4 && y >= size / 4 && y < size / 2;
        for (let c = 0; c < 3; c++) structure[(f * 5 + c) * plane + y * size + x] = inBox ? 0.9 : 0.2 + 0.1 * c;
        structure[(f * 5 + 3) * plane + y * size + x] = inBox ? 0.3 : 1;
      }
    }
  }
  const reference = new Float32Array(3 * 64 * 64);
  for (let i = 0; i < reference.length; i++) reference[i] = 0.2 + 0.6 * ((i * 7919) % 101) / 100;
  return { structure: { data: structure, dims: [n, 5, size, size] }, reference: { data: reference, dims: [1, 3, 64, 64] } };
}

function maxDifference(a: Float32Array, b: Float32Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

describe('world-model runner in a Node worker thread', () => {
  it('runs frames in batches with progress; batch size and threads do not change the frames', async () => {
    const one = await worker(1);
    const progress: number[][] = [];
    const input = feeds(10, 32);
    const out = await one.run({ feeds: input, batchSize: 4 }, proxy((done: number, total: number) => void progress.push([done, total])));
    expect(progress).toEqual([[4, 10], [8, 10], [10, 10]]);
    expect(out.frames!.dims).toEqual([10, 3, 32, 32]);
    const frames = out.frames!.data;
    expect(frames.every((v) => v >= 0 && v <= 1)).toBe(true);
    // The moving box shows: consecutive outputs differ.
    expect(maxDifference(frames.subarray(0, 3 * 1024), frames.subarray(3 * 1024, 6 * 1024))).toBeGreaterThan(0.05);
    const whole = await one.run({ feeds: feeds(10, 32), batchSize: 10 });
    expect(maxDifference(whole.frames!.data, frames)).toBeLessThan(1e-5);

    const two = await worker(2);
    const threaded = await two.run({ feeds: feeds(10, 32), batchSize: 4 });
    expect(maxDifference(threaded.frames!.data, frames)).toBe(0);
    await expect(two.configure({ numThreads: 1 })).rejects.toThrow(/numThreads is fixed at 2 once a model has loaded/);
  });

  it('stops a run when cancelled between batches', async () => {
    const api = await worker(1);
    let seen = 0;
    const run = api.run({ id: 'long', feeds: feeds(40, 32), batchSize: 2 }, proxy((done: number) => {
      seen = done;
      if (done === 4) void api.cancel('long');
    }));
    await expect(run).rejects.toThrow(/run "long" cancelled after (4|6) of 40 frames/);
    expect(seen).toBeLessThan(10);
    // The service stays usable, and the id can be used again.
    const again = await api.run({ id: 'long', feeds: feeds(3, 32), batchSize: 2 });
    expect(again.frames!.dims).toEqual([3, 3, 32, 32]);
  });

  it('refuses feeds whose frame counts disagree', async () => {
    const api = await worker(1);
    const bad = feeds(4, 32);
    bad.reference = { data: new Float32Array(2 * 3 * 64 * 64), dims: [2, 3, 64, 64] };
    await expect(api.run({ feeds: bad })).rejects.toThrow(/feed reference has 2 frames, another feed 4/);
  });
});

describe('world-model runner in-process', () => {
  it('honours an AbortSignal and refuses runs before load', async () => {
    const service = createWorldModelService(async () => ort);
    await expect(service.run({ feeds: feeds(1, 32) })).rejects.toThrow(/call load\(\) first/);
    await service.load(MANIFEST, MODEL, FILES);
    const controller = new AbortController();
    const run = service.run({ feeds: feeds(8, 32), batchSize: 2, signal: controller.signal }, (done) => {
      if (done === 2) controller.abort();
    });
    await expect(run).rejects.toThrow(/cancelled after 2 of 8 frames/);
    await service.unload();
  });
});
