/**
 * The per-demo arrays of a robomimic file, built from an episode record.
 * All are row-major, frames first, as HDF5 stores them.
 */
import type { EpisodeRecord } from '../episode';
import type { ChannelLayout } from './layout';

/**
 * robomimic's `next_obs`: frame t holds observation t+1; the last frame
 * repeats the last observation (as robomimic's D4RL conversion does).
 */
export function shiftedByOneFrame(data: Float32Array, frames: number): Float32Array {
  const dims = frames > 0 ? data.length / frames : 0;
  const out = new Float32Array(data.length);
  if (frames === 0) return out;
  out.set(data.subarray(dims));
  out.set(data.subarray((frames - 1) * dims), (frames - 1) * dims);
  return out;
}

/** Sparse task reward (unitless): 1 on the last frame of a successful episode, else 0. */
export function rewardsOf(record: EpisodeRecord): Float64Array {
  const out = new Float64Array(record.frames);
  if (record.success && record.frames > 0) out[record.frames - 1] = 1;
  return out;
}

/** robomimic's `dones`: 1 on the last frame (the episode ends there), else 0. */
export function donesOf(frames: number): BigInt64Array {
  const out = new BigInt64Array(frames);
  if (frames > 0) out[frames - 1] = 1n;
  return out;
}

/** Channels side by side: row t is the channels' rows t concatenated, in order. */
export function concatColumns(record: EpisodeRecord, channels: ChannelLayout[]): Float32Array {
  const width = channels.reduce((n, c) => n + c.names.length, 0);
  const out = new Float32Array(record.frames * width);
  let column = 0;
  for (const { channel, names } of channels) {
    const data = record.channels[channel]!.data;
    const dims = names.length;
    for (let t = 0; t < record.frames; t++) out.set(data.subarray(t * dims, (t + 1) * dims), t * width + column);
    column += dims;
  }
  return out;
}
