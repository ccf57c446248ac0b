/**
 * The simulated parallel-jaw gripper: a kinematic palm moved by position
 * targets and two heavy dynamic fingers on prismatic joints along the
 * palm's Y axis. Each finger is driven by a joint motor that tracks a
 * closing speed with its force capped at the grip force, so a blocked
 * finger squeezes with exactly that force (as a force-limited real gripper).
 */
import type { ParallelGripper } from '../../scenes/schema/robots';
import { dot, rotate, sub, type Vec3 } from '../physics/math';
import type { Rapier } from '../physics/rapier';
import { FINGER_CENTERING_RAD_S, FINGER_MASS, FINGER_MOTOR_FACTOR, FINGER_POSITION_GAIN, FINGER_SPEED } from './constants';
import { toWorld, type Pose } from './frames';
import { fingerCenter, gripperGeometry, type GripperGeometry } from './geometry';

type World = InstanceType<Rapier['World']>;
type RigidBody = ReturnType<World['createRigidBody']>;
type Collider = ReturnType<World['createCollider']>;
type Joint = InstanceType<Rapier['PrismaticImpulseJoint']>;

/** Collision groups of the gripper: member of group 1, collides with every group but 1 (never with itself). */
export const GRIPPER_GROUPS = ((1 << 1) << 16) | (0xffff & ~(1 << 1));

/** One finger: a dynamic box on a prismatic joint of the palm. */
export interface Finger {
  /** +1: the finger on the palm's +Y side ("left"), -1: on -Y ("right"). */
  side: 1 | -1;
  body: RigidBody;
  collider: Collider;
  joint: Joint;
}

/** The gripper's bodies in the Rapier world. */
export interface Gripper {
  geometry: GripperGeometry;
  palm: RigidBody;
  palmCollider: Collider;
  /** [left (+Y), right (-Y)]. */
  fingers: [Finger, Finger];
  /** Orientation of the palm (fixed for the episode). */
  q: Pose['q'];
  /** Force limit of the finger motors now, newtons. */
  forceLimit: number;
}

/** Adds the gripper to `world` with its palm at `pose` and the fingers fully open. */
export function addGripper(R: Rapier, world: World, robot: ParallelGripper, pose: Pose): Gripper {
  const g = gripperGeometry(robot);
  const palm = world.createRigidBody(
    R.RigidBodyDesc.kinematicPositionBased().setTranslation(pose.p[0], pose.p[1], pose.p[2]).setRotation(pose.q),
  );
  const palmCollider = world.createCollider(
    R.ColliderDesc.cuboid(...g.palmHalf)
      .setFriction(robot.fingerFriction)
      .setCollisionGroups(GRIPPER_GROUPS)
      .setActiveCollisionTypes(R.ActiveCollisionTypes.ALL),
    palm,
  );
  const half = g.maxOpening / 2;
  const makeFinger = (side: 1 | -1): Finger => {
    const c = toWorld(pose, fingerCenter(g, side, half));
    const body = world.createRigidBody(R.RigidBodyDesc.dynamic().setTranslation(c[0], c[1], c[2]).setRotation(pose.q).setCanSleep(false));
    const collider = world.createCollider(
      R.ColliderDesc.cuboid(...g.fingerHalf)
        .setMass(FINGER_MASS)
        .setFriction(robot.fingerFriction)
        .setRestitution(0)
        .setCollisionGroups(GRIPPER_GROUPS),
      body,
    );
    // Joint coordinate = distance from the palm's mid-plane to the pad.
    const data = R.JointData.prismatic({ x: 0, y: side * g.fingerHalf[1], z: g.fingerCenterZ }, { x: 0, y: 0, z: 0 }, { x: 0, y: side, z: 0 });
    data.limitsEnabled = true;
    data.limits = [0, half];
    const joint = world.createImpulseJoint(data, palm, body, true) as Joint;
    joint.setContactsEnabled(false);
    joint.setMotorMaxForce(robot.gripForce);
    joint.configureMotorVelocity(0, FINGER_MOTOR_FACTOR);
    return { side, body, collider, joint };
  };
  return { geometry: g, palm, palmCollider, fingers: [makeFinger(1), makeFinger(-1)], q: pose.q, forceLimit: robot.gripForce };
}

/** Distance from the palm's mid-plane to the finger's pad, metres. */
export function halfOpening(gripper: Gripper, finger: Finger, palmPosition: Vec3): number {
  const t = finger.body.translation();
  const axis = rotate(gripper.q, [0, finger.side, 0]);
  return dot(sub([t.x, t.y, t.z], palmPosition), axis) - gripper.geometry.fingerHalf[1];
}

/** Distance between the pads, metres. */
export function opening(gripper: Gripper, palmPosition: Vec3): number {
  return halfOpening(gripper, gripper.fingers[0], palmPosition) + halfOpening(gripper, gripper.fingers[1], palmPosition);
}

/** Opening speed of a finger relative to the palm, m/s (negative while closing). */
export function fingerSpeed(gripper: Gripper, finger: Finger): number {
  const v = finger.body.linvel();
  const w = gripper.palm.linvel();
  const axis = rotate(gripper.q, [0, finger.side, 0]);
  return dot([v.x - w.x, v.y - w.y, v.z - w.z], axis);
}

/**
 * Drives both fingers toward a pad distance of `targetOpening` metres at up
 * to FINGER_SPEED, each motor pushing with at most `forceLimit` newtons,
 * and keeps the pair centred on the palm (see FINGER_CENTERING_RAD_S).
 */
export function driveFingers(gripper: Gripper, targetOpening: number, forceLimit: number, palmPosition: Vec3): void {
  const limitChanged = forceLimit !== gripper.forceLimit;
  gripper.forceLimit = forceLimit;
  const [left, right] = gripper.fingers;
  const sLeft = halfOpening(gripper, left, palmPosition);
  const sRight = halfOpening(gripper, right, palmPosition);
  for (const [finger, s] of [[left, sLeft], [right, sRight]] as const) {
    const speed = Math.max(-FINGER_SPEED, Math.min(FINGER_SPEED, FINGER_POSITION_GAIN * (targetOpening / 2 - s)));
    if (limitChanged) finger.joint.setMotorMaxForce(forceLimit);
    finger.joint.configureMotorVelocity(speed, FINGER_MOTOR_FACTOR);
  }
  // Offset of the pair toward +Y and its rate; an equal force on both fingers pulls it back.
  const offset = (sLeft - sRight) / 2;
  const rate = (fingerSpeed(gripper, left) - fingerSpeed(gripper, right)) / 2;
  const w = FINGER_CENTERING_RAD_S;
  const force = -FINGER_MASS * (w * w * offset + 2 * w * rate);
  const y = rotate(gripper.q, [0, force, 0]);
  const vector = { x: y[0], y: y[1], z: y[2] };
  for (const finger of gripper.fingers) {
    finger.body.resetForces(false);
    finger.body.addForce(vector, false);
  }
}
