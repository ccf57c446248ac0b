/**
 * Test data for the Sim2Real tests, made the way a user's files are made:
 * a variation stream added to a LeRobot dataset following the world model's
 * contract (an extra video feature whose info has "variation.of", its MP4
 * made by ffmpeg from the camera's video, its episodes-metadata columns
 * copied from the camera's), and "real" references (a video and a folder of
 * PNG images synthesised by ffmpeg).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

/** Adds `<camera>_var<k>` to the dataset in `dir`: the camera's video through an ffmpeg filter (a stand-in for the world model). */
export async function addVariationStream(dir: string, camera: string, k: number, filter: string): Promise<string> {
  const key = `${camera}_var${k}`;
  const infoFile = join(dir, 'meta/info.json');
  const info = JSON.parse(readFileSync(infoFile, 'utf8'));
  const source = info.features[camera];
  info.features[key] = {
    ...source,
    info: { ...source.info, 'video.codec': 'h264', 'variation.of': camera, 'variation.model': 'ffmpeg-filter-test', 'variation.reference': 'tests/sim2real', 'variation.seed': k },
  };
  writeFileSync(infoFile, `${JSON.stringify(info, null, 4)}\n`);
  for (const chunk of readdirSync(join(dir, 'videos', camera))) {
    for (const file of readdirSync(join(dir, 'videos', camera, chunk))) {
      const target = join(dir, 'videos', key, chunk, file);
      mkdirSync(dirname(target), { recursive: true });
      execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', join(dir, 'videos', camera, chunk, file), '-vf', filter, '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', target]);
    }
  }
  const db = await (await DuckDBInstance.create(':memory:')).connect();
  for (const chunk of readdirSync(join(dir, 'meta/episodes'))) {
    for (const file of readdirSync(join(dir, 'meta/episodes', chunk))) {
      const path = join(dir, 'meta/episodes', chunk, file);
      const copies = ['chunk_index', 'file_index', 'from_timestamp', 'to_timestamp'].map((c) => `"videos/${camera}/${c}" AS "videos/${key}/${c}"`).join(', ');
      await db.run(`COPY (SELECT *, ${copies} FROM read_parquet('${path}')) TO '${path}.new' (FORMAT parquet)`);
      renameSync(`${path}.new`, path);
    }
  }
  return key;
}

/** A "real" video (ffmpeg's testsrc2 with temporal noise), H.264, `seconds` long at 30 fps. */
export function makeRealVideo(file: string, seconds: number): void {
  mkdirSync(dirname(file), { recursive: true });
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', `testsrc2=size=320x240:rate=30:duration=${seconds}`, '-vf', 'noise=alls=12:allf=t', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', file]);
}

/** `count` PNG frames of ffmpeg's mandelbrot source in `folder` (8-bit RGB, decoded in-process). */
export function makeRealImages(folder: string, count: number): void {
  mkdirSync(folder, { recursive: true });
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'mandelbrot=size=200x150:rate=10', '-frames:v', String(count), '-pix_fmt', 'rgb24', join(folder, 'frame%03d.png')]);
}
