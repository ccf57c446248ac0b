/**
 * A world model loads only when its manifest and ONNX file agree
 * (workers/worldmodel/manifest.ts, load-model.ts): the fixture loads; each
 * kind of damage (truncated or garbage bytes, oversized files, wrong shapes
 * and dtypes, missing fields, mismatched tensor names) is refused with one
 * message naming the file, the field and the value; and random damage to
 * the manifest or the model is refused the same way, never with another
 * kind of error.
 */
import * as ort from 'onnxruntime-web';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../scenes/rng';
import { loadModel, sha256Hex } from '../../workers/worldmodel/load-model';
import { MAX_MANIFEST_BYTES, MAX_MODEL_BYTES, WorldModelError } from '../../workers/worldmodel/manifest';

ort.env.wasm.numThreads = 1;
const DIR = join(import.meta.dirname, '../fixtures/worldmodel');
const FILES = { manifestFile: 'tiny/manifest.json', modelFile: 'tiny/model.onnx' };
const MODEL = new Uint8Array(readFileSync(join(DIR, 'tiny-transfer/model.onnx')));
const MANIFEST_TEXT = readFileSync(join(DIR, 'tiny-transfer/manifest.json'), 'utf8');
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
const manifest = (): Json => JSON.parse(MANIFEST_TEXT);

/** The manifest `edit` makes, with sizeBytes and sha256 made to match `bytes`. */
async function matching(bytes: Uint8Array, edit: (m: Json) => void = () => undefined): Promise<string> {
  const m = manifest();
  m.sizeBytes = bytes.length;
  m.sha256 = await sha256Hex(bytes);
  edit(m);
  return JSON.stringify(m);
}

/** Loads and returns the refusal's message (fails the test when it loads or throws something else). */
async function refusal(text: string, bytes: Uint8Array): Promise<string> {
  try {
    const model = await loadModel(ort, text, bytes, FILES);
    await model.release();
  } catch (error) {
    expect(error).toBeInstanceOf(WorldModelError);
    const message = (error as Error).message;
    expect(message.split('\n')).toHaveLength(1);
    return message;
  }
  throw new Error('the model loaded');
}

describe('loading a world model', () => {
  it('loads the fixture and runs it', async () => {
    const model = await loadModel(ort, MANIFEST_TEXT, MODEL, FILES);
    try {
      expect(model.manifest.name).toBe('tiny-transfer');
      expect(model.roles?.structure.name).toBe('structure');
      const out = await model.run({
        structure: { data: new Float32Array(2 * 5 * 24 * 40).fill(0.5), dims: [2, 5, 24, 40] },
        reference: { data: new Float32Array(2 * 3 * 64 * 64).fill(0.3), dims: [2, 3, 64, 64] },
      });
      expect(out.frames!.dims).toEqual([2, 3, 24, 40]);
    } finally {
      await model.release();
    }
  });

  it('loads and runs a predict model (context frames and actions to the next frame)', async () => {
    const dir = join(DIR, 'tiny-predict');
    const model = await loadModel(ort, readFileSync(join(dir, 'manifest.json'), 'utf8'), new Uint8Array(readFileSync(join(dir, 'model.onnx'))), FILES);
    try {
      expect(model.manifest.kind).toBe('predict');
      expect(model.roles).toBeUndefined();
      const out = await model.run({
        context: { data: new Float32Array(2 * 4 * 3 * 16 * 24).fill(0.5), dims: [2, 4, 3, 16, 24] },
        actions: { data: new Float32Array(2 * 4 * 4).fill(0.1), dims: [2, 4, 4] },
      });
      expect(out.next!.dims).toEqual([2, 3, 16, 24]);
    } finally {
      await model.release();
    }
    const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    m.temporalWindow = 3; // the model fixes time at 4
    expect(await refusal(JSON.stringify(m), new Uint8Array(readFileSync(join(dir, 'model.onnx'))))).toBe('tiny/manifest.json: /inputs/0/shape/1: tiny/model.onnx fixes dimension 1 of context to 4 (value: "time")');
  });

  it('refuses a truncated model', async () => {
    const cut = MODEL.slice(0, 1000);
    expect(await refusal(MANIFEST_TEXT, cut)).toBe(`tiny/model.onnx: /sizeBytes: the manifest says ${MODEL.length} bytes, the file has 1000 (truncated or replaced?) (value: ${MODEL.length})`);
    expect(await refusal(await matching(cut), cut)).toMatch(/^tiny\/model\.onnx: \(document\): is not a model onnxruntime can load: /);
  });

  it('refuses garbage bytes, and a model whose bytes are not the manifest\'s', async () => {
    const rng = Rng.fromKey('fuzz', 'garbage');
    const garbage = Uint8Array.from({ length: 5000 }, () => rng.int(256));
    expect(await refusal(await matching(garbage), garbage)).toMatch(/^tiny\/model\.onnx: \(document\): is not a model onnxruntime can load/);
    const swapped = MODEL.slice();
    swapped[100] = swapped[100]! ^ 1;
    expect(await refusal(MANIFEST_TEXT, swapped)).toMatch(/^tiny\/model\.onnx: \/sha256: the file's sha256 is [0-9a-f]{64}, not the manifest's \(value: "554edb/);
  });

  it('refuses oversized models and manifests', async () => {
    const huge = new Uint8Array(MAX_MODEL_BYTES + 1);
    expect(await refusal(MANIFEST_TEXT, huge)).toBe(`tiny/model.onnx: (document): is ${MAX_MODEL_BYTES + 1} bytes, more than the ${MAX_MODEL_BYTES} a model may have`);
    expect(await refusal(await matching(MODEL, (m) => (m.sizeBytes = MAX_MODEL_BYTES + 1)), MODEL)).toBe(`tiny/manifest.json: /sizeBytes: must be <= ${MAX_MODEL_BYTES} (value: ${MAX_MODEL_BYTES + 1})`);
    const padded = MANIFEST_TEXT.replace('{', `{"pad": "${'x'.repeat(MAX_MANIFEST_BYTES)}",`);
    expect(await refusal(padded, MODEL)).toMatch(/^tiny\/manifest\.json: \(document\): is \d+ characters, more than the 1048576 a manifest may have$/);
  });

  it('refuses shapes the model does not have', async () => {
    expect(await refusal(await matching(MODEL, (m) => {
      m.inputs[0].shape[1] = 4;
      m.inputs[0].channels.pop();
    }), MODEL)).toBe('tiny/manifest.json: /inputs/0/shape/1: tiny/model.onnx fixes dimension 1 of structure to 5 (value: 4)');
    expect(await refusal(await matching(MODEL, (m) => (m.inputs[1].shape = ['batch', 3, 32, 32])), MODEL)).toBe('tiny/manifest.json: /inputs/1/shape/2: tiny/model.onnx fixes dimension 2 of reference to 64 (value: 32)');
    expect(await refusal(await matching(MODEL, (m) => (m.inputs[0].shape = ['batch', 5, 'height'])), MODEL)).toBe('tiny/manifest.json: /inputs/0/shape: must be ["batch", C, "height", "width"] (value: ["batch",5,"height"])');
    // An output that is not the size the manifest says: caught by the test inference.
    const halving = new Uint8Array(readFileSync(join(DIR, 'broken/halving.onnx')));
    expect(await refusal(await matching(halving), halving)).toBe('tiny/manifest.json: /outputs/0/shape: a test inference of tiny/model.onnx at 16x16 gave [1,3,8,8], expected [1,3,16,16] (value: ["batch",3,"height","width"])');
  });

  it('refuses wrong dtypes', async () => {
    expect(await refusal(await matching(MODEL, (m) => (m.inputs[0].dtype = 'float16')), MODEL)).toBe('tiny/manifest.json: /inputs/0/dtype: must be "float32" (value: "float16")');
    const intInput = new Uint8Array(readFileSync(join(DIR, 'broken/int-input.onnx')));
    expect(await refusal(await matching(intInput), intInput)).toBe('tiny/manifest.json: /inputs/0/dtype: tiny/model.onnx declares structure as int64 (value: "float32")');
  });

  it('refuses missing fields and values out of bounds', async () => {
    expect(await refusal(await matching(MODEL, (m) => delete m.licence), MODEL)).toBe('tiny/manifest.json: /licence: required field is missing (expected string)');
    expect(await refusal(await matching(MODEL, (m) => delete m.inputs[1].normalisation), MODEL)).toMatch(/^tiny\/manifest\.json: \/inputs\/1\/normalisation: required field is missing/);
    expect(await refusal(await matching(MODEL, (m) => (m.kind = 'dream')), MODEL)).toBe('tiny/manifest.json: /kind: must be one of "transfer", "predict" (value: "dream")');
    expect(await refusal(await matching(MODEL, (m) => (m.spatial.min = 600)), MODEL)).toBe('tiny/manifest.json: /spatial/min: must be <= spatial.max (512) (value: 600)');
    expect(await refusal(await matching(MODEL, (m) => (m.inputs[0].channels[4] = 'normals')), MODEL)).toMatch(/^tiny\/manifest\.json: \/inputs\/0\/channels\/4: is not a structure channel the studio makes \(.*\) \(value: "normals"\)$/);
    expect(await refusal(await matching(MODEL, (m) => (m.manifestVersion = 2)), MODEL)).toBe('tiny/manifest.json: /manifestVersion: must be 1 (value: 2)');
    expect(await refusal('{"manifestVersion": 1,', MODEL)).toMatch(/^tiny\/manifest\.json: \(document\): is not JSON: /);
  });

  it('refuses tensor names the model does not have', async () => {
    expect(await refusal(await matching(MODEL, (m) => {
      m.inputs[0].name = 'struct';
    }), MODEL)).toBe('tiny/manifest.json: /inputs: names [struct, reference], but tiny/model.onnx has inputs [structure, reference] (value: ["struct","reference"])');
    expect(await refusal(await matching(MODEL, (m) => (m.outputs[0].name = 'rgb')), MODEL)).toBe('tiny/manifest.json: /outputs: names [rgb], but tiny/model.onnx has outputs [frames] (value: ["rgb"])');
    expect(await refusal(await matching(MODEL, (m) => (m.conditioning = ['style'])), MODEL)).toBe('tiny/manifest.json: /conditioning/0: must name an input (structure, reference) (value: "style")');
  });

  it('refuses random damage to the manifest with a WorldModelError, or loads', async () => {
    const rng = Rng.fromKey('fuzz', 'manifest');
    const values = [null, 0, -1, 1e9, 0.5, '', 'x', 'batch', [], {}, true, [1, 2], { a: 1 }];
    let refused = 0;
    for (let trial = 0; trial < 60; trial++) {
      const m = manifest();
      // Walk to a random leaf and replace it (or delete it).
      let node: Json = m;
      let key: string | number = '';
      for (let depth = 0; depth < 6; depth++) {
        const keys: (string | number)[] = Array.isArray(node) ? node.map((_: unknown, i: number) => i) : Object.keys(node);
        if (keys.length === 0) break;
        key = keys[rng.int(keys.length)]!;
        if (node[key] === null || typeof node[key] !== 'object' || rng.next() < 0.3) break;
        node = node[key];
      }
      if (rng.next() < 0.2 && !Array.isArray(node)) delete node[key];
      else node[key] = values[rng.int(values.length)];
      try {
        const model = await loadModel(ort, JSON.stringify(m), MODEL, FILES);
        await model.release();
      } catch (error) {
        expect(error, `trial ${trial}: ${(error as Error).message}`).toBeInstanceOf(WorldModelError);
        expect((error as Error).message).toMatch(/^tiny\/(manifest\.json|model\.onnx): (\/|\(document\))/);
        refused++;
      }
    }
    expect(refused).toBeGreaterThan(40);
  });

  it('refuses random damage to the model bytes with a WorldModelError, or loads', async () => {
    const rng = Rng.fromKey('fuzz', 'model');
    for (let trial = 0; trial < 25; trial++) {
      const bytes = MODEL.slice(0, trial % 3 === 0 ? 100 + rng.int(MODEL.length - 100) : MODEL.length);
      for (let flips = 1 + rng.int(20); flips > 0; flips--) bytes[rng.int(bytes.length)] = rng.int(256);
      try {
        const model = await loadModel(ort, await matching(bytes), bytes, FILES);
        await model.release();
      } catch (error) {
        expect(error, `trial ${trial}: ${(error as Error).message}`).toBeInstanceOf(WorldModelError);
        expect((error as Error).message).toMatch(/^tiny\/(manifest\.json|model\.onnx): /);
      }
    }
    // The runtime still loads a good model after all that.
    const model = await loadModel(ort, MANIFEST_TEXT, MODEL, FILES);
    await model.release();
  });
});
