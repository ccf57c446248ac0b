/**
 * Conversions between three.js object transforms and the document's poses
 * (position in metres; rotation as intrinsic X-Y-Z Euler angles in degrees,
 * which is three.js's 'XYZ' order), and shape scaling for the scale gizmo.
 */
import { Euler, type Object3D } from 'three';
import type { Shape } from '../../../scenes/schema/bodies';
import type { Pose } from '../../../scenes/schema/primitives';

const RAD_TO_DEG = 180 / Math.PI;

/** Rounds to `digits` decimals, turning -0 into 0, so gizmo values stay readable in the document. */
export function roundTo(value: number, digits: number): number {
  const rounded = Number(value.toFixed(digits));
  return rounded === 0 ? 0 : rounded;
}

/** The document pose of an object: micrometre positions and 1e-4 degree angles. */
export function poseOf(object: Object3D): Pose {
  const e = new Euler().setFromQuaternion(object.quaternion, 'XYZ');
  return {
    position: [roundTo(object.position.x, 6), roundTo(object.position.y, 6), roundTo(object.position.z, 6)],
    rotation: [roundTo(e.x * RAD_TO_DEG, 4), roundTo(e.y * RAD_TO_DEG, 4), roundTo(e.z * RAD_TO_DEG, 4)],
  };
}

/**
 * `shape` scaled by per-axis factors (the scale gizmo's result). Round
 * shapes keep their roundness: a sphere takes the mean factor, cylinders
 * and capsules scale their radius by the mean of X and Y and their height
 * by Z. Sizes are rounded to 0.1 mm.
 */
export function scaleShape(shape: Shape, factors: readonly [number, number, number]): Shape {
  const [sx, sy, sz] = factors.map((f) => Math.abs(f)) as [number, number, number];
  const r = (v: number): number => Math.max(1e-4, roundTo(v, 4));
  switch (shape.type) {
    case 'box':
      return { ...shape, size: [r(shape.size[0] * sx), r(shape.size[1] * sy), r(shape.size[2] * sz)] };
    case 'sphere':
      return { ...shape, radius: r((shape.radius * (sx + sy + sz)) / 3) };
    case 'cylinder':
    case 'capsule':
      return { ...shape, radius: r((shape.radius * (sx + sy)) / 2), height: r(shape.height * sz) };
    case 'mesh':
      return { ...shape, scale: [roundTo(shape.scale[0] * sx, 4), roundTo(shape.scale[1] * sy, 4), roundTo(shape.scale[2] * sz, 4)] };
  }
}
