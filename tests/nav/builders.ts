/** Test data for the navigation engine: small hand-made scenes (validated by SceneDoc.parse), presets, episode specs. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadSceneText } from '../../scenes/load';
import { sample, type EpisodeSpec } from '../../scenes/sample';
import { SceneDoc, type SceneDocInput } from '../../scenes/schema/scene';
import { loadRapier, type Rapier } from '../../workers/physics/rapier';

type BodyInput = SceneDocInput['bodies'][number];
type RobotInput = Extract<SceneDocInput['robots'][number], { type: 'diff-drive' }>;
type NavTaskInput = Extract<SceneDocInput['task'], { type: 'navigation' }>;

/** A static box on the floor: centre (x, y) in metres, footprint [sx, sy], height in metres, yaw in degrees. */
export function wall(id: string, centre: [number, number], size: [number, number], options: { height?: number; yawDeg?: number; bottom?: number } = {}): BodyInput {
  const height = options.height ?? 1;
  const bottom = options.bottom ?? 0;
  return {
    id,
    kind: 'static',
    shape: { type: 'box', size: [size[0], size[1], height] },
    pose: { position: [centre[0], centre[1], bottom + height / 2], rotation: [0, 0, options.yawDeg ?? 0] },
    semantic: { class: 'wall', instanceId: 1 },
  };
}

export interface NavSceneOptions {
  /** Obstacles; a 20 x 20 m floor slab is added under them. */
  bodies?: BodyInput[];
  /** Start x, y (metres) and heading (degrees). */
  start?: [number, number, number];
  goal?: [number, number];
  goalRadius?: number;
  robot?: Partial<RobotInput>;
  task?: Partial<NavTaskInput>;
  stepHz?: number;
}

/** A valid navigation scene with a noiseless diff-drive base (radius 0.2 m) and no randomization. */
export function navScene(options: NavSceneOptions = {}): SceneDoc {
  const [sx, sy, yaw] = options.start ?? [0, 0, 0];
  const floor: BodyInput = {
    id: 'floor',
    kind: 'static',
    shape: { type: 'box', size: [20, 20, 0.1] },
    pose: { position: [0, 0, -0.05] },
    semantic: { class: 'floor', instanceId: 1 },
  };
  const bodies = [floor, ...(options.bodies ?? [])].map((b, i) => ({ ...b, semantic: { ...b.semantic, instanceId: i + 1 } }));
  const input: SceneDocInput = {
    schemaVersion: 1,
    name: 'nav test scene',
    physics: { stepHz: options.stepHz ?? 240 },
    bodies,
    robots: [
      {
        id: 'base',
        type: 'diff-drive',
        pose: { position: [sx, sy, 0], rotation: [0, 0, yaw] },
        radius: 0.2,
        lidar: { rays: 180, rangeMax: 8, mountHeight: 0.2 },
        ...options.robot,
      },
    ],
    task: {
      type: 'navigation',
      robot: 'base',
      goal: { position: options.goal ?? [3, 0], radius: options.goalRadius ?? 0.3, name: 'test goal' },
      timeLimit: 60,
      cellSize: 0.05,
      inflation: 0.05,
      recordFps: 10,
      ...options.task,
    },
  };
  return SceneDoc.parse(input);
}

/** An episode spec of a fixed scene (nothing randomized) with a fixed seed. */
export function specOf(scene: SceneDoc, seed = '0123456789abcdef0123456789abcdef', episodeIndex = 0): EpisodeSpec {
  return { jobSeed: 0, episodeIndex, seed, scene, resolved: [] };
}

const PRESET_DIR = fileURLToPath(new URL('../../scenes/presets/', import.meta.url));

/** A shipped preset, loaded and validated through loadSceneText. */
export function loadNavPreset(name: 'warehouse-nav' | 'apartment-nav'): SceneDoc {
  const file = `${name}.json`;
  const result = loadSceneText(readFileSync(PRESET_DIR + file, 'utf8'), file);
  if (!result.ok) throw new Error(`${file}: ${result.problem.path}: ${result.problem.message}`);
  return result.scene;
}

/** Episode `i` of job `jobSeed` of a scene. */
export function presetSpec(scene: SceneDoc, jobSeed: number, i: number): EpisodeSpec {
  return sample(scene, jobSeed, i);
}

/** Rapier, initialised once per test file. */
export function rapier(): Promise<Rapier> {
  return loadRapier();
}
