/**
 * Checks for the LeRobot video tests: the video files against the episodes
 * metadata with ffprobe and ffmpeg, and camera statistics recomputed
 * directly from the synthetic frames (sorted values, no histograms).
 */
import { join } from 'node:path';
import { expect } from 'vitest';
import { sampleFrameIndices } from '../../exporters/lerobot/image-stats';
import { formatPath, type ChunkFile } from '../../exporters/lerobot/layout';
import { sqlString, type Row } from '../lerobot/duckdb';
import { decodeRaw, frameTimes, probe } from '../video/ffmpeg';
import { psnr, rgb } from '../video/compare';
import { syntheticFrame } from '../video/synthetic-frames';
import { FRAME_COUNTS } from './builders';
import { FRONT, depthFrame, type TestCamera } from './media';

export const FPS = 30;
/** LeRobot's tolerance when it matches decoded frames to query timestamps, seconds. */
export const TOLERANCE_S = 1e-4;
export const VIDEO_KEY = { front: 'observation.images.front', wrist: 'observation.images.wrist' } as const;
export const DEPTH_KEY = 'observation.images.front_depth';

type Query = (sql: string) => Promise<Row[]>;

export interface VideoRow { e: number; c: number; f: number; from: number; to: number; length: number }

export async function videoRows(query: Query, dir: string, key: string): Promise<VideoRow[]> {
  return (await query(`select episode_index as e, "videos/${key}/chunk_index" as c, "videos/${key}/file_index" as f,
      "videos/${key}/from_timestamp" as "from", "videos/${key}/to_timestamp" as "to", length
    from read_parquet(${sqlString(join(dir, 'meta/episodes/*/*.parquet'))}) order by e`)) as unknown as VideoRow[];
}

export function videoPath(dir: string, key: string, at: ChunkFile): string {
  return join(dir, formatPath('videos/{video_key}/chunk-{chunk_index:03d}/file-{file_index:03d}.mp4', at, key));
}

/** Checks every file of a video feature with ffprobe and ffmpeg against the episodes metadata. */
export async function checkVideoFiles(query: Query, dir: string, camera: TestCamera): Promise<{ files: number }> {
  const key = VIDEO_KEY[camera.id as keyof typeof VIDEO_KEY];
  const rows = await videoRows(query, dir, key);
  const byFile = new Map<string, VideoRow[]>();
  for (const r of rows) {
    const path = videoPath(dir, key, { chunkIndex: r.c, fileIndex: r.f });
    byFile.set(path, [...(byFile.get(path) ?? []), r]);
  }
  const frameBytes = camera.width * camera.height * 3;
  for (const [path, episodes] of byFile) {
    const [stream] = (await probe(path)).streams;
    expect(stream).toMatchObject({ codec_name: 'av1', width: camera.width, height: camera.height, pix_fmt: 'yuv420p', r_frame_rate: '30/1' });
    expect(Number(stream!.nb_read_frames), path).toBe(episodes.reduce((n, r) => n + r.length, 0));
    const times = await frameTimes(path);
    const decoded = await decodeRaw(path, 'rgb24');
    let before = 0;
    for (const r of episodes) {
      expect(r.from, `episode ${r.e} starts where the one before it in ${path} ends`).toBeCloseTo(before / FPS, 9);
      expect(r.to).toBeCloseTo(r.from + r.length / FPS, 9);
      const selected = times.map((t, i) => [t, i] as const).filter(([t]) => t >= r.from - TOLERANCE_S && t < r.to - TOLERANCE_S);
      expect(selected.map(([, i]) => i), `frames of episode ${r.e} in ${path}`).toEqual(Array.from({ length: r.length }, (_, k) => before + k));
      expect(Math.abs(selected[0]![0] - r.from)).toBeLessThan(TOLERANCE_S);
      for (let k = 0; k < r.length; k++) {
        const frame = decoded.subarray((before + k) * frameBytes, (before + k + 1) * frameBytes);
        const own = psnr(frame, rgb(syntheticFrame(camera.width, camera.height, r.e, k)));
        expect(own, `${camera.id} episode ${r.e} frame ${k}`).toBeGreaterThan(25);
        if (k === 0 || k === r.length - 1) {
          for (let other = 0; other < FRAME_COUNTS.length; other++) {
            if (other !== r.e) expect(psnr(frame, rgb(syntheticFrame(camera.width, camera.height, other, k)))).toBeLessThan(own);
          }
        }
      }
      before += r.length;
    }
  }
  return { files: byFile.size };
}

export function sameValues(a: Uint16Array, b: Uint16Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** Within 1e-9 of the larger of 1 and |expected| (sums in another order differ in the last bits). */
export function expectClose(actual: number, expected: number, what: string): void {
  expect(Math.abs(actual - expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected)));
}

const sampled = new Map<string, number[][]>();

/** Per-channel values of the frames LeRobot samples from synthetic episode e (camera sizes below 300 pixels: no downsampling). */
export function sampledRgbValues(camera: TestCamera, e: number, frames: number): number[][] {
  const key = `${camera.id}/${e}`;
  if (sampled.has(key)) return sampled.get(key)!;
  const channels: number[][] = [[], [], []];
  sampled.set(key, channels);
  for (const i of sampleFrameIndices(frames)) {
    const rgba = syntheticFrame(camera.width, camera.height, e, i);
    for (let p = 0; p < rgba.length; p += 4) for (let c = 0; c < 3; c++) channels[c]!.push(rgba[p + c]!);
  }
  return channels;
}

export function sampledDepthValues(e: number, frames: number): number[] {
  return sampleFrameIndices(frames).flatMap((i) => Array.from(depthFrame(FRONT.width, FRONT.height, e, i)));
}

export function summary(values: number[], scale: number): Record<string, number> {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const std = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / n);
  const quantile = (q: number) => {
    const pos = q * (n - 1);
    const lo = Math.floor(pos);
    return sorted[lo]! + (pos - lo) * (sorted[Math.min(lo + 1, n - 1)]! - sorted[lo]!);
  };
  return {
    min: sorted[0]! / scale, max: sorted[n - 1]! / scale, mean: mean / scale, std: std / scale,
    q01: quantile(0.01) / scale, q10: quantile(0.1) / scale, q50: quantile(0.5) / scale, q90: quantile(0.9) / scale, q99: quantile(0.99) / scale,
  };
}
