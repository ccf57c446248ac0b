/**
 * Image features for the Sim2Real statistics: runs an ONNX backbone (the
 * fixed-seed random CNN in assets/models/random-cnn-features, or a user's
 * model with a "features" manifest) with onnxruntime-web on frames at the
 * analysis size. Frames are resized to the model's input size with the
 * statistics' own resampler, normalised as the manifest says, and run in
 * batches; the result is one row of doubles per frame.
 *
 * The onnxruntime module is passed in, as each runtime imports its own build
 * (`onnxruntime-web` in Node, `onnxruntime-web/wasm` in a page or worker).
 * onnxruntime reads `env.wasm.numThreads` once, when the first session of
 * the process is made: createFeatureExtractor sets it to 1 (bit-identical
 * features on every machine) unless a session was made before.
 */
import type * as OrtModule from 'onnxruntime-web';
import type { RgbImage } from '../../exporters/sim2real/lowlevel';
import { matrix, type Matrix } from '../../exporters/sim2real/matrix';
import { resizeCover } from '../../exporters/sim2real/resize';
import { FeatureModelError, parseFeatureManifest, sha256Hex, type FeatureManifest } from './feature-manifest';

/** The onnxruntime-web API the extractor uses. */
export type Ort = Pick<typeof OrtModule, 'InferenceSession' | 'Tensor' | 'env'>;

export interface FeatureExtractor {
  manifest: FeatureManifest;
  /** Features of every frame, in order; `onBatch(done)` after each batch. */
  extract(frames: readonly RgbImage[], onBatch?: (done: number) => void): Promise<Matrix>;
  release(): Promise<void>;
}

/** Frames per inference call. */
export const BATCH = 32;

let sessionsMade = false;

/** Checks the model bytes against the manifest, builds the session and checks its tensor names. */
export async function createFeatureExtractor(ort: Ort, manifestText: string, modelBytes: Uint8Array, files: { manifestFile: string; modelFile: string }): Promise<FeatureExtractor> {
  const manifest = parseFeatureManifest(manifestText, files.manifestFile);
  if (modelBytes.length !== manifest.sizeBytes) {
    throw new FeatureModelError(files.modelFile, '/sizeBytes', `the manifest says ${manifest.sizeBytes} bytes, the file has ${modelBytes.length}`, manifest.sizeBytes);
  }
  const hash = await sha256Hex(modelBytes);
  if (hash !== manifest.sha256) throw new FeatureModelError(files.modelFile, '/sha256', `the file's sha256 is ${hash}, not the manifest's`, manifest.sha256);
  if (!sessionsMade) ort.env.wasm.numThreads = 1;
  sessionsMade = true;
  let session: OrtModule.InferenceSession;
  try {
    session = await ort.InferenceSession.create(modelBytes, { executionProviders: ['wasm'] });
  } catch (error) {
    throw new FeatureModelError(files.modelFile, '', `onnxruntime cannot load it: ${String((error as Error).message ?? error).split('\n')[0]}`);
  }
  if (!session.inputNames.includes(manifest.input.name)) {
    throw new FeatureModelError(files.manifestFile, '/input/name', `the model has no input of this name (inputs: ${session.inputNames.join(', ')})`, manifest.input.name);
  }
  if (!session.outputNames.includes(manifest.output.name)) {
    throw new FeatureModelError(files.manifestFile, '/output/name', `the model has no output of this name (outputs: ${session.outputNames.join(', ')})`, manifest.output.name);
  }
  return {
    manifest,
    async extract(frames, onBatch) {
      const dims = manifest.output.dims;
      const out = matrix(frames.length, dims);
      for (let start = 0; start < frames.length; start += BATCH) {
        const batch = frames.slice(start, start + BATCH);
        const { input } = manifest;
        const tensor = new ort.Tensor('float32', inputTensor(batch, manifest), input.layout === 'NCHW' ? [batch.length, 3, input.height, input.width] : [batch.length, input.height, input.width, 3]);
        const result = await session.run({ [input.name]: tensor });
        const output = result[manifest.output.name]!;
        const values = output.data as Float32Array;
        if (values.length !== batch.length * dims) {
          throw new FeatureModelError(files.manifestFile, '/output/dims', `the model gave ${values.length} values for ${batch.length} frames (shape [${output.dims.join(', ')}])`, dims);
        }
        for (let k = 0; k < values.length; k++) {
          if (!Number.isFinite(values[k]!)) throw new FeatureModelError(files.modelFile, '', `gave a non-finite feature (${values[k]}) for frame ${start + Math.floor(k / dims)}`);
          out.data[start * dims + k] = values[k]!;
        }
        tensor.dispose();
        output.dispose();
        onBatch?.(start + batch.length);
      }
      return out;
    },
    release: () => session.release(),
  };
}

/** The normalised input batch of `frames` (resized to the model's size). */
export function inputTensor(frames: readonly RgbImage[], manifest: FeatureManifest): Float32Array {
  const { height, width, layout, scale, mean, std } = manifest.input;
  const plane = height * width;
  const data = new Float32Array(frames.length * 3 * plane);
  frames.forEach((frame, n) => {
    const image = frame.width === width && frame.height === height ? frame : resizeCover(frame, width, height);
    for (let p = 0; p < plane; p++) {
      for (let c = 0; c < 3; c++) {
        const v = (image.data[3 * p + c]! * scale - mean[c]!) / std[c]!;
        data[layout === 'NCHW' ? (n * 3 + c) * plane + p : (n * plane + p) * 3 + c] = v;
      }
    }
  });
  return data;
}
