/**
 * The bundled feature backbone (assets/models/random-cnn-features) loads in
 * onnxruntime-web under Node and gives PyTorch's outputs on the fixed input
 * its make_model.py describes; manifests are checked field by field.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-web';
import { describe, expect, it } from 'vitest';
import { FeatureModelError, parseFeatureManifest } from '../../workers/sim2real/feature-manifest';
import { createFeatureExtractor, inputTensor } from '../../workers/sim2real/features';

const MODEL_DIR = join(import.meta.dirname, '../../assets/models/random-cnn-features');
const manifestText = readFileSync(join(MODEL_DIR, 'manifest.json'), 'utf8');
const modelBytes = new Uint8Array(readFileSync(join(MODEL_DIR, 'model.onnx')));
const files = { manifestFile: 'assets/models/random-cnn-features/manifest.json', modelFile: 'assets/models/random-cnn-features/model.onnx' };

/** The fixed input of make_model.py: pixel[n,c,y,x] = (x*(c+1)*7 + y*(n+2)*5 + ((x*y) % 17)*3) % 256, as RGB images. */
function fixedImages(size: number) {
  return [0, 1].map((n) => {
    const data = new Uint8Array(size * size * 3);
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        for (let c = 0; c < 3; c++) data[(y * size + x) * 3 + c] = (x * (c + 1) * 7 + y * (n + 2) * 5 + ((x * y) % 17) * 3) % 256;
      }
    }
    return { width: size, height: size, data };
  });
}

describe('random-cnn-features backbone', () => {
  it('gives the outputs PyTorch computed on the fixed input (within 2e-5), the same on a second run', async () => {
    const reference = JSON.parse(readFileSync(join(MODEL_DIR, 'reference-outputs.json'), 'utf8')) as { shape: number[]; features: number[][] };
    const extractor = await createFeatureExtractor(ort, manifestText, modelBytes, files);
    expect(extractor.manifest.output.dims).toBe(reference.shape[1]);
    const images = fixedImages(128);
    const features = await extractor.extract(images);
    expect([features.rows, features.cols]).toEqual(reference.shape);
    let worst = 0;
    reference.features.forEach((row, n) => row.forEach((v, j) => (worst = Math.max(worst, Math.abs(features.data[n * features.cols + j]! - v)))));
    expect(worst).toBeLessThan(2e-5);
    expect(Array.from((await extractor.extract(images)).data)).toEqual(Array.from(features.data));
    await extractor.release();
  });

  it('normalises pixels as the manifest says, in NCHW or NHWC order', () => {
    const manifest = parseFeatureManifest(manifestText, files.manifestFile);
    const image = { width: 128, height: 128, data: new Uint8Array(128 * 128 * 3).fill(0) };
    image.data.set([255, 0, 51], 0); // pixel (0, 0)
    const nchw = inputTensor([image], manifest);
    expect([nchw[0], nchw[128 * 128], nchw[2 * 128 * 128]]).toEqual([2, -2, Math.fround((51 / 255 - 0.5) / 0.25)].map(Math.fround));
    const nhwc = inputTensor([image], { ...manifest, input: { ...manifest.input, layout: 'NHWC' } });
    expect(Array.from(nhwc.subarray(0, 3))).toEqual(Array.from(nchw.filter((_, i) => i % (128 * 128) === 0)));
  });

  it('refuses a bad manifest or model with the file, the field and the value', async () => {
    const bad = (patch: object) => JSON.stringify({ ...JSON.parse(manifestText), ...patch });
    expect(() => parseFeatureManifest(bad({ kind: 'transfer' }), 'm.json')).toThrow(/^m\.json: \/kind: .*transfer/);
    expect(() => parseFeatureManifest(bad({ input: { ...JSON.parse(manifestText).input, layout: 'CHW' } }), 'm.json')).toThrow(/^m\.json: \/input\/layout: .*"CHW"/);
    expect(() => parseFeatureManifest('{', 'm.json')).toThrow(/^m\.json: \(document\): not JSON/);
    await expect(createFeatureExtractor(ort, bad({ sha256: '0'.repeat(64) }), modelBytes, files)).rejects.toThrow(/model\.onnx: \/sha256: the file's sha256 is deeae910.*not the manifest's \(value: "0000/);
    await expect(createFeatureExtractor(ort, bad({ output: { name: 'logits', dims: 192 } }), modelBytes, files)).rejects.toThrow(/manifest\.json: \/output\/name: the model has no output of this name \(outputs: features\) \(value: "logits"\)/);
    await expect(createFeatureExtractor(ort, manifestText, modelBytes.subarray(0, 1000), files)).rejects.toBeInstanceOf(FeatureModelError);
  });
});
