/** Shared test data for the scene specifications: presets on disk and a builder for small scenes. */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSceneText, loadSceneValue, type LoadOptions } from '../../scenes/load';
import { formatPointer, getAt, parsePointer } from '../../scenes/pointer';
import { formatProblem } from '../../scenes/problems';
import type { RandomizationEntry } from '../../scenes/schema/randomization';
import type { SceneDoc, SceneDocInput } from '../../scenes/schema/scene';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const PRESET_DIR = join(REPO_ROOT, 'scenes', 'presets');
export const ASSET_DIR = join(REPO_ROOT, 'assets');

/** The five presets the studio ships (file names without `.json`). */
export const SHIPPED_PRESETS = ['apartment-nav', 'bin-picking', 'shelf-pick', 'tabletop-grasp', 'warehouse-nav'] as const;

/** Every preset file in scenes/presets, sorted. */
export function presetFiles(): string[] {
  return readdirSync(PRESET_DIR).filter((f) => f.endsWith('.json')).sort();
}

export function presetText(file: string): string {
  return readFileSync(join(PRESET_DIR, file), 'utf8');
}

/** A preset as plain JSON (the document as written on disk). */
export function presetJson(file: string): SceneDocInput {
  return JSON.parse(presetText(file)) as SceneDocInput;
}

/** Whether `assets/<path>` is a file. */
export function assetExists(assetPath: string): boolean {
  const full = join(ASSET_DIR, assetPath);
  return existsSync(full) && statSync(full).isFile();
}

export const LOAD_OPTIONS: LoadOptions = { assetExists };

/** Loads a preset or throws with the formatted problem. */
export function loadPreset(file: string): SceneDoc {
  const result = loadSceneText(presetText(file), file, LOAD_OPTIONS);
  if (!result.ok) throw new Error(formatProblem(result.problem));
  return result.scene;
}

/**
 * A valid minimal grasp scene: a static floor, one dynamic cube, one
 * gripper. `randomization` is added as given.
 */
export function minimalScene(randomization: RandomizationEntry[] = []): SceneDocInput {
  return {
    schemaVersion: 1,
    name: 'minimal test scene',
    bodies: [
      {
        id: 'floor',
        kind: 'static',
        shape: { type: 'box', size: [2, 2, 0.1] },
        pose: { position: [0, 0, -0.05] },
        semantic: { class: 'floor', instanceId: 1 },
      },
      {
        id: 'cube',
        kind: 'dynamic',
        shape: { type: 'box', size: [0.05, 0.05, 0.05] },
        pose: { position: [0, 0, 0.025] },
        physics: { mass: 0.2, friction: 0.6 },
        visual: { color: '#cc3333' },
        semantic: { class: 'cube', instanceId: 2 },
      },
    ],
    robots: [{ id: 'gripper', type: 'parallel-gripper', pose: { position: [0, 0, 0.3] } }],
    task: { type: 'grasp', robot: 'gripper', target: 'cube' },
    randomization,
  };
}

/** Validates a scene built in a test, or throws with the formatted problem. */
export function mustLoad(doc: unknown, file = 'test.json'): SceneDoc {
  const result = loadSceneValue(doc, file, LOAD_OPTIONS);
  if (!result.ok) throw new Error(formatProblem(result.problem));
  return result.scene;
}

/** Parent container and final key of a pointer into plain JSON (segments may be ids, as in scene pointers). */
function parentOf(doc: unknown, pointer: string): { parent: Record<string, unknown> | unknown[]; key: string } {
  const segments = parsePointer(pointer);
  const key = segments.pop();
  if (key === undefined) throw new Error('the pointer names the document itself');
  const parent = getAt(doc, formatPointer(segments));
  if (!parent.ok || typeof parent.value !== 'object' || parent.value === null) throw new Error(`no container at ${formatPointer(segments)} in the test document`);
  return { parent: parent.value as Record<string, unknown> | unknown[], key };
}

/** Index of an array element named by index or id. */
function indexIn(array: unknown[], key: string): number {
  if (/^[0-9]+$/.test(key)) return Number(key);
  return array.findIndex((e) => typeof e === 'object' && e !== null && (e as { id?: unknown }).id === key);
}

/** Sets (or adds) the field `pointer` names in a plain JSON test document. */
export function setField(doc: unknown, pointer: string, value: unknown): void {
  const { parent, key } = parentOf(doc, pointer);
  if (Array.isArray(parent)) parent[indexIn(parent, key)] = value;
  else parent[key] = value;
}

/** Removes the field (or array element) `pointer` names from a plain JSON test document. */
export function deleteField(doc: unknown, pointer: string): void {
  const { parent, key } = parentOf(doc, pointer);
  if (!getAt(doc, pointer).ok) throw new Error(`${pointer} is not in the test document`);
  if (Array.isArray(parent)) parent.splice(indexIn(parent, key), 1);
  else delete parent[key];
}

/** Reads a field of a plain JSON test document, throwing when it is absent. */
export function fieldAt(doc: unknown, pointer: string): unknown {
  const found = getAt(doc, pointer);
  if (!found.ok) throw new Error(`${pointer} is not in the test document: ${found.reason}`);
  return found.value;
}
