/**
 * One episode's frame columns: the record's channels as they are, and the
 * columns LeRobot derives (timestamp = frame_index / fps as float32, the
 * int64 indices) plus the outcome columns of this studio: `next.done` and
 * `next.success` true on the last frame only (success only when the episode
 * succeeded), `next.reward` 1.0 on the last frame of a successful episode.
 */
import type { EpisodeRecord } from '../episode';
import { DatasetWriteError } from '../dataset-writer';
import type { DataFeature, ImageFeature } from './features';
import { boolColumn, float32Column, imageColumn, int64Column, recordBatch, type Column, type ImageCellValue } from './arrow-columns';
import type { RecordBatch } from 'apache-arrow';

/** Where an episode lands in the dataset. */
export interface EpisodePlacement {
  /** Dataset episode index (contiguous over written episodes). */
  episodeIndex: number;
  taskIndex: number;
  /** Global index of the episode's first frame. */
  firstFrameIndex: number;
}

/** Row-major values of one column: float32 as stored, integers and bools as numbers. */
export type ColumnValues = Float32Array | Float64Array | Uint8Array;

/** An episode's values per data feature, in feature order, and its images per image feature. */
export interface EpisodeFrames {
  frames: number;
  values: Map<string, ColumnValues>;
  images: Map<string, ImageCellValue[]>;
}

/**
 * Checks a record against the dataset's features and fps before anything is
 * written, so a refused record leaves the writer as it was.
 */
export function checkRecord(record: EpisodeRecord, features: readonly DataFeature[], fps: number): void {
  const where = `episode ${record.episodeIndex}`;
  if (!Number.isInteger(record.frames) || record.frames < 0) throw new DatasetWriteError(`${where}: frames must be a whole number, got ${record.frames}`);
  if (record.fps !== fps) throw new DatasetWriteError(`${where}: fps ${record.fps} differs from the dataset's ${fps}`);
  const channelFeatures = features.filter((f) => f.origin === 'channel');
  const expected = channelFeatures.map((f) => f.key);
  const actual = Object.keys(record.channels);
  const missing = expected.filter((k) => !(k in record.channels));
  const extra = actual.filter((k) => !expected.includes(k));
  if (missing.length || extra.length) {
    throw new DatasetWriteError(`${where}: channels differ from the dataset's (missing: [${missing.join(', ')}], unexpected: [${extra.join(', ')}])`);
  }
  for (const feature of channelFeatures) {
    const channel = record.channels[feature.key]!;
    const names = feature.names ?? [];
    if (channel.names.length !== names.length || channel.names.some((n, i) => n !== names[i])) {
      throw new DatasetWriteError(`${where}: channel "${feature.key}" names [${channel.names.join(', ')}] differ from the dataset's [${names.join(', ')}]`);
    }
    const expectedLength = record.frames * feature.dims;
    if (channel.data.length !== expectedLength) {
      throw new DatasetWriteError(`${where}: channel "${feature.key}" has ${channel.data.length} values, expected ${record.frames} frames x ${feature.dims} = ${expectedLength}`);
    }
    const bad = channel.data.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) {
      const frame = Math.floor(bad / feature.dims);
      throw new DatasetWriteError(`${where}: channel "${feature.key}" frame ${frame} "${names[bad % feature.dims]}" is ${channel.data[bad]} (LeRobot statistics need finite values)`);
    }
  }
}

/** The values of every data feature of a checked record. */
export function episodeFrames(record: EpisodeRecord, features: readonly DataFeature[], fps: number, at: EpisodePlacement): EpisodeFrames {
  const n = record.frames;
  const last = n - 1;
  const values = new Map<string, ColumnValues>();
  for (const feature of features) {
    switch (feature.key) {
      case 'next.reward': {
        const reward = new Float32Array(n);
        if (record.success) reward[last] = 1;
        values.set(feature.key, reward);
        break;
      }
      case 'next.done':
        values.set(feature.key, lastFrameFlag(n, true));
        break;
      case 'next.success':
        values.set(feature.key, lastFrameFlag(n, record.success));
        break;
      case 'timestamp':
        values.set(feature.key, Float32Array.from({ length: n }, (_, i) => i / fps));
        break;
      case 'frame_index':
        values.set(feature.key, Float64Array.from({ length: n }, (_, i) => i));
        break;
      case 'episode_index':
        values.set(feature.key, new Float64Array(n).fill(at.episodeIndex));
        break;
      case 'index':
        values.set(feature.key, Float64Array.from({ length: n }, (_, i) => at.firstFrameIndex + i));
        break;
      case 'task_index':
        values.set(feature.key, new Float64Array(n).fill(at.taskIndex));
        break;
      default: {
        if (feature.origin !== 'channel') throw new Error(`no values for derived feature ${feature.key}`);
        values.set(feature.key, record.channels[feature.key]!.data);
      }
    }
  }
  return { frames: n, values, images: new Map() };
}

function lastFrameFlag(frames: number, flag: boolean): Uint8Array {
  const out = new Uint8Array(frames);
  if (flag) out[frames - 1] = 1;
  return out;
}

/** Several episodes' frames as one block, in order (fewer, larger batches encode faster). */
export function concatFrames(parts: readonly EpisodeFrames[], features: readonly (DataFeature | ImageFeature)[]): EpisodeFrames {
  if (parts.length === 1) return parts[0]!;
  const frames = parts.reduce((n, p) => n + p.frames, 0);
  const values = new Map<string, ColumnValues>();
  const images = new Map<string, ImageCellValue[]>();
  for (const f of features) {
    if (f.kind === 'image') {
      images.set(f.key, parts.flatMap((p) => p.images.get(f.key)!));
      continue;
    }
    const first = parts[0]!.values.get(f.key)!;
    const Ctor = first.constructor as new (length: number) => ColumnValues;
    const out = new Ctor(frames * f.dims);
    let offset = 0;
    for (const p of parts) {
      const v = p.values.get(f.key)!;
      out.set(v, offset);
      offset += v.length;
    }
    values.set(f.key, out);
  }
  return { frames, values, images };
}

/** Frames as an Arrow batch with the data files' schema (`metadata`: the "huggingface" entry). */
export function framesBatch(frames: EpisodeFrames, features: readonly (DataFeature | ImageFeature)[], metadata: readonly [string, string]): RecordBatch {
  const columns: Column[] = features.map((f) => {
    if (f.kind === 'image') return imageColumn(f.key, frames.images.get(f.key)!);
    const values = frames.values.get(f.key)!;
    if (f.dtype === 'float32') return float32Column(f.key, values as Float32Array, f.dims);
    if (f.dtype === 'int64') return int64Column(f.key, values);
    return boolColumn(f.key, values as Uint8Array);
  });
  return recordBatch(columns, metadata);
}
