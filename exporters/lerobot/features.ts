/**
 * The features of a LeRobot dataset: what `meta/info.json` lists, which
 * columns the data files hold, and the Hugging Face `datasets` feature
 * description embedded in their Arrow schema. The record's channels become
 * float32 features under their own names; each camera adds its video and
 * depth features (camera-features.ts); the writer adds `next.reward`,
 * `next.done`, `next.success` and LeRobot's default features (timestamp and
 * the int64 indices), in LeRobot's order: user features first, defaults last.
 */
import type { EpisodeRecord } from '../episode';
import { DatasetWriteError } from '../dataset-writer';
import { HF_IMAGE_FEATURE } from '../video/depth';
import type { LeRobotVideoInfo } from '../video/video-feature';
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

/**
 * The `info` block LeRobot stores for a video feature, keys in the order its
 * `get_video_info` writes them (LeRobot >= 0.6): the stream's properties, then
 * `is_depth_map`. LeRobot up to 0.5 wrote the flag as `video.is_depth_map`;
 * 0.6 reads both, but only the plain key decides whether its statistics skip
 * the division by 255, and it rewrites the old key (with a warning), so the
 * plain key is the one written here.
 */
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
  has_audio: boolean;
  is_depth_map: boolean;
  /** A world-model variation: the video key of the camera it re-renders (exporters/media.ts VariationProvenance). */
  'variation.of'?: string;
  'variation.index'?: number;
  'variation.model'?: { name: string; sha256: string };
  'variation.reference'?: { file: string; frames: number[] };
  'variation.seed'?: number;
}

/** LeRobot's video info from the one exporters/video describes (which names the depth flag `video.is_depth_map`). */
export function videoInfoOf(info: LeRobotVideoInfo): VideoInfo {
  return {
    'video.height': info['video.height'],
    'video.width': info['video.width'],
    'video.codec': info['video.codec'],
    'video.pix_fmt': info['video.pix_fmt'],
    'video.fps': info['video.fps'],
    'video.channels': info['video.channels'],
    has_audio: info.has_audio,
    is_depth_map: info['video.is_depth_map'],
  };
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

/**
 * The `info` of a depth image feature, as LeRobot (>= 0.6) records raw depth:
 * `is_depth_map` (its statistics stay in stored units, no division by 255)
 * and `depth_unit` ("mm" for integer frames), which its reader uses to
 * convert frames and statistics to the unit a user asks for.
 */
export interface DepthImageInfo {
  is_depth_map: true;
  depth_unit: 'mm';
}

/**
 * An image feature: one image per frame in a `struct<bytes: binary, path:
 * string>` column of the data files (Hugging Face `Image` storage). The
 * studio stores depth this way, as 16-bit greyscale PNG of millimetres.
 */
export interface ImageFeature {
  kind: 'image';
  key: string;
  /** Pixels: [height, width, channels]. */
  shape: [number, number, number];
  info: DepthImageInfo;
}

export type FeatureSpec = DataFeature | VideoFeature | ImageFeature;

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

/**
 * The features of a dataset whose first written record is `record`
 * (channels in the record's order), with the camera features `cameras`
 * (video and depth per camera) after the channels.
 */
export function featuresFromRecord(record: EpisodeRecord, cameras: readonly (VideoFeature | ImageFeature)[] = []): FeatureSpec[] {
  const channels: DataFeature[] = Object.entries(record.channels).map(([key, channel]) => {
    if (RESERVED.has(key)) throw new DatasetWriteError(`channel "${key}" has the name of a feature the LeRobot writer derives itself`);
    if (key.includes('/')) throw new DatasetWriteError(`channel "${key}": LeRobot feature names must not contain "/"`);
    if (channel.names.length === 0) throw new DatasetWriteError(`channel "${key}" has no dimension names`);
    return { kind: 'data', key, dtype: 'float32', dims: channel.names.length, names: [...channel.names], origin: 'channel' };
  });
  for (const camera of cameras) {
    if (RESERVED.has(camera.key) || camera.key in record.channels) {
      throw new DatasetWriteError(`camera feature "${camera.key}" has the name of a channel or of a feature the LeRobot writer derives`);
    }
  }
  return [...channels, ...cameras, ...OUTCOME_FEATURES, ...DEFAULT_FEATURES];
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

/** The image features, in order. */
export function imageFeatures(features: FeatureSpec[]): ImageFeature[] {
  return features.filter((f): f is ImageFeature => f.kind === 'image');
}

/** The features stored as columns of the data files (numbers and images), in column order. */
export function columnFeatures(features: FeatureSpec[]): (DataFeature | ImageFeature)[] {
  return features.filter((f): f is DataFeature | ImageFeature => f.kind !== 'video');
}

/** Whether a feature's statistics are per colour channel with shape [channels, 1, 1] (LeRobot's image statistics). */
export function hasImageStats(feature: FeatureSpec): feature is VideoFeature | ImageFeature {
  return feature.kind !== 'data';
}

/** Values per frame a feature's statistics describe: dimensions, or colour channels of a camera feature. */
export function statsDims(feature: FeatureSpec): number {
  return feature.kind === 'data' ? feature.dims : feature.shape[2];
}

/** `meta/info.json` "features": `{dtype, shape, names}` per feature, plus `info` for video. */
export function infoFeatures(features: FeatureSpec[]): { [key: string]: PyJson } {
  const out: { [key: string]: PyJson } = {};
  for (const f of features) {
    if (f.kind === 'video' || f.kind === 'image') {
      out[f.key] = { dtype: f.kind, shape: [...f.shape], names: ['height', 'width', 'channels'], info: { ...f.info } };
    } else {
      out[f.key] = { dtype: f.dtype, shape: [f.dims], names: f.names ? [...f.names] : null };
    }
  }
  return out;
}

/**
 * The Hugging Face `datasets` Features of the data columns, as
 * `Features.to_dict()` writes them (datasets >= 4: `Value`, fixed-length `List`).
 * LeRobot maps shape (1,) to a scalar `Value`, shape (n,) to `List(length=n)`
 * and image features to `Image()` (default fields are left out: `{"_type": "Image"}`).
 */
export function hfFeatures(features: FeatureSpec[]): { [key: string]: PyJson } {
  const out: { [key: string]: PyJson } = {};
  for (const f of columnFeatures(features)) {
    if (f.kind === 'image') {
      out[f.key] = { ...HF_IMAGE_FEATURE };
      continue;
    }
    const value = { dtype: f.dtype, _type: 'Value' };
    out[f.key] = f.dims === 1 ? value : { feature: value, length: f.dims, _type: 'List' };
  }
  return out;
}

/** Uncompressed bytes one frame's numbers occupy in the data files (bools counted as one byte; images are counted by their encoded size where they are placed). */
export function bytesPerFrame(features: FeatureSpec[]): number {
  let bytes = 0;
  for (const f of dataFeatures(features)) bytes += f.dims * (f.dtype === 'float32' ? 4 : f.dtype === 'int64' ? 8 : 1);
  return bytes;
}
