/**
 * Test data for the robomimic writer: the tabletop-grasp preset as a job and
 * synthetic grasp episodes shaped like the grasp engine's records
 * (`observation.state` 8, `action` 4, `observation.tactile` 8,
 * `object.pose` 7 dimensions; 50-200 frames at 30 fps), some failed, some
 * errored with no frames. Values come from seeded generators.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DatasetJob, DatasetWriterFactory } from '../../exporters/dataset-writer';
import type { EpisodeRecord, Outcome } from '../../exporters/episode';
import type { Sink } from '../../exporters/sink';
import { FileSink } from '../../main/cli/file-sink';
import { loadSceneText } from '../../scenes/load';
import { Rng } from '../../scenes/rng';
import { sample } from '../../scenes/sample';
import type { SceneDoc } from '../../scenes/schema/scene';
import { taskText } from '../../scenes/task-text';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export const GRASP_CHANNELS = {
  'observation.state': ['palm.x', 'palm.y', 'palm.z', 'palm.qx', 'palm.qy', 'palm.qz', 'palm.qw', 'opening'],
  action: ['target.x', 'target.y', 'target.z', 'opening'],
  'observation.tactile': ['left.force', 'left.x', 'left.y', 'left.z', 'right.force', 'right.x', 'right.y', 'right.z'],
  'object.pose': ['x', 'y', 'z', 'qx', 'qy', 'qz', 'qw'],
} as const;

const FAILURES: Outcome[] = ['no_contact', 'slipped_during_lift', 'dropped_during_shake', 'collision_on_approach'];

/** The tabletop-grasp preset, validated. */
export function presetScene(file = 'tabletop-grasp.json'): SceneDoc {
  const result = loadSceneText(readFileSync(join(root, 'scenes', 'presets', file), 'utf8'), file);
  if (!result.ok) throw new Error(`preset ${file}: ${result.problem.message}`);
  return result.scene;
}

export function graspJob(episodeCount: number, jobSeed = 11): DatasetJob {
  return {
    scene: presetScene(),
    sceneFile: 'tabletop-grasp.json',
    jobSeed,
    episodeCount,
    generator: { name: 'robot-data-studio', version: '0.1.0', dependencies: { h5wasm: '0.10.3' } },
  };
}

export interface EpisodeOptions {
  frames?: number;
  outcome?: Outcome;
}

/**
 * Episode `index` of `job`: seed, resolved values and task text from the
 * scene's sampler; channels filled with smooth seeded motion. By default
 * every 9th episode errors (0 frames) and about a third fail.
 */
export function graspEpisode(job: DatasetJob, index: number, options: EpisodeOptions = {}): { record: EpisodeRecord; task: string } {
  const spec = sample(job.scene, job.jobSeed, index);
  const rng = Rng.fromKey(spec.seed, 'robomimic-test');
  const outcome: Outcome = options.outcome ?? (index % 9 === 4 ? 'error' : rng.next() < 0.35 ? FAILURES[rng.int(FAILURES.length)]! : 'success');
  const frames = options.frames ?? (outcome === 'error' ? 0 : 50 + rng.int(151));
  const channels: EpisodeRecord['channels'] = {};
  if (frames > 0) {
    for (const [name, names] of Object.entries(GRASP_CHANNELS)) {
      const dims = names.length;
      const data = new Float32Array(frames * dims);
      const phase = rng.uniform(0, Math.PI * 2);
      const scale = rng.uniform(0.05, 0.5);
      for (let t = 0; t < frames; t++) {
        for (let d = 0; d < dims; d++) data[t * dims + d] = scale * Math.sin(phase + 0.05 * t + d) + 0.01 * (rng.next() - 0.5);
      }
      channels[name] = { names: [...names], data };
    }
  }
  const success = outcome === 'success';
  const record: EpisodeRecord = {
    episodeIndex: index,
    seed: spec.seed,
    task: 'grasp',
    success,
    outcome,
    detail: outcome === 'error' ? `rollout crashed: "worker exited" — ünïcode` : `${outcome} after ${frames} frames`,
    fps: 30,
    frames,
    channels,
    metrics: { liftHeightAchieved: success ? 0.15 : 0.02 * (index % 5), slipDistance: success ? 0 : Number.NaN, graspForce: Number.POSITIVE_INFINITY },
    resolved: spec.resolved,
    attempts: outcome === 'error' ? 2 : 1,
  };
  return { record, task: taskText(spec.scene) };
}

/** A job over the warehouse-nav preset (a diff-drive base with a 360-ray lidar and a 64 x 48 depth camera). */
export function navJob(episodeCount: number, jobSeed = 3): DatasetJob {
  return { ...graspJob(episodeCount, jobSeed), scene: presetScene('warehouse-nav.json'), sceneFile: 'warehouse-nav.json' };
}

/**
 * A navigation episode shaped like the nav engine's records: `observation.state`
 * (5), `action` (2), `observation.scan` (one range per lidar ray, metres),
 * `observation.depth` (row-major d_RR_CC pixels, metres) and `goal` (3).
 */
export function navEpisode(job: DatasetJob, index: number, frames = 12 + (index % 5)): { record: EpisodeRecord; task: string } {
  const spec = sample(job.scene, job.jobSeed, index);
  const robot = job.scene.robots.find((r) => r.id === job.scene.task.robot);
  if (robot?.type !== 'diff-drive' || !robot.depth) throw new Error('navJob needs a diff-drive robot with a depth camera');
  const { width, height } = robot.depth;
  const rng = Rng.fromKey(spec.seed, 'robomimic-nav-test');
  const pad = (n: number) => String(n).padStart(2, '0');
  const names: Record<string, string[]> = {
    'observation.state': ['x', 'y', 'yaw', 'linear_vel', 'angular_vel'],
    action: ['linear_vel', 'angular_vel'],
    'observation.scan': Array.from({ length: robot.lidar.rays }, (_, i) => `range_${i}`),
    'observation.depth': Array.from({ length: width * height }, (_, i) => `d_${pad(Math.floor(i / width))}_${pad(i % width)}`),
    goal: ['goal_x', 'goal_y', 'distance'],
  };
  const channels: EpisodeRecord['channels'] = {};
  for (const [name, dims] of Object.entries(names)) {
    const data = new Float32Array(frames * dims.length);
    for (let i = 0; i < data.length; i++) data[i] = rng.uniform(0, 6);
    channels[name] = { names: dims, data };
  }
  const success = index % 3 !== 1;
  const record: EpisodeRecord = {
    episodeIndex: index,
    seed: spec.seed,
    task: 'navigation',
    success,
    outcome: success ? 'success' : 'timeout',
    detail: success ? 'reached the goal' : 'timed out',
    fps: 10,
    frames,
    channels,
    metrics: { pathLength: 7.2, spl: success ? 0.83 : 0, collisions: 0 },
    resolved: spec.resolved,
    attempts: 1,
  };
  return { record, task: taskText(spec.scene) };
}

/** Episodes 0..count-1 of `job`. */
export function graspEpisodes(job: DatasetJob, count: number): { record: EpisodeRecord; task: string }[] {
  return Array.from({ length: count }, (_, i) => graspEpisode(job, i));
}

/** A fresh temporary folder; `cleanup()` removes it. */
export function tempFolder(prefix = 'robomimic-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Writes `episodes` through a FileSink rooted at `dir` with `factory`; returns the sink. */
export async function writeDataset(factory: DatasetWriterFactory, dir: string, job: DatasetJob, episodes: { record: EpisodeRecord; task: string }[]): Promise<Sink> {
  const sink = new FileSink(dir);
  const writer = await factory(sink, job);
  for (const { record, task } of episodes) await writer.addEpisode(record, task);
  await writer.finalize();
  return sink;
}
