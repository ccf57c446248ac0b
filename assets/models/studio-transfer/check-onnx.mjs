// Runs model.onnx in onnxruntime-web (wasm, as the studio does) from Node:
// compares its output with PyTorch's on a saved batch and times it.
//
//   node assets/models/studio-transfer/check-onnx.mjs <model.onnx> [<batch folder>] [--threads 1,2] [--sizes 64,128,256] [--batch 4]
//
// A batch folder (written by train.py) holds batch.json ({ structure, reference,
// frames } shapes) and structure.f32, reference.f32, frames.f32 (float32,
// little-endian, C order). Prints one JSON object per thread count: the
// largest absolute difference from PyTorch and milliseconds per frame by
// size (the median of --runs runs of a --batch batch, after 2 warm-up runs).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as ort from 'onnxruntime-web';

const { values, positionals } = parseArgs({
  options: { threads: { type: 'string', default: '1,2' }, sizes: { type: 'string', default: '64,128,256' }, batch: { type: 'string', default: '4' }, runs: { type: 'string', default: '11' } },
  allowPositionals: true,
});
const [modelPath, batchDir] = positionals;
if (!modelPath) {
  console.error('usage: check-onnx.mjs <model.onnx> [<batch folder>] [--threads 1,2] [--sizes 64,128,256] [--batch 4]');
  process.exit(2);
}
const threadList = values.threads.split(',').map(Number);
const sizes = values.sizes.split(',').map(Number);
const batch = Number(values.batch);
const runs = Number(values.runs);

function readF32(file) {
  const bytes = readFileSync(file);
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

// env.wasm.numThreads is read when the first session is made: one process per thread count.
const threads = threadList[0];
ort.env.wasm.numThreads = threads;
const model = readFileSync(modelPath);
const session = await ort.InferenceSession.create(model, { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
const result = { threads, inputs: session.inputNames, outputs: session.outputNames, msPerFrame: {} };

if (batchDir) {
  const shapes = JSON.parse(readFileSync(join(batchDir, 'batch.json'), 'utf8'));
  const feeds = {
    structure: new ort.Tensor('float32', readF32(join(batchDir, 'structure.f32')), shapes.structure),
    reference: new ort.Tensor('float32', readF32(join(batchDir, 'reference.f32')), shapes.reference),
  };
  const expected = readF32(join(batchDir, 'frames.f32'));
  const out = (await session.run(feeds)).frames;
  let maxAbs = 0;
  for (let i = 0; i < expected.length; i++) maxAbs = Math.max(maxAbs, Math.abs(out.data[i] - expected[i]));
  result.compared = { shape: out.dims, values: expected.length, maxAbsDiff: maxAbs };
}

for (const size of sizes) {
  const structure = new ort.Tensor('float32', new Float32Array(batch * 5 * size * size).map((_, i) => ((i * 2654435761) % 1000) / 1000), [batch, 5, size, size]);
  const reference = new ort.Tensor('float32', new Float32Array(batch * 3 * 64 * 64).map((_, i) => ((i * 40503) % 1000) / 1000), [batch, 3, 64, 64]);
  for (let i = 0; i < 2; i++) await session.run({ structure, reference });
  // The median run: robust to other processes taking the cores for a while.
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await session.run({ structure, reference });
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  result.msPerFrame[size] = Number((times[Math.floor(runs / 2)] / batch).toFixed(2));
}
console.log(JSON.stringify(result));
if (threadList.length > 1) {
  const { execFileSync } = await import('node:child_process');
  for (const t of threadList.slice(1)) {
    const args = [process.argv[1], modelPath, ...(batchDir ? [batchDir] : []), '--threads', String(t), '--sizes', values.sizes, '--batch', values.batch, '--runs', values.runs];
    process.stdout.write(execFileSync(process.execPath, args, { encoding: 'utf8' }));
  }
}
