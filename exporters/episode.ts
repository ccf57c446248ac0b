/**
 * What a rollout produces: one labeled episode. Time series are stored per
 * channel as row-major float32 (frames x names.length), named after the
 * LeRobot features they become (`observation.state`, `action`, ...).
 */
import type { ResolvedValue } from '../scenes/sample';

/** One recorded time series; `data.length === frames * names.length`. */
export interface Channel {
  /** One name per dimension, e.g. ["x", "y", "z"]. */
  names: string[];
  data: Float32Array;
}

/** Why an episode failed; `success` when it did not. */
export type Outcome =
  | 'success'
  // grasp
  | 'no_contact'
  | 'collision_on_approach'
  | 'slipped_during_lift'
  | 'dropped_during_shake'
  | 'no_candidate'
  // navigation
  | 'timeout'
  | 'no_path'
  // either
  | 'error';

/**
 * World poses of every moving body per recorded frame, for rendering:
 * `data` is frames x ids.length x 7 (x, y, z in metres; qx, qy, qz, qw).
 * Ids are scene body ids, or robot parts as "<robot id>/<part>".
 */
export interface PoseTrack {
  ids: string[];
  data: Float32Array;
}

export interface EpisodeRecord {
  episodeIndex: number;
  /** The EpisodeSpec seed (32 hex digits). */
  seed: string;
  task: 'grasp' | 'navigation';
  success: boolean;
  outcome: Outcome;
  /** Human-readable detail of the outcome (values included), or the error message. */
  detail: string;
  /** Frames per second of every channel. */
  fps: number;
  frames: number;
  channels: Record<string, Channel>;
  /** Poses for rendering the episode (not a dataset feature). */
  poses?: PoseTrack;
  /** Scalar results, e.g. { pathLength: 7.2, spl: 0.83, collisions: 0 } (SI units). */
  metrics: Record<string, number>;
  /** Every randomized value of the episode, with its path. */
  resolved: ResolvedValue[];
  /** Attempts it took (1, or 2 after a retry). */
  attempts: number;
}
