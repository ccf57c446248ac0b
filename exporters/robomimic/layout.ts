/**
 * How an episode record's channels map onto a robomimic demo:
 *
 * - `actions` is the `action` channel (SI units as recorded: metres for grasp
 *   targets and finger opening, metres per second and radians per second for
 *   navigation velocities). robomimic's tools expect actions in [-1, 1]; set
 *   `"normalization": "min_max"` in the trainer's `action_config` instead.
 * - `obs/<key>` holds each `observation.<key>` channel (`observation.state` ->
 *   `obs/state`, `observation.tactile` -> `obs/tactile`, `observation.scan`
 *   -> `obs/scan`). A depth channel whose dimensions are the scene's depth
 *   image becomes (H, W, 1), robomimic's depth layout, in metres: robomimic's
 *   default depth processor clips to [0, 1], so a trainer divides by the
 *   camera's `rangeMax` in its own processor.
 * - `states` is the concatenation of `observation.state` and every channel
 *   that is neither an observation nor the action (the simulator's privileged
 *   state, e.g. `object.pose` or `goal`), in that order, the others sorted by
 *   name: grasp 8 + 7 = 15 columns, navigation 5 + 3.
 *
 * The first written record fixes the layout; every later record must have
 * the same channels with the same dimension names.
 */
import type { SceneDoc } from '../../scenes/schema/scene';
import { DatasetWriteError } from '../dataset-writer';
import type { EpisodeRecord } from '../episode';

export const ACTION_CHANNEL = 'action';
export const OBSERVATION_PREFIX = 'observation.';
export const STATE_CHANNEL = 'observation.state';

/** One record channel and its dimension names. */
export interface ChannelLayout {
  channel: string;
  names: string[];
}

/** An observation channel stored as `obs/<key>` and `next_obs/<key>`. */
export interface ObsLayout extends ChannelLayout {
  key: string;
  /** Shape of one frame: [dims], or [height, width, 1] for a depth image. */
  frameShape: number[];
}

export interface DemoLayout {
  action: ChannelLayout;
  /** Sorted by key. */
  obs: ObsLayout[];
  /** The columns of `states`, in order. */
  states: ChannelLayout[];
  /** Frames per second of every channel. */
  fps: number;
}

/** Obs keys become HDF5 names: keep them to plain characters. */
const OBS_KEY = /^[A-Za-z0-9_.-]+$/;

/**
 * Frame shapes of image-like channels in `scene`: the depth camera of the
 * task's robot, if any, as [height, width, 1].
 */
export function imageShapes(scene: SceneDoc): Record<string, number[]> {
  const robot = scene.robots.find((r) => r.id === scene.task.robot);
  if (robot?.type === 'diff-drive' && robot.depth) {
    return { 'observation.depth': [robot.depth.height, robot.depth.width, 1] };
  }
  return {};
}

/** The layout a record implies; `shapes` reshapes channels whose dimension count matches. */
export function layoutOf(record: EpisodeRecord, shapes: Record<string, number[]> = {}): DemoLayout {
  const channels = Object.entries(record.channels);
  const action = record.channels[ACTION_CHANNEL];
  if (!action) {
    throw new DatasetWriteError(`episode ${record.episodeIndex} has no "${ACTION_CHANNEL}" channel (channels: ${channels.map(([n]) => n).join(', ') || 'none'})`);
  }
  const obs: ObsLayout[] = [];
  const others: ChannelLayout[] = [];
  for (const [channel, { names }] of channels) {
    if (channel.startsWith(OBSERVATION_PREFIX)) {
      const key = channel.slice(OBSERVATION_PREFIX.length);
      if (!OBS_KEY.test(key)) throw new DatasetWriteError(`episode ${record.episodeIndex}: channel "${channel}" gives obs key "${key}", which is not a plain HDF5 name`);
      const shape = shapes[channel];
      const frameShape = shape && shape.reduce((a, b) => a * b, 1) === names.length ? [...shape] : [names.length];
      obs.push({ channel, key, names: [...names], frameShape });
    } else if (channel !== ACTION_CHANNEL) {
      others.push({ channel, names: [...names] });
    }
  }
  obs.sort((a, b) => compare(a.key, b.key));
  others.sort((a, b) => compare(a.channel, b.channel));
  const state = record.channels[STATE_CHANNEL];
  const states = state ? [{ channel: STATE_CHANNEL, names: [...state.names] }, ...others] : others;
  return { action: { channel: ACTION_CHANNEL, names: [...action.names] }, obs, states, fps: record.fps };
}

/** Number of columns of `states`. */
export function stateDim(layout: DemoLayout): number {
  return layout.states.reduce((n, s) => n + s.names.length, 0);
}

/**
 * Throws a DatasetWriteError unless `record` has exactly the channels of
 * `layout`, with the same names, `frames * names.length` values each, and the
 * same frame rate.
 */
export function checkRecord(record: EpisodeRecord, layout: DemoLayout): void {
  const where = `episode ${record.episodeIndex}`;
  if (!Number.isInteger(record.frames) || record.frames < 1) throw new DatasetWriteError(`${where}: frames must be a positive integer, got ${record.frames}`);
  if (record.fps !== layout.fps) throw new DatasetWriteError(`${where}: fps ${record.fps} differs from the dataset's ${layout.fps}`);
  const expected = [layout.action, ...layout.obs, ...layout.states];
  const wanted = [...new Set(expected.map((c) => c.channel))].sort(compare);
  const got = Object.keys(record.channels).sort(compare);
  if (wanted.join('\n') !== got.join('\n')) {
    throw new DatasetWriteError(`${where}: channels [${got.join(', ')}] differ from the dataset's [${wanted.join(', ')}]`);
  }
  for (const { channel, names } of expected) {
    const c = record.channels[channel]!;
    if (c.names.join('\n') !== names.join('\n')) {
      throw new DatasetWriteError(`${where}: channel "${channel}" has dimensions [${c.names.join(', ')}], the dataset has [${names.join(', ')}]`);
    }
    if (c.data.length !== record.frames * names.length) {
      throw new DatasetWriteError(`${where}: channel "${channel}" holds ${c.data.length} values, expected ${record.frames} frames x ${names.length} = ${record.frames * names.length}`);
    }
  }
}

/** Code-unit order, the same in every locale. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
