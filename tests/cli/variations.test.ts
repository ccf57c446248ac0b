/**
 * generate --variations K --reference PATH: the world model (the test
 * fixture tests/fixtures/worldmodel/tiny-transfer) re-renders every RGB
 * camera K times in the headless page, each conditioned on one frame of the
 * reference; the LeRobot dataset gains streams observation.images.<cam>_var<k>
 * (checked with ffprobe), their provenance in meta/info.json and their
 * scores in meta/episodes (checked with DuckDB), byte-identical for 1 and 2
 * workers. References: a video (VP9 WebM made by ffmpeg) or a folder of
 * PNGs (colour and greyscale). Bad references and options fail with one
 * line and exit 2, before anything is written.
 *
 * The scene is the tabletop-grasp preset with its cameras made small
 * (64x64 and 56x40, which the model pads to 64x40) and a shorter hold and
 * shake, to keep the test fast.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CliError, EXIT } from '../../main/cli/exit-codes';
import { parseVariationOptions, referenceFiles } from '../../main/cli/variations';
import { hashTree, REPO, runCli } from './run-cli';

const scratch = mkdtempSync(join(tmpdir(), 'studio-variations-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const MODEL = join(REPO, 'tests/fixtures/worldmodel/tiny-transfer');
const MODEL_SHA = JSON.parse(readFileSync(join(MODEL, 'manifest.json'), 'utf8')).sha256 as string;
const SIZES: Record<string, [number, number]> = { front: [64, 64], wrist: [56, 40] };

const scene = join(scratch, 'tabletop-small.json');
const preset = JSON.parse(readFileSync(join(REPO, 'scenes/presets/tabletop-grasp.json'), 'utf8'));
for (const camera of preset.cameras) [camera.width, camera.height] = SIZES[camera.id]!;
preset.task.holdSeconds = 0.2;
preset.task.shake.seconds = 0.3;
writeFileSync(scene, JSON.stringify(preset));

function ffmpeg(args: string[]): void {
  const run = spawnSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`ffmpeg failed: ${run.stderr}`);
}

const video = join(scratch, 'ref.webm');
ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=size=96x72:rate=10:duration=1', '-c:v', 'libvpx-vp9', '-pix_fmt', 'yuv420p', video]);
const folder = join(scratch, 'refs');
mkdirSync(folder);
ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=size=80x60:rate=1', '-frames:v', '1', join(folder, 'colour-1.png')]);
ffmpeg(['-f', 'lavfi', '-i', 'mandelbrot=size=80x60:rate=1', '-frames:v', '1', '-pix_fmt', 'gray', join(folder, 'grey-1.png')]);

function ffprobe(file: string): { frames: number; width: number; height: number; codec: string } {
  const run = spawnSync('ffprobe', ['-v', 'error', '-count_frames', '-show_streams', '-of', 'json', file], { encoding: 'utf8' });
  const stream = JSON.parse(run.stdout).streams[0];
  return { frames: Number(stream.nb_read_frames), width: stream.width, height: stream.height, codec: stream.codec_name };
}

const job = (out: string, reference: string, episodes: number, workers: number) => [
  scene, '--episodes', String(episodes), '--seed', '1', '--variations', '2', '--reference', reference, '--world-model', MODEL,
  '--workers', String(workers), '--render-workers', String(workers), '--out', out,
];

describe('generate --variations', () => {
  it('writes K variation streams per camera with provenance and scores, byte-identical for 1 and 2 workers', async () => {
    const one = join(scratch, 'w1');
    const a = runCli('generate', job(one, video, 2, 1), 600_000);
    expect(a.stderr).not.toMatch(/internal error/);
    expect(a.code).toBe(0);
    expect(a.stdout).toMatch(/^world model tiny-transfer: 2 variations per camera from ref\.webm frame \d+, ref\.webm frame \d+; \d wasm threads? per render worker \(cross-origin isolated page\)$/m);

    // The job record keeps what regenerates the variations (names, not this machine's paths).
    const jobRecord = JSON.parse(readFileSync(join(one, 'studio_job.json'), 'utf8'));
    expect(jobRecord.variations).toEqual({ count: 2, reference: 'ref.webm', worldModel: { folder: 'tiny-transfer', sha256: MODEL_SHA } });

    const info = JSON.parse(readFileSync(join(one, 'meta/info.json'), 'utf8'));
    const frames = info.total_frames as number;
    const referenceFrames = new Set<number>();
    for (const [camera, [width, height]] of Object.entries(SIZES)) {
      const source = info.features[`observation.images.${camera}`];
      for (const k of [0, 1]) {
        const key = `observation.images.${camera}_var${k}`;
        const feature = info.features[key];
        expect(feature.dtype).toBe('video');
        expect(feature.shape).toEqual(source.shape);
        const { 'variation.of': of, 'variation.index': index, 'variation.model': model, 'variation.reference': reference, 'variation.seed': seed, ...videoInfo } = feature.info;
        expect(videoInfo).toEqual(source.info);
        expect({ of, index, model, seed }).toEqual({ of: `observation.images.${camera}`, index: k, model: { name: 'tiny-transfer', sha256: MODEL_SHA }, seed: 1 });
        expect(reference.file).toBe('ref.webm');
        expect(reference.frames).toHaveLength(1);
        referenceFrames.add(reference.frames[0]);
        expect(ffprobe(join(one, `videos/${key}/chunk-000/file-000.mp4`))).toEqual({ frames, width, height, codec: 'av1' });
      }
    }
    expect([...referenceFrames].every((f) => f >= 0 && f < 10)).toBe(true);
    expect(referenceFrames.size).toBe(2); // distinct frames, the same for both cameras

    // A variation is another look: its colour statistics are not the source's.
    const stats = JSON.parse(readFileSync(join(one, 'meta/stats.json'), 'utf8'));
    const mean = (key: string) => (stats[key].mean as number[][][]).flat(2);
    const shift = mean('observation.images.front_var0').map((v, c) => Math.abs(v - mean('observation.images.front')[c]!));
    expect(Math.max(...shift)).toBeGreaterThan(0.02);

    const db = await (await DuckDBInstance.create(':memory:')).connect();
    const rows = (await db.runAndReadAll(`select "variations/observation.images.front_var0/label_preservation", "variations/observation.images.front_var0/temporal_consistency",
      "variations/observation.images.wrist_var1/label_preservation", "variations/observation.images.wrist_var1/source_label_preservation"
      from read_parquet('${one}/meta/episodes/*/*.parquet') order by episode_index`)).getRows() as number[][];
    expect(rows).toHaveLength(2);
    for (const score of rows.flat()) {
      expect(score).toBeGreaterThanOrEqual(0);
      expect(score).toBeLessThanOrEqual(1);
    }
    expect(rows.every((r) => r[0]! > 0.5)).toBe(true); // the fixture keeps the outlines

    const two = join(scratch, 'w2');
    expect(runCli('generate', job(two, video, 2, 2), 600_000).code).toBe(0);
    expect(hashTree(two)).toEqual(hashTree(one));
  }, 900_000);

  it('takes a folder of colour and greyscale images as the reference', () => {
    const out = join(scratch, 'folder');
    const run = runCli('generate', job(out, folder, 1, 1), 600_000);
    expect(run.stderr).not.toMatch(/internal error/);
    expect(run.code).toBe(0);
    const info = JSON.parse(readFileSync(join(out, 'meta/info.json'), 'utf8'));
    const files = [0, 1].map((k) => info.features[`observation.images.front_var${k}`].info['variation.reference']);
    // Two images, two variations: both are used, the greyscale one included.
    expect(files.map((f) => f.file).sort()).toEqual(['refs/colour-1.png', 'refs/grey-1.png']);
    for (const f of files) expect(f.frames).toEqual([0]);
    expect(ffprobe(join(out, 'videos/observation.images.front_var1/chunk-000/file-000.mp4')).frames).toBe(info.total_frames);
  }, 600_000);

  it('refuses bad references and options with one line and exit 2, writing nothing', () => {
    const cases: [string[], RegExp][] = [
      [[scene, '--variations', '2'], /^generate: --variations needs --reference PATH/],
      [[scene, '--variations', '1', '--reference', join(scratch, 'missing.webm'), '--world-model', MODEL], /^generate: --reference .*missing\.webm: cannot read it \(ENOENT\)$/],
      [[scene, '--variations', '1', '--reference', video, '--world-model', join(REPO, 'tests/fixtures/worldmodel/tiny-predict')], /^generate: .*tiny-predict\/manifest\.json: \/kind: variations need a transfer model \(value: "predict"\)$/],
    ];
    for (const [args, message] of cases) {
      const out = join(scratch, 'refused');
      const run = runCli('generate', [...args, '--episodes', '1', '--out', out]);
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr.trim()).toMatch(message);
      expect(existsSync(out)).toBe(false);
    }
  });

  it('reads the options: usage errors name the option and value', () => {
    const usage = (options: Parameters<typeof parseVariationOptions>[0], format = 'lerobot', noCameras = false) => {
      try {
        parseVariationOptions(options, format, noCameras);
      } catch (error) {
        expect(error).toBeInstanceOf(CliError);
        expect((error as CliError).code).toBe(EXIT.usage);
        return (error as Error).message;
      }
      throw new Error('accepted');
    };
    expect(parseVariationOptions({}, 'lerobot', false)).toBeUndefined();
    expect(parseVariationOptions({ variations: '3', reference: video }, 'lerobot', false)).toMatchObject({ count: 3, reference: video });
    expect(usage({ reference: video })).toBe('--reference and --world-model go with --variations K');
    expect(usage({ variations: '0', reference: video })).toBe('--variations: expected an integer from 1 to 16, got "0"');
    expect(usage({ variations: '2x', reference: video })).toBe('--variations: expected an integer from 1 to 16, got "2x"');
    expect(usage({ variations: '1', reference: video }, 'jsonl')).toBe('--variations writes extra camera streams of a LeRobot dataset; --format jsonl cannot hold them');
    expect(usage({ variations: '1', reference: video }, 'lerobot', true)).toBe('--variations re-renders the camera streams; it cannot go with --no-cameras');
    expect(() => referenceFiles(join(scratch, 'tabletop-small.json'))).toThrow(/--reference .*tabletop-small\.json: expected a video \(\.mp4, .*\) or a folder of images$/);
    const empty = join(scratch, 'empty');
    mkdirSync(empty);
    expect(() => referenceFiles(empty)).toThrow(/--reference .*empty: the folder holds no images/);
    expect(referenceFiles(folder)).toEqual({ kind: 'images', files: ['colour-1.png', 'grey-1.png'].map((n) => join(folder, n)) });
  });

  it('refuses a reference the page cannot decode, and a damaged model, naming the file', () => {
    const garbage = join(scratch, 'garbage.mp4');
    writeFileSync(garbage, Buffer.from(Array.from({ length: 4000 }, (_, i) => (i * 7919) % 251)));
    const out = join(scratch, 'undecodable');
    const run = runCli('generate', [scene, '--episodes', '1', '--variations', '1', '--reference', garbage, '--world-model', MODEL, '--out', out], 300_000);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^generate: .*garbage\.mp4: cannot decode it as a reference: /);
    expect(existsSync(out)).toBe(false);

    const broken = join(scratch, 'broken-model');
    mkdirSync(broken);
    const manifest = JSON.parse(readFileSync(join(MODEL, 'manifest.json'), 'utf8'));
    writeFileSync(join(broken, 'manifest.json'), JSON.stringify({ ...manifest, inputs: [{ ...manifest.inputs[0], name: 'rgb' }, manifest.inputs[1]] }));
    writeFileSync(join(broken, 'model.onnx'), readFileSync(join(MODEL, 'model.onnx')));
    const bad = runCli('generate', [scene, '--episodes', '1', '--variations', '1', '--reference', video, '--world-model', broken, '--out', out]);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toMatch(/^generate: .*broken-model\/manifest\.json: \/inputs: names \[rgb, reference\], but .*broken-model\/model\.onnx has inputs \[structure, reference\] \(value: \["rgb","reference"\]\)$/);
  }, 400_000);
});
