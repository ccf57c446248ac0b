/**
 * The editor's pure pieces: gizmo transforms become document poses in the
 * schema's convention (intrinsic XYZ Euler degrees, as the engines read
 * them), scale gestures resize shapes, pose-only edits do not rebuild the
 * 3D scene, and the inspector reads descriptions and enums from the schema.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Object3D } from 'three';
import { describe, expect, it } from 'vitest';
import { History } from '../../scenes/history';
import { loadSceneText } from '../../scenes/load';
import type { SceneDoc } from '../../scenes/schema/scene';
import { humanize } from '../../renderer/app/model/elements';
import { unitOf } from '../../renderer/app/model/units';
import { fieldInfo } from '../../renderer/app/model/schema-info';
import { poseOf, scaleShape } from '../../renderer/app/viewport/pose';
import { movedBodies } from '../../renderer/app/viewport/scene-diff';
import { quatFromEulerDeg } from '../../workers/physics/math';

function tabletop(): SceneDoc {
  const file = path.join(import.meta.dirname, '../../scenes/presets/tabletop-grasp.json');
  const loaded = loadSceneText(readFileSync(file, 'utf8'), file);
  if (!loaded.ok) throw new Error(loaded.problem.message);
  return loaded.scene;
}

describe('gizmo transforms', () => {
  it.each([
    [[0, 0, 0]],
    [[30, 0, 0]],
    [[0, -45, 0]],
    [[10, 20, 30]],
    [[-170, 60, 95]],
  ] as const)('reads rotation %j back as the same intrinsic XYZ Euler angles the engines use', (rotation) => {
    const object = new Object3D();
    const q = quatFromEulerDeg(rotation);
    object.quaternion.set(q.x, q.y, q.z, q.w);
    object.position.set(0.1234567891, -2, 0.43000000000000005);
    const pose = poseOf(object);
    expect(pose.position).toEqual([0.123457, -2, 0.43]);
    pose.rotation.forEach((angle, i) => expect(angle).toBeCloseTo(rotation[i] as number, 3));
  });

  it('scales shapes by the gesture factors, keeping round shapes round', () => {
    expect(scaleShape({ type: 'box', size: [0.1, 0.2, 0.3] }, [2, 1, 0.5])).toEqual({ type: 'box', size: [0.2, 0.2, 0.15] });
    expect(scaleShape({ type: 'sphere', radius: 0.1 }, [1, 2, 3])).toEqual({ type: 'sphere', radius: 0.2 });
    expect(scaleShape({ type: 'cylinder', radius: 0.05, height: 0.1 }, [2, 2, 3])).toEqual({ type: 'cylinder', radius: 0.1, height: 0.3 });
    expect(scaleShape({ type: 'mesh', asset: 'meshes/stone.obj', scale: [1, 1, 1] }, [1.5, -1.5, 1])).toEqual({ type: 'mesh', asset: 'meshes/stone.obj', scale: [1.5, 1.5, 1] });
  });
});

describe('viewport updates', () => {
  it('moves bodies without a rebuild when only poses (or undrawn physics) changed', () => {
    const history = new History(tabletop());
    const before = history.doc;
    history.run((d) => {
      d.bodies[2]!.pose.position[0] = 0.3;
      d.bodies[3]!.physics.friction = 0.2;
    });
    expect(movedBodies(before, history.doc)?.map((b) => b.id)).toEqual(['mug']);
  });

  it('asks for a rebuild when something drawn changed', () => {
    const history = new History(tabletop());
    const before = history.doc;
    history.run((d) => void (d.bodies[3]!.visual.color = '#ff0000'));
    expect(movedBodies(before, history.doc)).toBeUndefined();
    const second = history.doc;
    history.run((d) => void (d.lights[0]!.intensity = 1));
    expect(movedBodies(second, history.doc)).toBeUndefined();
  });
});

describe('what the inspector reads from the schema', () => {
  const doc = tabletop();
  it.each([
    [['bodies', 2, 'kind'], { options: ['static', 'dynamic', 'kinematic'] }],
    [['bodies', 2, 'shape', 'type'], { fixed: true }],
    [['bodies', 2, 'shape', 'radius'], { description: 'metres' }],
    [['bodies', 3, 'shape', 'radius'], {}],
    [['robots', 0, 'gripForce'], { description: 'squeeze force per finger, newtons' }],
    [['lights', 0, 'type'], { options: ['ambient', 'directional', 'point', 'spot'] }],
    [['task', 'shake', 'frequencyHz'], { description: 'hertz' }],
  ] as const)('%j', (at, expected) => {
    expect(fieldInfo(doc, at)).toEqual(expected);
  });

  it.each([
    ['metres', 'm'],
    ['metres per second squared; Z is up', 'm/s²'],
    ['kilograms per cubic metre', 'kg/m³'],
    ['degrees, intrinsic XYZ Euler', '°'],
    ['squeeze force per finger, newtons', 'N'],
    ['frames recorded per second', 'fps'],
    ['Coulomb coefficient', ''],
  ])('unit of "%s" is "%s"', (description, unit) => {
    expect(unitOf(description)).toBe(unit);
  });
});

describe('property labels', () => {
  it.each([
    ['contactNaturalFrequency', 'contact natural frequency'],
    ['fovYDeg', 'fov y'],
    ['stepHz', 'step'],
    ['temperatureK', 'temperature'],
    ['instanceId', 'instance id'],
    ['id', 'id'],
  ])('%s reads "%s"', (key, label) => {
    expect(humanize(key)).toBe(label);
  });
});
