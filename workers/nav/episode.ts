/**
 * One navigation rollout: the scene's world plus the differential-drive base,
 * the plan on the scene's occupancy grid, the follower, sensors and
 * actuation, stepped at scene.physics.stepHz and recorded at task.recordFps.
 *
 * Timing: frame k is taken at physics step floor(k * stepHz / recordFps)
 * (time k / recordFps). At each frame the base is observed (state, scan,
 * depth, goal), the follower issues a command (the frame's action) and the
 * command is held until the next frame, after the actuation latency. Success
 * is checked after every physics step; the episode then ends at the next
 * frame, whose action is zero. Without success it ends at the last frame not
 * after task.timeLimit.
 *
 * Randomness: only the seeded streams Rng.fromKey(spec.seed, key) with keys
 * 'lidar-noise', 'lidar-dropout', 'depth-noise', 'depth-dropout' and
 * 'actuation-noise'; planning and following are deterministic, so the same
 * spec gives the same bytes.
 */
import { Rng } from '../../scenes/rng';
import type { EpisodeSpec } from '../../scenes/sample';
import type { DiffDriveBase } from '../../scenes/schema/robots';
import type { NavigationTask } from '../../scenes/schema/task';
import type { EpisodeRecord } from '../episode';
import type { MeshLibrary } from '../physics/mesh';
import type { Rapier } from '../physics/rapier';
import { movingBodies, PoseTracker } from '../physics/pose-track';
import { buildWorld, type BuiltWorld } from '../physics/world';
import { Actuator, clampTwist, type Twist } from './actuation';
import { DriveBase } from './base';
import { DepthCamera } from './depth';
import { defaultFollowerParams, PathFollower } from './follower';
import { Lidar } from './lidar';
import { footprintsInBand } from './footprint';
import { buildClearanceGrid, clearanceAt, type ClearanceGrid } from './grid';
import { isMapped, planPath, PREFERRED_EXTRA_CLEARANCE, shortestPathLength, type Disk } from './planner';
import type { Polyline } from './polyline';
import { ChannelBuffer } from './recorder';
import { nearestFootprint, outcomeDetail } from './report';

/** 'observation.state': base x, y (m), yaw (rad, (-pi, pi]), realized speed along the heading (m/s), yaw rate (rad/s). */
export const STATE_NAMES = ['x', 'y', 'yaw', 'linear_vel', 'angular_vel'];
/** 'action': the commanded linear (m/s) and angular (rad/s) velocity, clipped to the robot's limits, held until the next frame. */
export const ACTION_NAMES = ['linear_vel', 'angular_vel'];
/** 'goal': goal centre x, y (m) and the distance from the base centre to it (m). */
export const GOAL_NAMES = ['goal_x', 'goal_y', 'distance'];

/** Seconds without 0.1 m of progress along the path (plus the time of a half turn) after which the base replans from where it is. */
export const STALL_SECONDS = 3;

/**
 * Runs one navigation episode of `spec` (a navigation task with a diff-drive
 * robot) and returns its record. Synchronous once Rapier is loaded; the
 * Rapier world is freed before returning or throwing. `attempts` is copied
 * into the record (the caller counts retries). Throws for a spec that is not
 * a navigation episode and for engine failures; expected failures are
 * outcomes ('timeout', 'no_path').
 *
 * Channels: 'observation.state', 'action', 'observation.scan' (lidar ranges,
 * m, NaN = dropout), 'observation.depth' when the robot has a depth sensor
 * (z-depth, m, row-major "d_RR_CC"), 'goal'.
 *
 * Metrics (SI units): pathLength (m travelled), shortestPathLength (m, the
 * shortest path of a disk of robot.radius into the goal disk; NaN if none),
 * spl (success * shortest / max(shortest, travelled)), collisions (contact
 * episodes, one already under way at the start included), timeToGoal (s,
 * NaN on failure), finalDistance (m to the goal centre), plannedPathLength
 * (m, the followed path; NaN without a path), replans (count), and
 * startClearance (m between the base's edge and the nearest mapped obstacle
 * at the start; negative when the start overlaps it).
 */
export function runNavigationEpisode(R: Rapier, spec: EpisodeSpec, meshes: MeshLibrary, attempts = 1): EpisodeRecord {
  const task = spec.scene.task;
  if (task.type !== 'navigation') throw new Error(`episode ${spec.episodeIndex}: runNavigationEpisode needs a navigation task, got "${task.type}"`);
  const robot = spec.scene.robots.find((r) => r.id === task.robot);
  if (!robot || robot.type !== 'diff-drive') {
    throw new Error(`episode ${spec.episodeIndex}: task.robot "${task.robot}" is not a diff-drive robot of the scene`);
  }
  const built = buildWorld(R, spec.scene, meshes);
  let base: DriveBase | undefined;
  try {
    base = new DriveBase(R, built, robot);
    return simulate(R, built, base, spec, robot, task, meshes, attempts);
  } finally {
    base?.free();
    built.world.free();
  }
}

function simulate(
  R: Rapier,
  built: BuiltWorld,
  base: DriveBase,
  spec: EpisodeSpec,
  robot: DiffDriveBase,
  task: NavigationTask,
  meshes: MeshLibrary,
  attempts: number,
): EpisodeRecord {
  const scene = spec.scene;
  const stepHz = scene.physics.stepHz;
  const fps = task.recordFps;
  const goal: Disk = { x: task.goal.position[0], y: task.goal.position[1], radius: task.goal.radius };
  const pose = base.pose;
  const start: [number, number] = [pose.x, pose.y];

  const maxDistance = robot.radius + task.inflation + PREFERRED_EXTRA_CLEARANCE + task.cellSize;
  const footprints = footprintsInBand(scene.bodies, base.band, meshes, isMapped);
  const grid = buildClearanceGrid(footprints, task.cellSize, [start, [goal.x, goal.y]], maxDistance);
  const nearest = nearestFootprint(footprints, start[0], start[1]);
  const path = planPath(grid, start, goal, robot.radius, task.inflation);
  const shortest = shortestPathLength(grid, start, goal, robot.radius);

  const lidar = new Lidar(R, built.world, robot.lidar, base.body, spec.seed);
  const depth = robot.depth ? new DepthCamera(R, built.world, robot.depth, base.body, spec.seed) : undefined;
  const maxFrames = path ? Math.floor(task.timeLimit * fps + 1e-9) + 1 : 1;
  const state = new ChannelBuffer(STATE_NAMES, maxFrames);
  const action = new ChannelBuffer(ACTION_NAMES, maxFrames);
  const scan = new ChannelBuffer(lidar.names, maxFrames);
  const image = depth ? new ChannelBuffer(depth.names, maxFrames) : undefined;
  const goalChannel = new ChannelBuffer(GOAL_NAMES, maxFrames);
  const distanceToGoal = (): number => Math.hypot(pose.x - goal.x, pose.y - goal.y);
  const poses = new PoseTracker([...movingBodies(built), [`${robot.id}/base`, base.body]], Math.min(maxFrames, 1024));
  const observe = (k: number, command: Twist): void => {
    poses.record();
    state.set(k, [pose.x, pose.y, pose.yaw, base.linearVelocity, base.angularVelocity]);
    action.set(k, [command.linear, command.angular]);
    const scanAt = scan.offset(k);
    lidar.scan(pose, base.floorZ, scan.data, scanAt);
    if (depth && image) {
      const imageAt = image.offset(k);
      depth.render(pose, base.floorZ, image.data, imageAt);
    }
    goalChannel.set(k, [goal.x, goal.y, distanceToGoal()]);
  };

  const run = path
    ? drive({ base, robot, task, spec, grid, goal, path, maxFrames, stepHz, fps, observe })
    : { frames: 1, reachedStep: distanceToGoal() <= goal.radius ? 0 : -1, travelled: 0, replans: 0 };
  if (!path) observe(0, { linear: 0, angular: 0 });

  const success = run.reachedStep >= 0;
  const outcome = success ? 'success' : path ? 'timeout' : 'no_path';
  const timeToGoal = success ? run.reachedStep / stepHz : Number.NaN;
  const denominator = Math.max(shortest, run.travelled);
  const spl = !success ? 0 : denominator > 0 ? shortest / denominator : 1;
  const finalDistance = distanceToGoal();
  const startGap = nearest.distance - robot.radius;
  const detail = outcomeDetail({
    outcome,
    goalLabel: task.goal.name ?? 'the goal',
    goal,
    start,
    timeToGoal,
    finalDistance,
    timeLimit: task.timeLimit,
    travelled: run.travelled,
    shortest,
    collisions: base.collisions,
    replans: run.replans,
    startGap,
    nearestId: nearest.id,
    radius: robot.radius,
    inflation: task.inflation,
  });

  const channels: EpisodeRecord['channels'] = {
    'observation.state': state.finish(run.frames),
    action: action.finish(run.frames),
    'observation.scan': scan.finish(run.frames),
  };
  if (image) channels['observation.depth'] = image.finish(run.frames);
  channels.goal = goalChannel.finish(run.frames);

  return {
    episodeIndex: spec.episodeIndex,
    seed: spec.seed,
    task: 'navigation',
    success,
    outcome,
    detail,
    fps,
    frames: run.frames,
    channels,
    poses: poses.finish(run.frames),
    metrics: {
      pathLength: run.travelled,
      shortestPathLength: shortest,
      spl,
      collisions: base.collisions,
      timeToGoal,
      finalDistance,
      plannedPathLength: path ? path.length : Number.NaN,
      replans: run.replans,
      startClearance: startGap,
    },
    resolved: spec.resolved,
    attempts,
  };
}

interface DriveContext {
  base: DriveBase;
  robot: DiffDriveBase;
  task: NavigationTask;
  spec: EpisodeSpec;
  grid: ClearanceGrid;
  goal: Disk;
  path: Polyline;
  maxFrames: number;
  stepHz: number;
  fps: number;
  /** Records frame k with the command issued at it. */
  observe: (k: number, command: Twist) => void;
}

interface DriveResult {
  frames: number;
  /** Physics step at which the base entered the goal disk, or -1. */
  reachedStep: number;
  /** Metres. */
  travelled: number;
  replans: number;
}

/** The control and physics loop: frames at recordFps, physics steps in between. */
function drive(c: DriveContext): DriveResult {
  const { base, robot, task, goal, fps, stepHz } = c;
  const pose = base.pose;
  const dt = 1 / stepHz;
  const maxAngular = (robot.maxAngularSpeedDeg * Math.PI) / 180;
  const stepOfFrame = (k: number): number => Math.floor((k * stepHz) / fps);
  const follower = new PathFollower(c.path, defaultFollowerParams(robot.maxLinearSpeed, maxAngular, robot.radius), (x, y) => clearanceAt(c.grid, x, y));
  const actuator = new Actuator(
    { maxLinear: robot.maxLinearSpeed, maxAngular, noiseStd: robot.actuation.noiseStd, latency: robot.actuation.latency },
    stepHz,
    Rng.fromKey(c.spec.seed, 'actuation-noise'),
  );
  const stallFrames = (STALL_SECONDS + Math.PI / maxAngular) * fps;
  const inGoal = (): boolean => Math.hypot(pose.x - goal.x, pose.y - goal.y) <= goal.radius;
  let reachedStep = inGoal() ? 0 : -1;
  let travelled = 0;
  let replans = 0;
  let best = 0;
  let bestFrame = 0;
  for (let k = 0; ; k++) {
    const done = reachedStep >= 0 || k === c.maxFrames - 1;
    if (!done && k - bestFrame > stallFrames) {
      const fresh = planPath(c.grid, [pose.x, pose.y], goal, robot.radius, task.inflation);
      if (fresh) {
        follower.setPath(fresh);
        replans++;
      }
      best = 0;
      bestFrame = k;
    }
    const command = done ? { linear: 0, angular: 0 } : clampTwist(follower.command(pose), robot.maxLinearSpeed, maxAngular);
    c.observe(k, command);
    if (done) return { frames: k + 1, reachedStep, travelled, replans };
    if (follower.progress > best + 0.1) {
      best = follower.progress;
      bestFrame = k;
    }
    actuator.issue(stepOfFrame(k), command);
    for (let s = stepOfFrame(k); s < stepOfFrame(k + 1); s++) {
      const twist = actuator.at(s);
      const px = pose.x;
      const py = pose.y;
      base.step(twist.linear, twist.angular, dt);
      travelled += Math.hypot(pose.x - px, pose.y - py);
      if (reachedStep < 0 && inGoal()) reachedStep = s + 1;
    }
  }
}
