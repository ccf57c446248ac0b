/**
 * Test data for the LeRobot writer: a small grasp job and synthetic episode
 * records with realistic channels (8-dim state, 4-dim action, 8-dim
 * tactile) at 30 fps, lengths 50-200 frames, some failed and some errored
 * (no frames). Everything is drawn from a seeded generator.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatasetJob } from '../../exporters/dataset-writer';
import type { EpisodeRecord, Outcome } from '../../exporters/episode';
import { Rng } from '../../scenes/rng';
import { SceneDoc } from '../../scenes/schema/scene';

export const FPS = 30;
export const STATE_NAMES = ['x', 'y', 'z', 'roll', 'pitch', 'yaw', 'gripper_left', 'gripper_right'];
export const ACTION_NAMES = ['vx', 'vy', 'vz', 'grip'];
export const TACTILE_NAMES = ['left_0', 'left_1', 'left_2', 'left_3', 'right_0', 'right_1', 'right_2', 'right_3'];

/** A valid grasp scene with a gripper and a mug. */
export function graspSceneDoc(): SceneDoc {
  return SceneDoc.parse({
    schemaVersion: 1,
    name: 'lerobot test',
    bodies: [
      { id: 'floor', kind: 'static', shape: { type: 'box', size: [4, 4, 0.1] }, pose: { position: [0, 0, -0.05] }, semantic: { class: 'floor', instanceId: 1 } },
      { id: 'mug', kind: 'dynamic', shape: { type: 'box', size: [0.06, 0.06, 0.1] }, pose: { position: [0, 0, 0.05] }, physics: { mass: 0.3 }, visual: { color: '#d22828' }, semantic: { class: 'mug', instanceId: 2 } },
    ],
    robots: [{ id: 'gripper', type: 'parallel-gripper', pose: { position: [0, 0, 0.5] } }],
    task: { type: 'grasp', robot: 'gripper', target: 'mug', recordFps: FPS },
  });
}

/** The job the records belong to. */
export function graspJob(episodeCount: number): DatasetJob {
  return {
    scene: graspSceneDoc(),
    sceneFile: 'lerobot-test.json',
    jobSeed: 7,
    episodeCount,
    generator: { name: 'robot-data-studio', version: '0.1.0', dependencies: {} },
  };
}

export interface RecordOptions {
  frames?: number;
  success?: boolean;
  outcome?: Outcome;
  /** Override the channels (e.g. to break the shape). */
  channels?: EpisodeRecord['channels'];
  fps?: number;
}

/** One synthetic record: smooth trajectories with noise, seeded by the episode index. */
export function episodeRecord(episodeIndex: number, options: RecordOptions = {}): EpisodeRecord {
  const rng = Rng.fromKey('lerobot-test', episodeIndex);
  const frames = options.frames ?? 50 + rng.int(151);
  const outcome = options.outcome ?? (options.success === false ? 'slipped_during_lift' : 'success');
  const success = options.success ?? outcome === 'success';
  const channel = (names: string[], scale: number) => {
    const data = new Float32Array(frames * names.length);
    const phase = names.map(() => rng.uniform(0, Math.PI * 2));
    for (let i = 0; i < frames; i++) {
      for (let d = 0; d < names.length; d++) {
        data[i * names.length + d] = scale * Math.sin((i / frames) * Math.PI * (d + 1) + phase[d]!) + 0.01 * scale * rng.normal();
      }
    }
    return { names: [...names], data };
  };
  return {
    episodeIndex,
    seed: episodeIndex.toString(16).padStart(32, '0'),
    task: 'grasp',
    success,
    outcome,
    detail: success ? 'lifted and held' : 'slipped during the lift',
    fps: options.fps ?? FPS,
    frames,
    channels: options.channels ?? {
      'observation.state': channel(STATE_NAMES, 0.3),
      action: channel(ACTION_NAMES, 0.1),
      'observation.tactile': channel(TACTILE_NAMES, 20),
    },
    metrics: { liftHeight: success ? 0.15 : 0.02 },
    resolved: [],
    attempts: 1,
  };
}

/** A record of an episode that could not be run (no frames). */
export function erroredRecord(episodeIndex: number): EpisodeRecord {
  return {
    ...episodeRecord(episodeIndex, { frames: 0, outcome: 'error', success: false }),
    detail: 'the physics worker crashed twice',
    channels: {},
  };
}

/**
 * A job's records: mostly successes, every 4th failed, and the listed
 * indices errored; tasks alternate between two mug colours.
 */
export function jobRecords(count: number, errored: readonly number[] = []): { record: EpisodeRecord; task: string }[] {
  return Array.from({ length: count }, (_, i) => ({
    record: errored.includes(i) ? erroredRecord(i) : episodeRecord(i, { success: i % 4 !== 3 }),
    task: i % 3 === 2 ? 'pick up the blue mug' : 'pick up the red mug',
  }));
}

/** A fresh temporary folder. */
export function tempFolder(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
