/**
 * Loads the feature backbones for `gap`: always the bundled fixed-seed
 * random CNN (assets/models/random-cnn-features), plus each --backbone
 * folder holding a "features" manifest.json and its ONNX file. A bad
 * manifest or model is refused with one line naming the file, the field
 * and the value (exit 2).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { FeatureModelError } from '../../../workers/sim2real/feature-manifest';
import { createFeatureExtractor, type FeatureExtractor } from '../../../workers/sim2real/features';
import { CliError, EXIT } from '../exit-codes';

/** The bundled backbone, relative to the repository root. */
export const DEFAULT_BACKBONE = 'assets/models/random-cnn-features';
const REPO = join(import.meta.dirname, '../../..');

/** Reads a manifest's JSON to find its model file name without validating (the extractor validates). */
function modelFileName(manifestFile: string, text: string): string {
  try {
    const file = (JSON.parse(text) as { file?: unknown }).file;
    if (typeof file === 'string' && /^[A-Za-z0-9._-]+\.onnx$/.test(file)) return file;
  } catch {
    // The extractor reports the JSON error with the file's name.
  }
  return 'model.onnx';
}

/** Creates one extractor per folder (the bundled one first); names must differ. */
export async function loadBackbones(folders: readonly string[]): Promise<FeatureExtractor[]> {
  const ort = await import('onnxruntime-web');
  const out: FeatureExtractor[] = [];
  for (const folder of [join(REPO, DEFAULT_BACKBONE), ...folders]) {
    const manifestFile = join(folder, 'manifest.json');
    if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new CliError(EXIT.usage, `--backbone ${folder}: no such folder`);
    if (!existsSync(manifestFile)) throw new CliError(EXIT.usage, `${manifestFile}: missing (a backbone folder holds manifest.json with "kind": "features" and its .onnx file)`);
    const text = readFileSync(manifestFile, 'utf8');
    const modelFile = join(folder, modelFileName(manifestFile, text));
    if (!existsSync(modelFile)) throw new CliError(EXIT.usage, `${modelFile}: missing (named by ${manifestFile} /file)`);
    try {
      const extractor = await createFeatureExtractor(ort, text, new Uint8Array(readFileSync(modelFile)), { manifestFile, modelFile });
      const twin = out.find((e) => e.manifest.name === extractor.manifest.name);
      if (twin) throw new CliError(EXIT.usage, `${manifestFile}: /name: another backbone has the same name (value: "${extractor.manifest.name}")`);
      out.push(extractor);
    } catch (error) {
      if (error instanceof FeatureModelError) throw new CliError(EXIT.usage, error.message);
      throw error;
    }
  }
  return out;
}
