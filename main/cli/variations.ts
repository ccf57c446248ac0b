/**
 * generate's world-model variations: `--variations K --reference PATH
 * [--world-model DIR]`. Checks everything it can before the job writes
 * anything: the model folder's manifest and ONNX file (loaded and
 * test-run with onnxruntime-web in Node, as the page will), the reference
 * (a video file, an image, or a folder of images; each file readable), the
 * format (LeRobot) and the scene (a camera with RGB). The reference is
 * decoded in the render page (renderer/headless/reference-decode.ts); a file
 * it cannot decode fails the job before anything is written, naming it.
 */
import { accessSync, constants, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, relative, resolve } from 'node:path';
import type { SceneDoc } from '../../scenes/schema/scene';
import { loadModel, type Ort } from '../../workers/worldmodel/load-model';
import { WorldModelError } from '../../workers/worldmodel/manifest';
import { orderReferenceFiles, REFERENCE_IMAGE, REFERENCE_VIDEO } from '../../workers/worldmodel/references';
import { CliError, EXIT } from './exit-codes';
import type { ChromiumEpisodeRenderer, EpisodeRenderer, VariationsSetup } from './render-host';
import { ASSETS_DIR } from './scene-file';

/** The model variations use unless --world-model names another. */
export const DEFAULT_WORLD_MODEL = join(ASSETS_DIR, 'models', 'studio-transfer');
/** Most variations per camera. */
export const MAX_VARIATIONS = 16;

/** What a job saves of its variations (for --resume: the same model and reference give the same bytes). */
export interface SavedVariations {
  count: number;
  /** Absolute paths. */
  reference: string;
  worldModel: string;
  /** sha256 of the model file when the job started. */
  modelSha256: string;
}

/** The variation options as parsed (strings as given). */
export interface VariationOptions {
  variations?: string | undefined;
  reference?: string | undefined;
  worldModel?: string | undefined;
}

const display = (path: string) => {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') ? rel : path;
};

/** Reads the options of a new job; undefined when it asks for no variations. Usage errors exit 2. */
export function parseVariationOptions(options: VariationOptions, format: string, noCameras: boolean): SavedVariations | undefined {
  const { variations, reference, worldModel } = options;
  if (variations === undefined) {
    if (reference !== undefined || worldModel !== undefined) throw new CliError(EXIT.usage, '--reference and --world-model go with --variations K');
    return undefined;
  }
  const count = Number(variations);
  if (!/^\d+$/.test(variations.trim()) || count < 1 || count > MAX_VARIATIONS) {
    throw new CliError(EXIT.usage, `--variations: expected an integer from 1 to ${MAX_VARIATIONS}, got "${variations}"`);
  }
  if (reference === undefined) throw new CliError(EXIT.usage, '--variations needs --reference PATH: a video file, or a folder of images, whose look the variations take');
  if (format !== 'lerobot') throw new CliError(EXIT.usage, `--variations writes extra camera streams of a LeRobot dataset; --format ${format} cannot hold them`);
  if (noCameras) throw new CliError(EXIT.usage, '--variations re-renders the camera streams; it cannot go with --no-cameras');
  const dir = resolve(worldModel ?? DEFAULT_WORLD_MODEL);
  return { count, reference: resolve(reference), worldModel: dir, modelSha256: '' };
}

/** A model folder checked in Node. */
export interface CheckedModel {
  manifestText: string;
  /** How messages name the files. */
  manifestFile: string;
  modelFile: string;
  modelPath: string;
  name: string;
}

/** The model's manifest and file, loaded and checked in Node; fills in its sha256 (or checks it against a resumed job's). */
export async function checkWorldModel(saved: SavedVariations, ort: Ort, isDefault: boolean): Promise<CheckedModel> {
  const manifestPath = join(saved.worldModel, 'manifest.json');
  if (!existsSync(manifestPath)) {
    throw isDefault
      ? new CliError(EXIT.environment, `the default world model is not installed (${display(manifestPath)} is missing): give --world-model DIR, a folder with manifest.json and its ONNX file`)
      : new CliError(EXIT.usage, `--world-model ${display(saved.worldModel)}: no manifest.json there`);
  }
  const manifestFile = display(manifestPath);
  let manifestText: string;
  try {
    manifestText = readFileSync(manifestPath, 'utf8');
  } catch (error) {
    throw new CliError(EXIT.usage, `${manifestFile}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  let file = 'model.onnx';
  try {
    file = (JSON.parse(manifestText) as { file?: unknown }).file as string;
  } catch {
    // parseManifest in loadModel reports it
  }
  const modelPath = join(saved.worldModel, typeof file === 'string' && !/[\\/]/.test(file) ? file : 'model.onnx');
  const modelFile = display(modelPath);
  if (!existsSync(modelPath)) throw new CliError(EXIT.usage, `${manifestFile}: /file: no such file in the model folder (value: ${JSON.stringify(file)})`);
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(modelPath));
  } catch (error) {
    throw new CliError(EXIT.usage, `${modelFile}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  try {
    const model = await loadModel(ort, manifestText, bytes, { manifestFile, modelFile });
    await model.release();
    if (model.manifest.kind !== 'transfer') throw new CliError(EXIT.usage, `${manifestFile}: /kind: variations need a transfer model (value: "${model.manifest.kind}")`);
    if (saved.modelSha256 && saved.modelSha256 !== model.manifest.sha256) {
      throw new CliError(EXIT.usage, `${modelFile}: the world model changed since the job started (sha256 ${model.manifest.sha256}, the job's ${saved.modelSha256}); --resume needs the same model`);
    }
    saved.modelSha256 = model.manifest.sha256;
    return { manifestText, manifestFile, modelPath, modelFile, name: model.manifest.name };
  } catch (error) {
    if (error instanceof WorldModelError) throw new CliError(EXIT.usage, error.message);
    throw error;
  }
}

/** The reference's files in frame order; unreadable or unusable paths fail naming them. */
export function referenceFiles(path: string): { kind: 'video' | 'images'; files: string[] } {
  const name = display(path);
  const readable = (file: string) => {
    try {
      accessSync(file, constants.R_OK);
    } catch (error) {
      throw new CliError(EXIT.usage, `--reference ${display(file)}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
  };
  let stat;
  try {
    stat = statSync(path);
  } catch (error) {
    throw new CliError(EXIT.usage, `--reference ${name}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  if (stat.isDirectory()) {
    let names: string[];
    try {
      names = readdirSync(path, { withFileTypes: true }).filter((e) => (e.isFile() || e.isSymbolicLink()) && REFERENCE_IMAGE.test(e.name)).map((e) => e.name);
    } catch (error) {
      throw new CliError(EXIT.usage, `--reference ${name}: cannot list the folder (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
    const images = orderReferenceFiles(names);
    if (images.length === 0) throw new CliError(EXIT.usage, `--reference ${name}: the folder holds no images (.png, .jpg, .jpeg, .webp, .bmp)`);
    const files = images.map((n) => join(path, n));
    files.forEach(readable);
    return { kind: 'images', files };
  }
  readable(path);
  if (REFERENCE_IMAGE.test(path)) return { kind: 'images', files: [path] };
  if (REFERENCE_VIDEO.test(path)) return { kind: 'video', files: [path] };
  throw new CliError(EXIT.usage, `--reference ${name}: expected a video (.mp4, .m4v, .mov, .webm, .mkv), an image (.png, .jpg, .jpeg, .webp, .bmp) or a folder of images`);
}

/** The page setup of a job's variations. */
export function variationsSetup(saved: SavedVariations, model: CheckedModel, seed: number, renderWorkers: number): VariationsSetup {
  const reference = referenceFiles(saved.reference);
  const single = statSync(saved.reference).isFile();
  return {
    manifestText: model.manifestText,
    manifestFile: model.manifestFile,
    modelPath: model.modelPath,
    modelFile: model.modelFile,
    // A single image is a folder of one: its name is the folder's, its file the image.
    reference: { name: reference.kind === 'images' && single ? display(resolve(saved.reference, '..')) : display(saved.reference), kind: reference.kind, files: reference.files },
    count: saved.count,
    seed,
    numThreads: Math.max(1, Math.min(4, Math.floor(availableParallelism() / renderWorkers))),
  };
}

/** Whether the scene has a camera the variations can re-render (one with RGB). */
export function checkSceneForVariations(scene: SceneDoc): void {
  const rgb = scene.cameras.filter((c) => c.channels.includes('rgb'));
  if (rgb.length === 0) throw new CliError(EXIT.usage, `--variations re-renders RGB cameras; scene "${scene.name}" has none`);
}

/** Checks the scene and the model of a job's variations before anything is written. */
export async function prepareVariations(saved: SavedVariations, scene: SceneDoc): Promise<CheckedModel> {
  checkSceneForVariations(scene);
  referenceFiles(saved.reference);
  const ort = await import('onnxruntime-web');
  ort.env.wasm.numThreads = 1;
  return checkWorldModel(saved, ort, saved.worldModel === DEFAULT_WORLD_MODEL);
}

/**
 * Sets the variations up in the render page (decoding the reference there)
 * and returns a line saying what runs: model, reference frames, threads.
 * A reference the page cannot decode fails with one line naming it (exit 2).
 */
export async function startVariations(renderer: EpisodeRenderer, saved: SavedVariations, model: CheckedModel, seed: number, renderWorkers: number): Promise<string> {
  if (!('setupVariations' in renderer)) throw new Error('variations need the Chromium renderer');
  let report;
  try {
    report = await (renderer as ChromiumEpisodeRenderer).setupVariations(variationsSetup(saved, model, seed, renderWorkers));
  } catch (error) {
    throw new CliError(EXIT.usage, (error as Error).message);
  }
  const frames = report.references.map((r) => `${r.file}${saved.reference.match(REFERENCE_VIDEO) ? ` frame ${r.frame}` : ''}`).join(', ');
  const isolation = report.crossOriginIsolated ? 'cross-origin isolated page' : 'page not cross-origin isolated';
  return `world model ${model.name}: ${saved.count} variation${saved.count === 1 ? '' : 's'} per camera from ${frames}; ${report.threads} wasm thread${report.threads === 1 ? '' : 's'} per render worker (${isolation})`;
}
