/**
 * Loads an ONNX world model with onnxruntime-web and checks it against its
 * manifest before anything uses it: the file's size (limit and the
 * manifest's `sizeBytes`) and sha256, that onnxruntime can build a session
 * from it, that the session's input and output names, dtypes and shapes are
 * the manifest's, and a smoke inference at the smallest spatial size whose
 * outputs must have the manifest's shapes and finite values inside its
 * ranges. Any refusal is a WorldModelError naming the file, field and value.
 *
 * The onnxruntime module is passed in (each runtime imports its own build:
 * `onnxruntime-web` in Node, `onnxruntime-web/wasm` in a page or Web Worker).
 */
import type * as OrtModule from 'onnxruntime-web';
import { MAX_MODEL_BYTES, parseManifest, transferRoles, WorldModelError, type TensorSpec, type TransferRoles, type WorldModelManifest } from './manifest';

/** The onnxruntime-web API the loader uses. */
export type Ort = Pick<typeof OrtModule, 'InferenceSession' | 'Tensor' | 'env'>;

/** A float32 tensor as plain data: row-major values and dimensions. */
export interface TensorData {
  data: Float32Array;
  dims: number[];
}

/** A loaded, checked model. */
export interface LoadedModel {
  manifest: WorldModelManifest;
  /** The tensor roles of a transfer model (undefined for predict models). */
  roles: TransferRoles | undefined;
  /** Runs one inference; `feeds` by input name, outputs by output name. */
  run(feeds: Record<string, TensorData>): Promise<Record<string, TensorData>>;
  /** Frees the session. */
  release(): Promise<void>;
}

/** Where the manifest and model came from, for messages. */
export interface ModelFiles {
  /** e.g. "assets/models/studio-transfer/manifest.json". */
  manifestFile: string;
  /** e.g. "assets/models/studio-transfer/model.onnx". */
  modelFile: string;
}

/** Lower-case hex sha256 of `bytes` (WebCrypto: Node 20, pages and workers in secure contexts). */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return (text.split('\n').find((l) => l.trim() !== '') ?? text).trim().slice(0, 300);
}

/** The dimensions of `spec` with its symbolic sizes fixed. */
export function concreteDims(spec: TensorSpec, sizes: { batch: number; height: number; width: number; time: number }): number[] {
  return spec.shape.map((d) => (typeof d === 'number' ? d : sizes[d]));
}

/** Parses the manifest, checks the model bytes against it, builds the session and checks it. */
export async function loadModel(ort: Ort, manifestText: string, modelBytes: Uint8Array, files: ModelFiles): Promise<LoadedModel> {
  const manifest = parseManifest(manifestText, files.manifestFile);
  const roles = manifest.kind === 'transfer' ? transferRoles(manifest, files.manifestFile) : undefined;
  const { modelFile } = files;
  if (modelBytes.length > MAX_MODEL_BYTES) throw new WorldModelError(modelFile, '', `is ${modelBytes.length} bytes, more than the ${MAX_MODEL_BYTES} a model may have`);
  if (modelBytes.length !== manifest.sizeBytes) {
    throw new WorldModelError(modelFile, '/sizeBytes', `the manifest says ${manifest.sizeBytes} bytes, the file has ${modelBytes.length} (truncated or replaced?)`, manifest.sizeBytes);
  }
  const hash = await sha256Hex(modelBytes);
  if (hash !== manifest.sha256) throw new WorldModelError(modelFile, '/sha256', `the file's sha256 is ${hash}, not the manifest's`, manifest.sha256);

  let session: OrtModule.InferenceSession;
  try {
    session = await ort.InferenceSession.create(modelBytes, { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
  } catch (error) {
    throw new WorldModelError(modelFile, '', `is not a model onnxruntime can load: ${firstLine(error)}`);
  }
  try {
    checkSession(session, manifest, files);
    const model = wrapSession(ort, session, manifest, roles);
    await smokeTest(model, manifest, files);
    return model;
  } catch (error) {
    await session.release().catch(() => undefined);
    throw error;
  }
}

function checkSession(session: OrtModule.InferenceSession, m: WorldModelManifest, files: ModelFiles): void {
  const sides = [
    { key: 'inputs', specs: m.inputs, names: session.inputNames, meta: session.inputMetadata },
    { key: 'outputs', specs: m.outputs, names: session.outputNames, meta: session.outputMetadata },
  ] as const;
  for (const side of sides) {
    const listed = side.specs.map((t) => t.name);
    const sameSet = listed.length === side.names.length && listed.every((n) => side.names.includes(n));
    if (!sameSet) {
      throw new WorldModelError(files.manifestFile, `/${side.key}`, `names [${listed.join(', ')}], but ${files.modelFile} has ${side.key} [${side.names.join(', ')}]`, listed);
    }
    for (const [i, spec] of side.specs.entries()) {
      const meta = side.meta.find((v) => v.name === spec.name);
      const at = `/${side.key}/${i}`;
      if (!meta || !meta.isTensor) throw new WorldModelError(files.manifestFile, `${at}/name`, `${files.modelFile} has no tensor of this name`, spec.name);
      if (meta.type !== spec.dtype) throw new WorldModelError(files.manifestFile, `${at}/dtype`, `${files.modelFile} declares ${spec.name} as ${meta.type}`, spec.dtype);
      if (meta.shape.length === 0) continue; // the model leaves the shape open
      if (meta.shape.length !== spec.shape.length) {
        throw new WorldModelError(files.manifestFile, `${at}/shape`, `has ${spec.shape.length} dimensions, ${files.modelFile} gives ${spec.name} ${meta.shape.length} ${JSON.stringify(meta.shape)}`, spec.shape);
      }
      spec.shape.forEach((d, k) => {
        const actual = meta.shape[k];
        // A fixed size in the manifest must be the model's (or the model leaves it open); a symbolic one must be open in
        // the model, but for "time", which the runner fixes at temporalWindow.
        const open = typeof actual !== 'number' || actual === -1;
        const fits = typeof d === 'number' ? actual === d || open : open || (d === 'time' && actual === m.temporalWindow);
        if (!fits) throw new WorldModelError(files.manifestFile, `${at}/shape/${k}`, `${files.modelFile} fixes dimension ${k} of ${spec.name} to ${JSON.stringify(actual)}`, d);
      });
    }
  }
}

function wrapSession(ort: Ort, session: OrtModule.InferenceSession, manifest: WorldModelManifest, roles: TransferRoles | undefined): LoadedModel {
  return {
    manifest,
    roles,
    async run(feeds) {
      const inputs: Record<string, OrtModule.Tensor> = {};
      for (const [key, t] of Object.entries(feeds)) inputs[key] = new ort.Tensor('float32', t.data, t.dims);
      const results = await session.run(inputs);
      const out: Record<string, TensorData> = {};
      for (const [key, t] of Object.entries(results)) {
        if (t.type !== 'float32') throw new Error(`output ${key} is ${t.type}, not float32`);
        out[key] = { data: t.data as Float32Array, dims: [...t.dims] };
        t.dispose?.();
      }
      return out;
    },
    release: () => session.release(),
  };
}

async function smokeTest(model: LoadedModel, m: WorldModelManifest, files: ModelFiles): Promise<void> {
  const size = m.spatial.min;
  const sizes = { batch: 1, height: size, width: size, time: m.temporalWindow };
  const feeds: Record<string, TensorData> = {};
  for (const spec of m.inputs) {
    const dims = concreteDims(spec, sizes);
    feeds[spec.name] = { data: new Float32Array(dims.reduce((a, b) => a * b, 1)).fill((spec.range[0] + spec.range[1]) / 2), dims };
  }
  let results: Record<string, TensorData>;
  try {
    results = await model.run(feeds);
  } catch (error) {
    throw new WorldModelError(files.modelFile, '', `fails a test inference at ${size}x${size} (spatial.min): ${firstLine(error)}`);
  }
  for (const [i, spec] of m.outputs.entries()) {
    const at = `/outputs/${i}`;
    const got = results[spec.name];
    const dims = concreteDims(spec, sizes);
    if (!got) throw new WorldModelError(files.manifestFile, `${at}/name`, `a test inference of ${files.modelFile} gave no output of this name`, spec.name);
    if (got.dims.length !== dims.length || got.dims.some((d, k) => d !== dims[k])) {
      throw new WorldModelError(files.manifestFile, `${at}/shape`, `a test inference of ${files.modelFile} at ${size}x${size} gave ${JSON.stringify(got.dims)}, expected ${JSON.stringify(dims)}`, spec.shape);
    }
    const [lo, hi] = spec.range;
    const slack = 0.05 * (hi - lo);
    for (let k = 0; k < got.data.length; k++) {
      const v = got.data[k]!;
      if (!Number.isFinite(v) || v < lo - slack || v > hi + slack) {
        throw new WorldModelError(files.manifestFile, `${at}/range`, `a test inference of ${files.modelFile} gave ${v} at index ${k}, outside the range`, spec.range);
      }
    }
  }
}
