/** Shared test helpers for pipeline tests: loading presets and collecting records. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSceneText } from '../../scenes/load';
import type { SceneDoc } from '../../scenes/schema/scene';
import { parseObjVertices, type MeshLibrary } from '../../workers/physics/mesh';

export const REPO = join(import.meta.dirname, '../..');

/** Loads a preset by name, failing the test with the problem line if invalid. */
export function preset(name: string): SceneDoc {
  const file = join(REPO, 'scenes/presets', `${name}.json`);
  const result = loadSceneText(readFileSync(file, 'utf8'), file, { assetExists: (p) => existsSync(join(REPO, 'assets', p)) });
  if (!result.ok) throw new Error(`preset ${name} is invalid: ${result.problem.path} ${result.problem.message}`);
  return result.scene;
}

/** Every bundled mesh, by asset path. */
export function allMeshes(): MeshLibrary {
  const library: Record<string, Float32Array> = {};
  for (const name of ['bottle', 'wedge', 'stone']) {
    library[`meshes/${name}.obj`] = parseObjVertices(readFileSync(join(REPO, 'assets/meshes', `${name}.obj`), 'utf8'));
  }
  return library;
}
