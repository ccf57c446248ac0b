/**
 * One grasp episode from an EpisodeSpec: build the Rapier world, let it
 * settle, sample antipodal candidates on the target, execute one chosen by
 * the episode seed, label it. Every world made here is freed, also on error.
 */
import { Rng } from '../../scenes/rng';
import type { EpisodeSpec } from '../../scenes/sample';
import type { ParallelGripper } from '../../scenes/schema/robots';
import type { GraspTask } from '../../scenes/schema/task';
import type { EpisodeRecord } from '../episode';
import { quatFromEulerDeg } from '../physics/math';
import type { MeshLibrary } from '../physics/mesh';
import type { Rapier } from '../physics/rapier';
import { buildWorld, type BuiltBody, type BuiltWorld } from '../physics/world';
import { sampleGraspCandidates, type CandidateSet } from './candidates';
import { simulateGrasp, type GraspRun } from './execute';
import { boundingRadius, gripperGeometry } from './geometry';
import { emptyChannels } from './observe';
import { settle, type SettleResult } from './settle';
import { GripperSweep } from './sweep';
import type { GraspCandidate } from './types';

interface GraspSetup {
  task: GraspTask;
  robot: ParallelGripper;
}

/** The grasp task and its gripper; throws when the spec is not a grasp episode or misses a mesh. */
function setupOf(spec: EpisodeSpec, meshes: MeshLibrary): GraspSetup {
  const task = spec.scene.task;
  if (task.type !== 'grasp') throw new Error(`runGraspEpisode needs a grasp task, got "${task.type}"`);
  const robot = spec.scene.robots.find((r) => r.id === task.robot);
  if (!robot || robot.type !== 'parallel-gripper') throw new Error(`task robot "${task.robot}" is not a parallel-gripper in this scene`);
  // Checked before building, so a missing mesh never leaves a half-built world behind.
  for (const body of spec.scene.bodies) {
    if (body.enabled && body.shape.type === 'mesh' && !meshes[body.shape.asset]) throw new Error(`mesh asset "${body.shape.asset}" of body "${body.id}" was not loaded`);
  }
  return { task, robot };
}

/** Builds and settles the scene, runs `fn`, frees the world whatever happens. */
function withSettledWorld<T>(R: Rapier, spec: EpisodeSpec, meshes: MeshLibrary, fn: (built: BuiltWorld, settled: SettleResult) => T): T {
  const built = buildWorld(R, spec.scene, meshes);
  try {
    return fn(built, settle(built));
  } finally {
    built.world.free();
  }
}

/** Antipodal candidates on the target as it rests in `built` (not yet checked for reachability). */
function sampleIn(R: Rapier, target: BuiltBody, setup: GraspSetup, meshes: MeshLibrary, seed: string): CandidateSet {
  return sampleGraspCandidates({
    R,
    target,
    boundingRadius: boundingRadius(target.doc.shape, meshes),
    geometry: gripperGeometry(setup.robot),
    task: setup.task,
    rng: Rng.fromKey(seed, 'grasp-candidates'),
  });
}

/** The reachability check in `built`: the fixed scene and the target are obstacles on the way in. */
function sweepIn(R: Rapier, built: BuiltWorld, target: BuiltBody, setup: GraspSetup): GripperSweep {
  const obstacles = new Set<number>();
  for (const b of built.bodies.values()) if (b.doc.kind !== 'dynamic' || b === target) obstacles.add(b.collider.handle);
  return new GripperSweep(R, built.world, gripperGeometry(setup.robot), quatFromEulerDeg(setup.robot.pose.rotation), setup.task.approachDistance, obstacles);
}

/**
 * The reachable antipodal candidates of `spec` on its settled scene (the
 * ones runGraspEpisode chooses from), world frame.
 */
export function planGrasps(R: Rapier, spec: EpisodeSpec, meshes: MeshLibrary): CandidateSet {
  const setup = setupOf(spec, meshes);
  return withSettledWorld(R, spec, meshes, (built) => {
    const target = built.bodies.get(setup.task.target);
    if (!target) return { candidates: [], surfacePoints: 0, antipodalPairs: 0 };
    const sampled = sampleIn(R, target, setup, meshes, spec.seed);
    const sweep = sweepIn(R, built, target, setup);
    return { ...sampled, candidates: sampled.candidates.filter((c) => sweep.reaches(c)) };
  });
}

/**
 * Runs `candidate` (world frame, on the settled scene) as episode `spec`:
 * the lower-level entry used to force a specific grasp.
 */
export function executeGrasp(R: Rapier, spec: EpisodeSpec, meshes: MeshLibrary, candidate: GraspCandidate): EpisodeRecord {
  const setup = setupOf(spec, meshes);
  return withSettledWorld(R, spec, meshes, (built, settled) => {
    const target = requireTarget(built, setup.task);
    const run = simulateGrasp({ R, built, target, ...setup, seed: spec.seed, attempt: 0 }, candidate);
    return toRecord(spec, setup.task, run, 1, { candidateCount: 1, settleSeconds: settled.steps * built.dt, steps: settled.steps + run.steps });
  });
}

/**
 * Runs grasp episode `spec` (synchronous once Rapier is loaded). Candidates
 * are sampled on the settled target and put in an order drawn from the
 * episode seed; the first the gripper can reach is executed. When it fails
 * and `attempts` > 1, the next reachable one is tried in a freshly built
 * world, up to `attempts` in all; the record is the last attempt's.
 *
 * Metrics (SI units): candidateCount (antipodal candidates sampled, with
 * their approaches), reachChecks (candidates checked for reachability until
 * the executed one), antipodalPairs, graspWidth (m), closedOpening (m, pad
 * distance when the fingers stopped), approachTiltDeg (deg from straight
 * down), liftHeightAchieved (m, object rise at the end of the hold or when
 * lost), maxSlip (m, object motion relative to the palm after the grasp),
 * holdForce (N, mean normal force per finger during the hold), duration (s,
 * recorded), settleSeconds (s), steps (physics steps including settling).
 */
export function runGraspEpisode(R: Rapier, spec: EpisodeSpec, meshes: MeshLibrary, attempts = 1): EpisodeRecord {
  if (!Number.isInteger(attempts) || attempts < 1) throw new Error(`attempts must be a positive integer, got ${attempts}`);
  const setup = setupOf(spec, meshes);
  let sampled: CandidateSet | undefined;
  let order: number[] = [];
  let cursor = 0;
  let last: EpisodeRecord | undefined;
  for (let attempt = 0; attempt < attempts; attempt++) {
    const record = withSettledWorld(R, spec, meshes, (built, settled): EpisodeRecord | undefined => {
      const settleSeconds = settled.steps * built.dt;
      const target = built.bodies.get(setup.task.target);
      if (!target) {
        return noCandidate(spec, setup.task, `target "${setup.task.target}" is not enabled in this episode`, { candidateCount: 0, settleSeconds, steps: settled.steps });
      }
      if (!sampled) {
        sampled = sampleIn(R, target, setup, meshes, spec.seed);
        order = permutation(sampled.candidates.length, Rng.fromKey(spec.seed, 'grasp-choice'));
      }
      // The next reachable candidate in the seeded order (the world is the same settled one at every attempt).
      const sweep = sweepIn(R, built, target, setup);
      const from = cursor;
      while (cursor < order.length && !sweep.reaches(sampled.candidates[order[cursor] as number] as GraspCandidate)) cursor++;
      if (cursor >= order.length) {
        if (attempt > 0) return undefined;
        const s = sampled;
        return noCandidate(
          spec,
          setup.task,
          `no reachable antipodal grasp on "${target.doc.id}": ${s.surfacePoints} surface points, ${s.antipodalPairs} antipodal pairs within ${setup.task.frictionConeDeg}° ` +
            `and ${(setup.robot.maxOpening * 1000).toFixed(0)} mm, ${s.candidates.length} '${setup.task.approachDirections}' approaches, none free at the pre-grasp pose and clear of the fixed scene and target on the way in`,
          { candidateCount: s.candidates.length, reachChecks: cursor - from, antipodalPairs: s.antipodalPairs, settleSeconds, steps: settled.steps },
        );
      }
      const candidate = sampled.candidates[order[cursor] as number] as GraspCandidate;
      cursor++;
      const run = simulateGrasp({ R, built, target, ...setup, seed: spec.seed, attempt }, candidate);
      return toRecord(spec, setup.task, run, attempt + 1, {
        candidateCount: sampled.candidates.length,
        reachChecks: cursor - from,
        antipodalPairs: sampled.antipodalPairs,
        settleSeconds,
        steps: settled.steps + run.steps,
      });
    });
    if (!record) break;
    last = record;
    if (record.success || record.outcome === 'no_candidate') break;
  }
  return last as EpisodeRecord;
}

function requireTarget(built: BuiltWorld, task: GraspTask): BuiltBody {
  const target = built.bodies.get(task.target);
  if (!target) throw new Error(`target "${task.target}" is not enabled in this episode`);
  return target;
}

function toRecord(spec: EpisodeSpec, task: GraspTask, run: GraspRun, attempts: number, extra: Record<string, number>): EpisodeRecord {
  return {
    episodeIndex: spec.episodeIndex,
    seed: spec.seed,
    task: 'grasp',
    success: run.outcome === 'success',
    outcome: run.outcome,
    detail: run.detail,
    fps: task.recordFps,
    frames: run.frames,
    channels: run.channels,
    poses: run.poses,
    metrics: { ...extra, ...run.metrics },
    resolved: spec.resolved,
    attempts,
  };
}

function noCandidate(spec: EpisodeSpec, task: GraspTask, detail: string, metrics: Record<string, number>): EpisodeRecord {
  return {
    episodeIndex: spec.episodeIndex,
    seed: spec.seed,
    task: 'grasp',
    success: false,
    outcome: 'no_candidate',
    detail,
    fps: task.recordFps,
    frames: 0,
    channels: emptyChannels(),
    metrics,
    resolved: spec.resolved,
    attempts: 1,
  };
}

/** A seeded random order of 0..n-1 (Fisher-Yates). */
function permutation(n: number, rng: Rng): number[] {
  const out = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [out[i], out[j]] = [out[j] as number, out[i] as number];
  }
  return out;
}
