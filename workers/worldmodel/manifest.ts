/**
 * The manifest of an ONNX world model (`assets/models/<name>/manifest.json`,
 * version 1): what the model is (kind), its tensors (names, dtypes, shapes
 * with symbolic dimensions, channel meanings, value ranges, normalisation),
 * the spatial sizes it accepts, its temporal window, its conditioning
 * inputs, how its output is post-processed, its licence and provenance.
 *
 * This file holds the schema and the checks that need no model: parsing,
 * field types, and the rules that tie fields together (channel counts,
 * conditioning names, what each kind needs). load-model.ts checks a manifest
 * against its ONNX file. Every refusal is a WorldModelError whose message
 * names the file, the field (a JSON pointer) and the value.
 */
import { z } from 'zod';
import { formatProblem, problemFromIssue, type SceneProblem } from '../../scenes/problems';

/** The manifest version this runner reads. */
export const MANIFEST_VERSION = 1;
/** Largest manifest.json accepted, bytes. */
export const MAX_MANIFEST_BYTES = 1024 * 1024;
/** Largest model file accepted, bytes (256 MiB: far above what runs at interactive rates in wasm). */
export const MAX_MODEL_BYTES = 256 * 1024 * 1024;
/** Symbolic dimension names a manifest may use; each is fixed by the runner at run time. */
export const SYMBOLIC_DIMS = ['batch', 'time', 'height', 'width'] as const;
/** Channels a transfer model's frame input may hold (built by structure.ts). */
export const STRUCTURE_CHANNELS = ['sim.r', 'sim.g', 'sim.b', 'sim.gray', 'depth', 'edges', 'coord.x', 'coord.y'] as const;
/** Channels of a transfer model's reference input: colour, or one grey channel. */
export const REFERENCE_CHANNELS = [['ref.r', 'ref.g', 'ref.b'], ['ref.gray']] as const;
/** Channels of a transfer model's output. */
export const OUTPUT_CHANNELS = ['out.r', 'out.g', 'out.b'] as const;

/** A model or manifest was refused; the message names the file, the field and the value. */
export class WorldModelError extends Error {
  override name = 'WorldModelError';
  constructor(
    /** The file as the caller named it (e.g. "assets/models/x/manifest.json"). */
    readonly file: string,
    /** JSON pointer of the field ("" for the whole file). */
    readonly field: string,
    readonly problem: string,
    readonly value?: unknown,
  ) {
    const p: SceneProblem = { file, path: field, message: problem, more: 0 };
    if (arguments.length >= 4) p.value = value;
    super(formatProblem(p));
  }
}

const name = z.string().regex(/^[A-Za-z_][A-Za-z0-9_.:/-]{0,127}$/, 'must be a tensor name (letters, digits, _ . : / -; at most 128 characters)');
const dim = z.union([z.number().int().min(1).max(1 << 20), z.enum(SYMBOLIC_DIMS)]);
const range = z.tuple([z.number(), z.number()]);

const tensorSpec = z.strictObject({
  name,
  /** Only float32 tensors are fed and read in version 1. */
  dtype: z.literal('float32'),
  /** Dimensions: a fixed size or a symbolic name; the first is "batch". */
  shape: z.array(dim).min(2).max(6),
  /** What each channel (dimension 1, or 2 when dimension 1 is "time") holds. */
  channels: z.array(z.string().min(1).max(64)).min(1).max(64),
  /**
   * Values the tensor holds: [min, max]. The studio makes inputs in [0, 1]
   * (see `normalisation`) and maps them linearly onto this range; it maps
   * outputs from this range back onto [0, 1].
   */
  range,
  /** How values are made from the studio's data (inputs) or read back (outputs). */
  normalisation: z.string().min(1).max(2000).optional(),
});
export type TensorSpec = z.infer<typeof tensorSpec>;

const relativeFile = z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, 'must be a file name in the model folder (no path separators)');

export const manifestSchema = z.strictObject({
  manifestVersion: z.literal(MANIFEST_VERSION),
  name: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'must be lower-case letters, digits, ".", "_" or "-" (at most 64)'),
  /** transfer: frames plus control maps to frames; predict: context frames plus actions to future frames. */
  kind: z.enum(['transfer', 'predict']),
  description: z.string().max(4000),
  /** The ONNX file, in the manifest's folder. */
  file: relativeFile.refine((f) => f.endsWith('.onnx'), 'must end with ".onnx"'),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hex digits'),
  sizeBytes: z.number().int().min(1).max(MAX_MODEL_BYTES),
  opset: z.number().int().min(7).max(30),
  inputs: z.array(tensorSpec).min(1).max(16),
  outputs: z.array(tensorSpec).min(1).max(16),
  /** Sizes "height" and "width" may take, pixels. */
  spatial: z.strictObject({
    multipleOf: z.number().int().min(1).max(512),
    min: z.number().int().min(1).max(8192),
    max: z.number().int().min(1).max(8192),
  }),
  /** Frames per inference ("time"); 1 for a per-frame transfer model. */
  temporalWindow: z.number().int().min(1).max(256),
  /** Names of the inputs that condition the output (e.g. a reference frame, actions). */
  conditioning: z.array(name).max(16),
  postprocess: z.strictObject({
    /** The runner estimates sensor noise and blur from the reference and applies them, seeded, after the net. */
    noiseAndBlurFromReference: z.boolean(),
  }).optional(),
  /** SPDX licence identifier of the weights. */
  licence: z.string().min(1).max(200),
  provenance: z.strictObject({
    /** Script that made the model, relative to the repository. */
    script: z.string().min(1).max(500),
    /** Command that made its training data. */
    dataCommand: z.string().max(2000).optional(),
    trainingLog: z.string().max(500).optional(),
    metrics: z.string().max(500).optional(),
    seed: z.number().int().min(0).optional(),
  }),
});
export type WorldModelManifest = z.infer<typeof manifestSchema>;

/** The roles of a transfer model's tensors, found from the manifest. */
export interface TransferRoles {
  /** The per-frame input built by structure.ts. */
  structure: TensorSpec;
  /** The reference-frame input. */
  reference: TensorSpec;
  /** The generated frames. */
  output: TensorSpec;
}

/**
 * Parses and checks a manifest's text (`file` names it in messages).
 * Throws WorldModelError on the first problem.
 */
export function parseManifest(text: string, file: string): WorldModelManifest {
  if (text.length > MAX_MANIFEST_BYTES) throw new WorldModelError(file, '', `is ${text.length} characters, more than the ${MAX_MANIFEST_BYTES} a manifest may have`);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new WorldModelError(file, '', `is not JSON: ${(error as Error).message}`);
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) {
    const p = problemFromIssue(parsed.error.issues[0]!, raw, file, 0);
    throw new WorldModelError(file, p.path, p.message, ...('value' in p ? [p.value] : []));
  }
  checkRules(parsed.data, file);
  return parsed.data;
}

function checkRules(m: WorldModelManifest, file: string): void {
  const fail = (field: string, problem: string, value: unknown): never => {
    throw new WorldModelError(file, field, problem, value);
  };
  if (m.spatial.min > m.spatial.max) fail('/spatial/min', `must be <= spatial.max (${m.spatial.max})`, m.spatial.min);
  if (m.spatial.min % m.spatial.multipleOf !== 0) fail('/spatial/min', `must be a multiple of spatial.multipleOf (${m.spatial.multipleOf})`, m.spatial.min);
  const all = [...m.inputs.map((t, i) => ({ t, at: `/inputs/${i}` })), ...m.outputs.map((t, i) => ({ t, at: `/outputs/${i}` }))];
  const seen = new Set<string>();
  for (const { t, at } of all) {
    if (seen.has(t.name)) fail(`${at}/name`, 'names a tensor twice (inputs and outputs share one namespace)', t.name);
    seen.add(t.name);
    if (t.shape[0] !== 'batch') fail(`${at}/shape/0`, 'must be "batch"', t.shape[0]);
    if (t.shape.slice(1).includes('batch')) fail(`${at}/shape`, '"batch" may only be the first dimension', t.shape);
    const channelDim = t.shape[1] === 'time' ? 2 : 1;
    const count = t.shape[channelDim];
    if (typeof count !== 'number') fail(`${at}/shape/${channelDim}`, 'the channel dimension must be a fixed number', count);
    if (t.channels.length !== count) fail(`${at}/channels`, `lists ${t.channels.length} channels, the shape has ${count}`, t.channels);
    if (!(t.range[0] < t.range[1]) || !Number.isFinite(t.range[0]) || !Number.isFinite(t.range[1])) fail(`${at}/range`, 'must be [min, max] with min < max', t.range);
    if (t.shape.includes('time') && t.shape[1] !== 'time') fail(`${at}/shape`, '"time" may only be the second dimension', t.shape);
  }
  for (const [i, t] of m.inputs.entries()) {
    if (t.normalisation === undefined) fail(`/inputs/${i}/normalisation`, 'required field is missing: say how the input is made from the studio\'s data', undefined);
  }
  for (const [i, c] of m.conditioning.entries()) {
    if (!m.inputs.some((t) => t.name === c)) fail(`/conditioning/${i}`, `must name an input (${m.inputs.map((t) => t.name).join(', ')})`, c);
  }
  if (m.kind === 'transfer') transferRoles(m, file);
  else if (m.temporalWindow < 2 && !m.inputs.some((t) => t.shape[1] === 'time')) {
    fail('/temporalWindow', 'a predict model takes context frames: give temporalWindow >= 2 or a "time" dimension', m.temporalWindow);
  }
}

/**
 * The tensors of a transfer model: one non-conditioning input
 * [batch, C, "height", "width"] of structure channels, one conditioning
 * input [batch, 3 | 1, H, W] of reference channels with fixed H, W, and one
 * output [batch, 3, "height", "width"] of out.r, out.g, out.b.
 */
export function transferRoles(m: WorldModelManifest, file: string): TransferRoles {
  const fail = (field: string, problem: string, value: unknown): never => {
    throw new WorldModelError(file, field, problem, value);
  };
  const frameInputs = m.inputs.map((t, i) => ({ t, i })).filter(({ t }) => !m.conditioning.includes(t.name));
  const refInputs = m.inputs.map((t, i) => ({ t, i })).filter(({ t }) => m.conditioning.includes(t.name));
  if (frameInputs.length !== 1) fail('/inputs', `a transfer model has exactly one input that is not conditioning, found ${frameInputs.length}`, m.inputs.map((t) => t.name));
  if (refInputs.length !== 1) fail('/conditioning', `a transfer model has exactly one conditioning input (the reference), found ${refInputs.length}`, m.conditioning);
  if (m.outputs.length !== 1) fail('/outputs', `a transfer model has exactly one output, found ${m.outputs.length}`, m.outputs.map((t) => t.name));
  if (m.temporalWindow !== 1) fail('/temporalWindow', 'a transfer model maps one frame at a time: must be 1', m.temporalWindow);
  const { t: structure, i: si } = frameInputs[0]!;
  const { t: reference, i: ri } = refInputs[0]!;
  const output = m.outputs[0]!;
  const spatialShape = (t: TensorSpec, at: string) => {
    if (t.shape.length !== 4 || t.shape[2] !== 'height' || t.shape[3] !== 'width') fail(`${at}/shape`, 'must be ["batch", C, "height", "width"]', t.shape);
  };
  spatialShape(structure, `/inputs/${si}`);
  spatialShape(output, '/outputs/0');
  structure.channels.forEach((c, k) => {
    if (!(STRUCTURE_CHANNELS as readonly string[]).includes(c)) fail(`/inputs/${si}/channels/${k}`, `is not a structure channel the studio makes (${STRUCTURE_CHANNELS.join(', ')})`, c);
  });
  if (!REFERENCE_CHANNELS.some((set) => set.length === reference.channels.length && set.every((c, k) => reference.channels[k] === c))) {
    fail(`/inputs/${ri}/channels`, `must be ${REFERENCE_CHANNELS.map((s) => JSON.stringify(s)).join(' or ')}`, reference.channels);
  }
  if (reference.shape.length !== 4 || typeof reference.shape[2] !== 'number' || typeof reference.shape[3] !== 'number') {
    fail(`/inputs/${ri}/shape`, 'must be ["batch", C, H, W] with a fixed reference size H, W', reference.shape);
  }
  if (!OUTPUT_CHANNELS.every((c, k) => output.channels[k] === c) || output.channels.length !== 3) fail('/outputs/0/channels', `must be ${JSON.stringify(OUTPUT_CHANNELS)}`, output.channels);
  return { structure, reference, output };
}
