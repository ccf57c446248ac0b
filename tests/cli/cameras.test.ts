/**
 * generate renders the scene's cameras in a headless Chromium: LeRobot
 * videos (AV1 MP4, many episodes per file) and lossless depth, checked with
 * ffprobe and DuckDB; byte-identical for 1 and 2 rollout and render workers;
 * COCO output; a job that needs cameras and finds no browser fails at once.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hashTree, REPO, runCli } from './run-cli';

const scratch = mkdtempSync(join(tmpdir(), 'studio-cameras-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function ffprobeFrames(file: string): { frames: number; codec: string; width: number; height: number; fps: string } {
  const run = spawnSync('ffprobe', ['-v', 'error', '-count_frames', '-show_streams', '-of', 'json', file], { encoding: 'utf8' });
  const stream = JSON.parse(run.stdout).streams[0];
  return { frames: Number(stream.nb_read_frames), codec: stream.codec_name, width: stream.width, height: stream.height, fps: stream.avg_frame_rate };
}

describe('generate with cameras', () => {
  it('writes LeRobot videos and depth, byte-identical for 1 and 2 workers', async () => {
    const job = ['tabletop-grasp', '--episodes', '3', '--seed', '2'];
    const one = join(scratch, 'w1');
    const two = join(scratch, 'w2');
    const a = runCli('generate', [...job, '--workers', '1', '--render-workers', '1', '--out', one], 600_000);
    expect(a.stderr).not.toMatch(/internal error/);
    expect(a.code).toBe(0);
    expect(runCli('generate', [...job, '--workers', '2', '--render-workers', '2', '--out', two], 600_000).code).toBe(0);
    expect(hashTree(two)).toEqual(hashTree(one));

    const info = JSON.parse(readFileSync(join(one, 'meta/info.json'), 'utf8'));
    expect(info.features['observation.images.front'].dtype).toBe('video');
    expect(info.features['observation.images.front_depth'].dtype).toBe('image');
    for (const [camera, size] of [['front', 256], ['wrist', 128]] as const) {
      const probe = ffprobeFrames(join(one, `videos/observation.images.${camera}/chunk-000/file-000.mp4`));
      expect(probe).toEqual({ frames: info.total_frames, codec: 'av1', width: size, height: size, fps: '30/1' });
    }
    const db = await (await DuckDBInstance.create(':memory:')).connect();
    const rows = (await db.runAndReadAll(`select episode_index, length, "videos/observation.images.front/from_timestamp", "videos/observation.images.front/to_timestamp" from read_parquet('${one}/meta/episodes/*/*.parquet') order by episode_index`)).getRows();
    let t = 0;
    for (const [, length, from, to] of rows as [bigint, bigint, number, number][]) {
      expect(from).toBeCloseTo(t, 9);
      expect(to).toBeCloseTo(t + Number(length) / 30, 9);
      t = to;
    }
    const [[pngs, nonEmpty]] = (await db.runAndReadAll(`select count(*), count(*) filter (where octet_length("observation.images.front_depth".bytes) > 100) from read_parquet('${one}/data/*/*.parquet')`)).getRows() as [[bigint, bigint]];
    expect(Number(pngs)).toBe(info.total_frames);
    expect(Number(nonEmpty)).toBe(info.total_frames);
  }, 900_000);

  it('writes COCO images and annotations', () => {
    const out = join(scratch, 'coco');
    const run = runCli('generate', ['tabletop-grasp', '--format', 'coco', '--episodes', '1', '--seed', '2', '--out', out], 600_000);
    expect(run.code).toBe(0);
    const coco = JSON.parse(readFileSync(join(out, 'annotations.json'), 'utf8'));
    expect(coco.images.length).toBeGreaterThan(50);
    expect(coco.categories.map((c: { name: string }) => c.name)).toContain('mug');
    for (const image of coco.images.slice(0, 5)) expect(existsSync(join(out, image.file_name))).toBe(true);
    const ann = coco.annotations[0];
    expect(ann.segmentation.size).toEqual([coco.images.find((i: { id: number }) => i.id === ann.image_id).height, expect.any(Number)]);
    expect(ann.area).toBeGreaterThan(0);
  }, 600_000);

  it('fails at once, with one clear line and exit 6, when cameras need a browser and there is none', () => {
    const started = Date.now();
    const run = spawnSync(process.execPath, ['--import', 'tsx', join(REPO, 'main/cli/generate.ts'), 'tabletop-grasp', '--episodes', '2', '--out', join(scratch, 'nobrowser')], {
      cwd: REPO,
      encoding: 'utf8',
      env: { ...process.env, STUDIO_CHROMIUM: '/nonexistent/chromium' },
    });
    expect(run.status).toBe(6);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/rendering cameras needs a Chromium browser .*--no-cameras/);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(existsSync(join(scratch, 'nobrowser'))).toBe(false); // nothing written: the same command works once a browser is there
  });
});
