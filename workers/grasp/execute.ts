/**
 * Runs one grasp candidate in a settled world: adds the gripper at the
 * pre-grasp pose, steps physics at the scene's rate through approach,
 * close, lift, hold and shake, records frames at the task's rate, and
 * labels the outcome from what the physics did. Stops as soon as the
 * outcome is certain (after recording the frame that shows it).
 */
import { Rng } from '../../scenes/rng';
import type { ParallelGripper } from '../../scenes/schema/robots';
import type { GraspTask } from '../../scenes/schema/task';
import type { Channel, Outcome, PoseTrack } from '../episode';
import { add, cross, norm, normalize, quatFromEulerDeg, rotate, scale, sub, type Vec3 } from '../physics/math';
import type { Rapier } from '../physics/rapier';
import type { BuiltBody, BuiltWorld } from '../physics/world';
import { Actuator } from './actuation';
import { gripperCollision } from './contacts';
import { CLOSE_EXTRA_SECONDS, CLOSE_MIN_SECONDS, CLOSE_STILL_SECONDS, CLOSE_STILL_SPEED, FINGER_SPEED, PALM_ACCELERATION, SLIP_LIMIT } from './constants';
import { GraspController, type MotionPlan } from './controller';
import { angleBetween, reject, toLocal, UP, type Pose } from './frames';
import { graspPalmPose, gripperGeometry } from './geometry';
import { addGripper, driveFingers, fingerSpeed } from './gripper';
import { trapezoid } from './motion';
import { Observer, type FrameTruth } from './observe';
import { movingBodies, PoseTracker } from '../physics/pose-track';
import type { GraspCandidate, Phase } from './types';

/** A settled world ready for a grasp. */
export interface GraspContext {
  R: Rapier;
  built: BuiltWorld;
  target: BuiltBody;
  robot: ParallelGripper;
  task: GraspTask;
  /** Episode seed (32 hex digits). */
  seed: string;
  /** 0 for the first attempt; keys the noise streams. */
  attempt: number;
}

/** What one executed candidate produced. */
export interface GraspRun {
  outcome: Outcome;
  detail: string;
  frames: number;
  channels: Record<string, Channel>;
  /** Scalar results in SI units (see runGraspEpisode). */
  metrics: Record<string, number>;
  /** Poses of the moving scene bodies and the gripper parts per frame, for rendering. */
  poses: PoseTrack;
  /** Physics steps taken by the grasp (settling not included). */
  steps: number;
}

const fmt = (x: number, digits = 3): string => x.toFixed(digits);

/** Executes `candidate` in `ctx`'s world (which it leaves modified; the caller frees it). */
export function simulateGrasp(ctx: GraspContext, candidate: GraspCandidate): GraspRun {
  const { R, built, target, robot, task } = ctx;
  const { world, dt } = built;
  const geometry = gripperGeometry(robot);
  const grasp = graspPalmPose(geometry, candidate, quatFromEulerDeg(robot.pose.rotation));
  const approach = normalize(candidate.approach);
  const pre = sub(grasp.p, scale(approach, task.approachDistance));
  const gripper = addGripper(R, world, robot, { p: pre, q: grasp.q });
  const plan = motionPlan(ctx, grasp, pre, approach);
  const controller = new GraspController(plan);
  const stepHz = Math.round(1 / dt);
  const framePeriod = stepHz / task.recordFps;
  const actuator = new Actuator(robot.actuation, dt, Math.max(1, Math.round(framePeriod)), Rng.fromKey(ctx.seed, 'grasp-actuation', ctx.attempt), {
    target: pre,
    opening: robot.maxOpening,
    phase: 'approach',
  });
  const closeMaxSeconds = robot.maxOpening / 2 / FINGER_SPEED + CLOSE_EXTRA_SECONDS;
  const plannedSeconds = plan.approachProfile.duration + closeMaxSeconds + plan.liftProfile.duration + plan.holdSeconds + plan.shake.seconds + robot.actuation.latency * 5;
  const maxSteps = Math.ceil(plannedSeconds / dt) + 2 * Math.ceil(framePeriod) + 8;
  const capacity = Math.ceil(plannedSeconds * task.recordFps) + 4;
  const observer = new Observer(robot, ctx.seed, ctx.attempt, capacity);
  const poses = new PoseTracker([...movingBodies(built), [`${robot.id}/palm`, gripper.palm], [`${robot.id}/finger-left`, gripper.fingers[0].body], [`${robot.id}/finger-right`, gripper.fingers[1].body]], capacity);
  const bodyName = (handle: number): string => `"${built.bodyIdByCollider.get(handle) ?? 'gripper'}"`;

  let outcome: Outcome | undefined;
  let detail = '';
  let palm: Pose = { p: pre, q: grasp.q };
  let phase: Phase = 'approach';
  let command = controller.command(0);
  let n = 0;
  let frame = 0;
  let nextFrameStep = 0;
  let closeStart = -1;
  let stillSteps = 0;
  let closedOpening = Number.NaN;
  let objectZ0 = Number.NaN;
  let liftHeight = Number.NaN;
  let rel0: Vec3 | undefined;
  let dz0 = 0;
  let maxSlip = 0;
  let holdForce = 0;
  let holdFrames = 0;

  const objectPosition = (): Vec3 => {
    const t = target.body.translation();
    return [t.x, t.y, t.z];
  };

  for (;;) {
    if (n >= nextFrameStep) {
      // Frame k shows the state at the step nearest k / recordFps (repeated when recording outpaces physics).
      while (nextFrameStep <= n) {
        const truth: FrameTruth = observer.record(world, gripper, palm, target, command, dt);
        poses.record();
        if (phase === 'hold') {
          holdForce += (truth.left.targetForce + truth.right.targetForce) / 2;
          holdFrames++;
        }
        frame++;
        nextFrameStep = Math.round(frame * framePeriod);
      }
      if (outcome) break;
    }
    if (n >= maxSteps) throw new Error(`grasp episode did not finish within ${maxSteps} steps (phase ${phase}); this is a bug`);

    const applied = actuator.apply(command);
    driveFingers(gripper, applied.opening, robot.gripForce * applied.forceScale, palm.p);
    gripper.palm.setNextKinematicTranslation({ x: applied.palm[0], y: applied.palm[1], z: applied.palm[2] });
    world.step();
    n++;
    palm = { p: applied.palm, q: grasp.q };
    phase = applied.phase;
    const t = n * dt;

    if (!outcome) {
      if (phase === 'approach') {
        const hit = gripperCollision(world, [gripper.palmCollider, gripper.fingers[0].collider, gripper.fingers[1].collider], dt);
        if (hit) {
          outcome = 'collision_on_approach';
          const how = [hit.force > 0 ? `${fmt(hit.force, 1)} N` : '', hit.depth >= 5e-4 ? `${fmt(hit.depth * 1000, 1)} mm deep` : ''].filter(Boolean).join(', ');
          detail = `${hit.part} hit ${bodyName(hit.other)} during the approach at t=${fmt(t, 2)} s (${how || 'touching'})`;
        }
      } else if (phase === 'close' && controller.phase === 'close') {
        if (closeStart < 0) closeStart = n;
        const still = gripper.fingers.every((f) => Math.abs(fingerSpeed(gripper, f)) < CLOSE_STILL_SPEED);
        stillSteps = still ? stillSteps + 1 : 0;
        const elapsed = (n - closeStart) * dt;
        if ((elapsed >= CLOSE_MIN_SECONDS && stillSteps * dt >= CLOSE_STILL_SECONDS) || elapsed >= closeMaxSeconds) {
          const truth = observer.peek(world, gripper, palm, target, dt);
          closedOpening = truth.opening;
          if (truth.left.touchesTarget && truth.right.touchesTarget) {
            controller.closeFinished(t);
            objectZ0 = objectPosition()[2];
          } else {
            outcome = 'no_contact';
            const onTarget = truth.left.touchesTarget ? 'only the left finger' : truth.right.touchesTarget ? 'only the right finger' : 'neither finger';
            const others = [...new Set([...truth.left.touching, ...truth.right.touching])].filter((h) => h !== target.collider.handle).map(bodyName);
            detail =
              `fingers stopped at ${fmt(truth.opening)} m at t=${fmt(t, 2)} s with ${onTarget} on ${bodyName(target.collider.handle)}` +
              (others.length ? `, touching ${others.join(', ')}` : '');
          }
        }
      } else if (phase === 'lift' || phase === 'hold' || phase === 'shake' || phase === 'done') {
        const obj = objectPosition();
        const rel = toLocal(palm, obj);
        if (!rel0) {
          rel0 = rel;
          dz0 = obj[2] - palm.p[2];
        }
        const slip = norm(sub(rel, rel0));
        maxSlip = Math.max(maxSlip, slip);
        if (phase === 'shake' && Number.isNaN(liftHeight)) liftHeight = obj[2] - objectZ0;
        if (slip > SLIP_LIMIT) {
          outcome = phase === 'lift' || phase === 'hold' ? 'slipped_during_lift' : 'dropped_during_shake';
          const fell = dz0 - (obj[2] - palm.p[2]);
          detail =
            `object moved ${fmt(slip)} m relative to the palm (${fmt(Math.abs(fell))} m ${fell >= 0 ? 'down' : 'up'}) during ${phase === 'done' ? 'shake' : phase} at t=${fmt(t, 2)} s; ` +
            `grip ${fmt(robot.gripForce, 1)} N per finger, pad friction ${fmt(robot.fingerFriction, 2)}, object friction ${fmt(target.doc.physics.friction, 2)}`;
        } else if (phase === 'done') {
          outcome = 'success';
          detail =
            `held through lift (${fmt(task.liftHeight)} m), hold (${fmt(task.holdSeconds, 2)} s) and shake (±${fmt(task.shake.amplitude)} m at ${fmt(task.shake.frequencyHz, 1)} Hz for ${fmt(task.shake.seconds, 2)} s); ` +
            `max slip ${fmt(maxSlip)} m, mean grip force ${fmt(holdFrames ? holdForce / holdFrames : 0, 1)} N per finger`;
        }
        if (outcome && Number.isNaN(liftHeight)) liftHeight = obj[2] - objectZ0;
      }
    }
    command = controller.command(t);
  }

  return {
    outcome: outcome as Outcome,
    detail,
    frames: observer.frames,
    channels: observer.channels(),
    poses: poses.finish(observer.frames),
    steps: n,
    metrics: {
      graspWidth: candidate.width,
      approachTiltDeg: (angleBetween(approach, [0, 0, -1]) * 180) / Math.PI,
      ...(Number.isNaN(closedOpening) ? {} : { closedOpening }),
      liftHeightAchieved: Number.isNaN(liftHeight) ? 0 : liftHeight,
      maxSlip,
      holdForce: holdFrames ? holdForce / holdFrames : 0,
      duration: (observer.frames - 1) / task.recordFps,
    },
  };
}

/** The palm's path for this candidate. */
function motionPlan(ctx: GraspContext, grasp: Pose, pre: Vec3, approach: Vec3): MotionPlan {
  const { robot, task } = ctx;
  const closing = rotate(grasp.q, [0, 1, 0]);
  const across = cross(UP, closing);
  const sideways = norm(across) > 0.1 ? across : reject(rotate(grasp.q, [1, 0, 0]), UP);
  return {
    pre,
    grasp: grasp.p,
    approach,
    approachProfile: trapezoid(task.approachDistance, robot.speed, PALM_ACCELERATION),
    lifted: add(grasp.p, [0, 0, task.liftHeight]),
    liftProfile: trapezoid(task.liftHeight, robot.speed, PALM_ACCELERATION),
    holdSeconds: task.holdSeconds,
    shake: task.shake,
    shakeHorizontal: norm(sideways) > 1e-6 ? normalize(sideways) : [1, 0, 0],
    maxOpening: robot.maxOpening,
  };
}
