/**
 * The features of a LeRobot dataset: what `meta/info.json` lists, which
 * columns the data files hold, and the Hugging Face `datasets` feature
 * description embedded in their Arrow schema. The record's channels become
 * float32 features under their own names; the writer adds `next.reward`,
 * `next.done`, `next.success` and LeRobot's default features (timestamp and
 * the int64 indices), in LeRobot's order: user features first, defaults last.
 */
import type { EpisodeRecord } from '../episode';
import { DatasetWriteError } from '../dataset-writer';
import type { PyJson } from './python-json';

/** A feature stored as a column of the data files, one value or a fixed-length vector per frame. */
export interface DataFeature {
  kind: 'data';
  key: string;
  dtype: 'float32' | 'int64' | 'bool';
  /** Values per frame; 1 is stored as a scalar column, more as fixed-size list<dtype>. */
  dims: number;
  /** One name per dimension, or null (LeRobot writes null for its default features). */
  names: string[] | null;
  /** A record channel, or a column the writer derives (indices, timestamp, next.*). */
  origin: 'channel' | 'derived';
}

/** The `info` block LeRobot stores for a video feature (see its `get_video_info`). */
export interface VideoInfo {
  'video.height': number;
  'video.width': number;
  /** e.g. "h264", "av1". */
  'video.codec': string;
  /** e.g. "yuv420p", "yuvj420p". */
  'video.pix_fmt': string;
  /** Frames per second of the stream. */
  'video.fps': number;
  'video.channels': number;
  is_depth_map: boolean;
  has_audio: boolean;
}

/**
 * A feature stored as MP4 under `videos/{key}/chunk-XXX/file-XXX.mp4`, not in
 * the data files; its episodes metadata gains `videos/{key}/...` columns.
 */
export interface VideoFeature {
  kind: 'video';
  key: string;
  /** Pixels: [height, width, channels]. */
  shape: [number, number, number];
  info: VideoInfo;
}

export type FeatureSpec = DataFeature | VideoFeature;

/** Features the writer adds after the record's channels, in this order. */
const OUTCOME_FEATURES: DataFeature[] = [
  { kind: 'data', key: 'next.reward', dtype: 'float32', dims: 1, names: null, origin: 'derived' },
  { kind: 'data', key: 'next.done', dtype: 'bool', dims: 1, names: null, origin: 'derived' },
  { kind: 'data', key: 'next.success', dtype: 'bool', dims: 1, names: null, origin: 'derived' },
];

/** LeRobot's DEFAULT_FEATURES, always last. */
const DEFAULT_FEATURES: DataFeature[] = [
  { kind: 'data', key: 'timestamp', dtype: 'float32', dims: 1, names: null, origin: 'derived' },
  { kind: 'data', key: 'frame_index', dtype: 'int64', dims: 1, names: null, origin: 'derived' },
  { kind: 'data', key: 'episode_index', dtype: 'int64', dims: 1, names: null, origin: 'derived' },
  { kind: 'data', key: 'index', dtype: 'int64', dims: 1, names: null, origin: 'derived' },
  { kind: 'data', key: 'task_index', dtype: 'int64', dims: 1, names: null, origin: 'derived' },
];

const RESERVED = new Set([...OUTCOME_FEATURES, ...DEFAULT_FEATURES].map((f) => f.key));

/** The features of a dataset whose first written record is `record` (channels in the record's order). */
export function featuresFromRecord(record: EpisodeRecord): FeatureSpec[] {
  const channels: DataFeature[] = Object.entries(record.channels).map(([key, channel]) => {
    if (RESERVED.has(key)) throw new DatasetWriteError(`channel "${key}" has the name of a feature the LeRobot writer derives itself`);
    if (key.includes('/')) throw new DatasetWriteError(`channel "${key}": LeRobot feature names must not contain "/"`);
    if (channel.names.length === 0) throw new DatasetWriteError(`channel "${key}" has no dimension names`);
    return { kind: 'data', key, dtype: 'float32', dims: channel.names.length, names: [...channel.names], origin: 'channel' };
  });
  return [...channels, ...OUTCOME_FEATURES, ...DEFAULT_FEATURES];
}

/** The features of a dataset with no written episode (no channels known). */
export function featuresWithoutChannels(): FeatureSpec[] {
  return [...OUTCOME_FEATURES, ...DEFAULT_FEATURES];
}

/** The features stored in the data files, in column order. */
export function dataFeatures(features: FeatureSpec[]): DataFeature[] {
  return features.filter((f): f is DataFeature => f.kind === 'data');
}

/** The video features, in order. */
export function videoFeatures(features: FeatureSpec[]): VideoFeature[] {
  return features.filter((f): f is VideoFeature => f.kind === 'video');
}

/** `meta/info.json` "features": `{dtype, shape, names}` per feature, plus `info` for video. */
export function infoFeatures(features: FeatureSpec[]): { [key: string]: PyJson } {
  const out: { [key: string]: PyJson } = {};
  for (const f of features) {
    if (f.kind === 'video') {
      out[f.key] = { dtype: 'video', shape: [...f.shape], names: ['height', 'width', 'channels'], info: { ...f.info } };
    } else {
      out[f.key] = { dtype: f.dtype, shape: [f.dims], names: f.names ? [...f.names] : null };
    }
  }
  return out;
}

/**
 * The Hugging Face `datasets` Features of the data columns, as
 * `Features.to_dict()` writes them (datasets >= 4: `Value`, fixed-length `List`).
 * LeRobot maps shape (1,) to a scalar `Value` and shape (n,) to `List(length=n)`.
 */
export function hfFeatures(features: FeatureSpec[]): { [key: string]: PyJson } {
  const out: { [key: string]: PyJson } = {};
  for (const f of dataFeatures(features)) {
    const value = { dtype: f.dtype, _type: 'Value' };
    out[f.key] = f.dims === 1 ? value : { feature: value, length: f.dims, _type: 'List' };
  }
  return out;
}

/** Uncompressed bytes one frame occupies in the data files (values only; bools counted as one byte). */
export function bytesPerFrame(features: FeatureSpec[]): number {
  let bytes = 0;
  for (const f of dataFeatures(features)) bytes += f.dims * (f.dtype === 'float32' ? 4 : f.dtype === 'int64' ? 8 : 1);
  return bytes;
}
