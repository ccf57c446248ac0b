/** Gripper geometry from the robot document, and where the palm goes for a candidate. */
import type { Shape } from '../../scenes/schema/bodies';
import type { ParallelGripper } from '../../scenes/schema/robots';
import { cross, dot, normalize, rotate, scale, sub, type Quat, type Vec3 } from '../physics/math';
import type { MeshLibrary } from '../physics/mesh';
import { TCP_FROM_TIP } from './constants';
import { quatFromAxes, reject, type Pose } from './frames';
import type { GraspCandidate } from './types';

/** Dimensions of the gripper in the palm frame (origin at the palm's centre), metres. */
export interface GripperGeometry {
  /** Half extents of the palm box. */
  palmHalf: Vec3;
  /** Half extents of a finger box: across the pad (X), thickness (Y), length (Z). */
  fingerHalf: Vec3;
  /** Palm-frame Z of the finger centres. */
  fingerCenterZ: number;
  /** Palm-frame Z of the grasp point (between the pads, TCP_FROM_TIP of the length above the tips). */
  tcpZ: number;
  /** Largest distance between the pads. */
  maxOpening: number;
}

/** The gripper's dimensions (metres) from its robot document. */
export function gripperGeometry(robot: ParallelGripper): GripperGeometry {
  const [px, py, pz] = robot.palmSize;
  const length = robot.fingerLength;
  return {
    palmHalf: [px / 2, py / 2, pz / 2],
    fingerHalf: [robot.fingerWidth / 2, robot.fingerThickness / 2, length / 2],
    fingerCenterZ: -pz / 2 - length / 2,
    tcpZ: -pz / 2 - length + TCP_FROM_TIP * length,
    maxOpening: robot.maxOpening,
  };
}

/** Palm-frame centre of the finger on `side` (+1: +Y) when its pad is `halfOpening` metres from the palm's mid-plane. */
export function fingerCenter(g: GripperGeometry, side: 1 | -1, halfOpening: number): Vec3 {
  return [0, side * (halfOpening + g.fingerHalf[1]), g.fingerCenterZ];
}

/**
 * The palm pose that executes `candidate`: local -Z along the approach,
 * local +Y along the closing axis (the sign that best matches the home
 * pose's Y, so the fingers keep their sides), grasp point on the centre.
 */
export function graspPalmPose(g: GripperGeometry, candidate: GraspCandidate, home: Quat): Pose {
  const z = scale(normalize(candidate.approach), -1);
  let y = normalize(reject(candidate.closingAxis, z));
  if (dot(y, rotate(home, [0, 1, 0])) < 0) y = scale(y, -1);
  const x = cross(y, z);
  const q = quatFromAxes(x, y, z);
  return { p: sub(candidate.center, rotate(q, [0, 0, g.tcpZ])), q };
}

/** Radius of a sphere about the body origin that contains the shape, metres. */
export function boundingRadius(shape: Shape, meshes: MeshLibrary): number {
  switch (shape.type) {
    case 'box':
      return Math.hypot(shape.size[0], shape.size[1], shape.size[2]) / 2;
    case 'sphere':
      return shape.radius;
    case 'cylinder':
      return Math.hypot(shape.radius, shape.height / 2);
    case 'capsule':
      return shape.radius + shape.height / 2;
    case 'mesh': {
      const v = meshes[shape.asset];
      if (!v) throw new Error(`mesh asset "${shape.asset}" was not loaded`);
      let r = 0;
      for (let i = 0; i + 2 < v.length; i += 3) {
        r = Math.max(r, Math.hypot((v[i] as number) * shape.scale[0], (v[i + 1] as number) * shape.scale[1], (v[i + 2] as number) * shape.scale[2]));
      }
      return r;
    }
  }
}
