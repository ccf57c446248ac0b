/**
 * The manifest of an ONNX feature backbone for the Sim2Real statistics,
 * `assets/models/<name>/manifest.json` with `"kind": "features"` (separate
 * from the world-model manifests in workers/worldmodel/):
 *
 *     { "version": 1, "kind": "features", "name": "random-cnn-features",
 *       "description": "...", "file": "model.onnx", "sizeBytes": 320996,
 *       "sha256": "<64 hex>",
 *       "input": { "name": "images", "layout": "NCHW", "height": 128, "width": 128,
 *                  "scale": 0.00392156862745098, "mean": [0.5, 0.5, 0.5], "std": [0.25, 0.25, 0.25] },
 *       "output": { "name": "features", "dims": 192 },
 *       "license": "Apache-2.0", "source": "make_model.py" }
 *
 * The input is a float32 RGB batch, value = (pixel * scale - mean[c]) / std[c]
 * with pixel in 0..255; the first dimension is the batch (dynamic). The
 * output is float32 [batch, dims]. Every refusal is a FeatureModelError
 * naming the file, the field (a JSON pointer) and the value.
 */
import { z } from 'zod';
import { formatProblem, problemFromIssue } from '../../scenes/problems';

/** A manifest or model was refused; the message names the file, the field and the value. */
export class FeatureModelError extends Error {
  override name = 'FeatureModelError';
  constructor(file: string, field: string, problem: string, value?: unknown) {
    super(formatProblem({ file, path: field, message: problem, more: 0, ...(value === undefined ? {} : { value }) }));
  }
}

const tensorName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_.:/-]{0,127}$/, 'must be a tensor name (letters, digits, _ . : / -)');
const size = z.number().int().min(8).max(4096);
const triple = z.tuple([z.number(), z.number(), z.number()]);

export const FeatureManifest = z.strictObject({
  version: z.literal(1),
  kind: z.literal('features'),
  /** Names the feature space in the report, e.g. "KID[random-cnn-features]". */
  name: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'must be lower-case letters, digits, . _ - (at most 64)'),
  description: z.string().max(2000),
  /** The ONNX file beside the manifest. */
  file: z.string().regex(/^[A-Za-z0-9._-]+\.onnx$/, 'must be a file name ending in .onnx, beside the manifest'),
  sizeBytes: z.number().int().min(1).max(512 * 1024 * 1024),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hex digits'),
  input: z.strictObject({
    name: tensorName,
    layout: z.enum(['NCHW', 'NHWC']),
    height: size,
    width: size,
    /** Multiplies the 0..255 pixel value before the mean and std. */
    scale: z.number().positive(),
    mean: triple,
    std: z.tuple([z.number().positive(), z.number().positive(), z.number().positive()]),
  }),
  output: z.strictObject({ name: tensorName, dims: z.number().int().min(1).max(65536) }),
  license: z.string().max(200),
  source: z.string().max(2000),
});
export type FeatureManifest = z.infer<typeof FeatureManifest>;

/** Parses and checks a manifest's text; `file` names it in errors. */
export function parseFeatureManifest(text: string, file: string): FeatureManifest {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new FeatureModelError(file, '', `not JSON: ${(error as Error).message}`);
  }
  const parsed = FeatureManifest.safeParse(raw);
  if (!parsed.success) {
    const [first, ...rest] = parsed.error.issues;
    const problem = problemFromIssue(first!, raw, file, rest.length);
    throw new FeatureModelError(file, problem.path, problem.message + (rest.length ? ` [and ${rest.length} more]` : ''), problem.value);
  }
  return parsed.data;
}

/** Lower-case hex sha256 of `bytes` (WebCrypto: Node 20, pages and workers). */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
