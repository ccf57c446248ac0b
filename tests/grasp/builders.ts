/** Test data for the grasp engine: small valid scenes, specs, meshes and candidates. */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSceneText } from '../../scenes/load';
import { sample, type EpisodeSpec } from '../../scenes/sample';
import { SceneDoc, type SceneDocInput } from '../../scenes/schema/scene';
import type { MeshLibrary } from '../../workers/physics/mesh';
import { parseObjVertices } from '../../workers/physics/mesh';
import type { GraspCandidate } from '../../workers/grasp';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

type BodyInput = SceneDocInput['bodies'][number];
type GripperInput = Extract<SceneDocInput['robots'][number], { type: 'parallel-gripper' }>;
type GraspTaskInput = Extract<SceneDocInput['task'], { type: 'grasp' }>;

/** Table top height in the test scenes, metres. */
export const TABLE_TOP = 0.4;

/** A dynamic box resting on the table, centred at (x, y). */
export function boxOnTable(id: string, size: [number, number, number], mass: number, friction = 0.7, x = 0, y = 0, instanceId = 10): BodyInput {
  return {
    id,
    kind: 'dynamic',
    shape: { type: 'box', size },
    pose: { position: [x, y, TABLE_TOP + size[2] / 2] },
    physics: { mass, friction },
    semantic: { class: 'box', instanceId },
  };
}

export interface GraspSceneOptions {
  target: BodyInput;
  others?: BodyInput[];
  gripper?: Partial<GripperInput>;
  task?: Partial<GraspTaskInput>;
  stepHz?: number;
}

/** A validated scene: floor, table, the target (and others), a gripper 0.4 m above the table. */
export function graspScene(options: GraspSceneOptions): SceneDoc {
  const input: SceneDocInput = {
    schemaVersion: 1,
    name: 'grasp test',
    physics: { stepHz: options.stepHz ?? 240, gravity: [0, 0, -9.81], contactNaturalFrequency: 120, solverIterations: 8 },
    bodies: [
      { id: 'floor', kind: 'static', shape: { type: 'box', size: [4, 4, 0.1] }, pose: { position: [0, 0, -0.05] }, semantic: { class: 'floor', instanceId: 1 } },
      { id: 'table', kind: 'static', shape: { type: 'box', size: [1.2, 0.8, 0.05] }, pose: { position: [0, 0, TABLE_TOP - 0.025] }, physics: { friction: 0.7 }, semantic: { class: 'table', instanceId: 2 } },
      options.target,
      ...(options.others ?? []),
    ],
    robots: [{ id: 'gripper', type: 'parallel-gripper', pose: { position: [0, 0, TABLE_TOP + 0.4] }, ...options.gripper }],
    task: { type: 'grasp', robot: 'gripper', target: options.target.id, ...options.task },
  };
  return SceneDoc.parse(input);
}

/** The spec of episode `index` of `scene` for job seed `jobSeed`. */
export function specOf(scene: SceneDoc, jobSeed = 7, index = 0): EpisodeSpec {
  return sample(scene, jobSeed, index);
}

/** A preset under scenes/presets/, loaded and validated. */
export function loadPreset(name: string): SceneDoc {
  const file = join(root, 'scenes', 'presets', `${name}.json`);
  const result = loadSceneText(readFileSync(file, 'utf8'), file);
  if (!result.ok) throw new Error(`${name}: ${result.problem.path}: ${result.problem.message}`);
  return result.scene;
}

/** Every OBJ under assets/meshes, by asset path. */
export function loadMeshes(): MeshLibrary {
  const dir = join(root, 'assets', 'meshes');
  const out: Record<string, Float32Array> = {};
  for (const file of readdirSync(dir)) if (file.endsWith('.obj')) out[`meshes/${file}`] = parseObjVertices(readFileSync(join(dir, file), 'utf8'), file);
  return out;
}

/** A straight-down grasp closing along world Y, its grasp point at `center`. */
export function topGrasp(center: [number, number, number], width: number): GraspCandidate {
  return {
    center,
    closingAxis: [0, 1, 0],
    approach: [0, 0, -1],
    width,
    contacts: [
      [center[0], center[1] - width / 2, center[2]],
      [center[0], center[1] + width / 2, center[2]],
    ],
  };
}
