/**
 * Robot parts as render shapes, matching the physics bodies the engines
 * build: the gripper's palm and finger boxes (workers/grasp/geometry) and
 * the diff-drive base's cylinder (workers/nav/base). Ids are the pose-track
 * ids "<robot id>/palm", "/finger-left" (+Y side), "/finger-right" (-Y side)
 * and "/base"; each part's frame is its physics body's frame.
 */
import type { Shape } from '../../scenes/schema/bodies';
import type { Robot } from '../../scenes/schema/robots';
import { fingerCenter, gripperGeometry } from '../../workers/grasp/geometry';
import { add, quatFromAxisAngle, quatFromEulerDeg, rotate } from '../../workers/physics/math';
import { GROUND_CLEARANCE } from '../../workers/nav/base';
import type { RigidPose } from './camera-model';

/** One rigid part of a robot. */
export interface RobotPart {
  /** Pose-track id, "<robot id>/<part>". */
  id: string;
  robotId: string;
  shape: Shape;
  /** Pose at the start of an episode (fingers fully open; base on the floor at its start pose). */
  home: RigidPose;
  /** sRGB colour "#rrggbb". */
  color: string;
  metalness: number;
  roughness: number;
}

/** Semantic class of each robot type (robots have no `semantic` in the document). */
export const ROBOT_CLASS: Record<Robot['type'], string> = {
  'parallel-gripper': 'gripper',
  'diff-drive': 'mobile-base',
};

/** The part a camera with `attachTo` is mounted on. */
export function mountPartId(robot: Robot): string {
  return robot.type === 'parallel-gripper' ? `${robot.id}/palm` : `${robot.id}/base`;
}

/** The render parts of `robot` at its home pose. */
export function robotParts(robot: Robot): RobotPart[] {
  if (robot.type === 'parallel-gripper') {
    const g = gripperGeometry(robot);
    const q = quatFromEulerDeg(robot.pose.rotation);
    const p = robot.pose.position;
    const palm: RobotPart = {
      id: `${robot.id}/palm`,
      robotId: robot.id,
      shape: { type: 'box', size: [g.palmHalf[0] * 2, g.palmHalf[1] * 2, g.palmHalf[2] * 2] },
      home: { p: [...p], q },
      color: '#3a3f44',
      metalness: 0.4,
      roughness: 0.5,
    };
    const finger = (side: 1 | -1, name: string): RobotPart => ({
      id: `${robot.id}/${name}`,
      robotId: robot.id,
      shape: { type: 'box', size: [g.fingerHalf[0] * 2, g.fingerHalf[1] * 2, g.fingerHalf[2] * 2] },
      home: { p: add(p, rotate(q, fingerCenter(g, side, g.maxOpening / 2))), q },
      color: '#9aa1a8',
      metalness: 0.6,
      roughness: 0.35,
    });
    return [palm, finger(1, 'finger-left'), finger(-1, 'finger-right')];
  }
  const clearance = Math.min(GROUND_CLEARANCE, robot.height / 4);
  const height = robot.height - clearance;
  const [x, y, z] = robot.pose.position;
  return [
    {
      id: `${robot.id}/base`,
      robotId: robot.id,
      shape: { type: 'cylinder', radius: robot.radius, height },
      home: { p: [x, y, z + clearance + height / 2], q: quatFromAxisAngle([0, 0, 1], (robot.pose.rotation[2] * Math.PI) / 180) },
      color: '#2f3a4a',
      metalness: 0.2,
      roughness: 0.6,
    },
  ];
}
