/** Finding, reading and validating scene files, and loading the assets they use. */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSceneText } from '../../scenes/load';
import { formatProblem } from '../../scenes/problems';
import type { SceneDoc } from '../../scenes/schema/scene';
import { parseObjVertices, type MeshLibrary } from '../../workers/physics/mesh';
import { CliError, EXIT } from './exit-codes';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const ASSETS_DIR = join(REPO_ROOT, 'assets');
export const PRESETS_DIR = join(REPO_ROOT, 'scenes', 'presets');
export const DEFAULT_PRESET = 'tabletop-grasp';

/** A scene argument is a path to a JSON file, or the name of a bundled preset. */
export function resolveSceneArg(arg: string): string {
  if (existsSync(arg)) return arg;
  const preset = join(PRESETS_DIR, `${arg.replace(/\.json$/, '')}.json`);
  if (!arg.includes('/') && existsSync(preset)) return preset;
  throw new CliError(EXIT.invalidScene, `${arg}: no such file (and no preset of that name; presets: ${presetNames().join(', ')})`);
}

export function presetNames(): string[] {
  return ['tabletop-grasp', 'bin-picking', 'shelf-pick', 'warehouse-nav', 'apartment-nav'].filter((n) => existsSync(join(PRESETS_DIR, `${n}.json`)));
}

export interface LoadedScene {
  file: string;
  scene: SceneDoc;
  /** The file's text as read (kept with datasets so a job can be regenerated). */
  text: string;
}

/** Reads and validates a scene file; refuses it with one line naming file, field and value. */
export function readSceneFile(file: string): LoadedScene {
  let text: string;
  try {
    if (statSync(file).isDirectory()) throw new CliError(EXIT.invalidScene, `${file}: is a folder, not a scene file`);
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(EXIT.invalidScene, `${file}: cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const result = loadSceneText(text, file, { assetExists: (p) => existsSync(join(ASSETS_DIR, p)) });
  if (!result.ok) throw new CliError(EXIT.invalidScene, formatProblem(result.problem));
  return { file, scene: result.scene, text };
}

/** Loads the vertices of every mesh asset the scene refers to. */
export function loadMeshes(scene: SceneDoc): MeshLibrary {
  const assets = new Set<string>();
  for (const body of scene.bodies) if (body.shape.type === 'mesh') assets.add(body.shape.asset);
  // Randomized mesh choices (a choice over /bodies/<id>/shape/asset).
  for (const entry of scene.randomization) {
    if (entry.path.endsWith('/shape/asset') && entry.dist.type === 'choice') {
      for (const value of entry.dist.values) if (typeof value === 'string') assets.add(value);
    }
  }
  const library: Record<string, Float32Array> = {};
  for (const asset of [...assets].sort()) {
    try {
      library[asset] = parseObjVertices(readFileSync(join(ASSETS_DIR, asset), 'utf8'), `assets/${asset}`);
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
      throw new CliError(EXIT.invalidScene, `assets/${asset}: ${reason}`);
    }
  }
  return library;
}

export const sceneLabel = (file: string): string => basename(file);
