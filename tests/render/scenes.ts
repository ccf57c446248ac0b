/** Scene builders for the renderer tests: boxes seen by one camera, and presets. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSceneText } from '../../scenes/load';
import { SceneDoc, type SceneDocInput } from '../../scenes/schema/scene';

const REPO = join(import.meta.dirname, '../..');

export interface TestBox {
  id: string;
  size: [number, number, number];
  position: [number, number, number];
  rotation: [number, number, number];
  instanceId: number;
  className: string;
  color?: string;
}

export interface TestCamera {
  position: [number, number, number];
  lookAt: [number, number, number];
  rollDeg: number;
  fovYDeg: number;
  width: number;
  height: number;
}

/** A scene of boxes (the first is the grasp target) seen by camera "cam"; the gripper is parked 80 m away, beyond the far plane. */
export function boxScene(boxes: TestBox[], camera: TestCamera): SceneDoc {
  const input: SceneDocInput = {
    schemaVersion: 1,
    name: 'boxes',
    bodies: boxes.map((b) => ({
      id: b.id,
      kind: 'dynamic',
      shape: { type: 'box', size: b.size },
      pose: { position: b.position, rotation: b.rotation },
      physics: { mass: 1 },
      visual: { color: b.color ?? '#808080' },
      semantic: { class: b.className, instanceId: b.instanceId },
    })),
    lights: [
      { id: 'sun', type: 'directional', intensity: 2.5, position: [1, -1, 3], castShadow: true },
      { id: 'sky', type: 'ambient', intensity: 0.6 },
    ],
    cameras: [{ id: 'cam', ...camera }],
    robots: [{ id: 'gripper', type: 'parallel-gripper', pose: { position: [80, 0, 0] } }],
    task: { type: 'grasp', robot: 'gripper', target: boxes[0]!.id },
  };
  return SceneDoc.parse(input);
}

/** A bundled preset, validated. */
export function loadPreset(name: string): SceneDoc {
  const file = join(REPO, 'scenes/presets', `${name}.json`);
  const result = loadSceneText(readFileSync(file, 'utf8'), file, { assetExists: (p) => existsSync(join(REPO, 'assets', p)) });
  if (!result.ok) throw new Error(`preset ${name}: ${result.problem.path} ${result.problem.message}`);
  return result.scene;
}
