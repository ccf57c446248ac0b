/**
 * `npm run gap` end to end, as a user runs it: a LeRobot dataset rendered
 * by generate (cameras, depth) with a variation stream added by the world
 * model's contract, against a real folder holding a video and a subfolder
 * of PNG frames; against a robomimic file for states and actions; and the
 * one-line failures with their exit codes.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImageReport, Sim2RealReport } from '../../exporters/sim2real/report-types';
import { REPO, runCli } from '../cli/run-cli';
import { addVariationStream, makeRealImages, makeRealVideo } from './builders';

const scratch = mkdtempSync(join(tmpdir(), 'studio-gap-'));
const synthetic = join(scratch, 'synthetic');
const real = join(scratch, 'real');
const robomimic = join(scratch, 'robomimic');
const policies = join(scratch, 'policies.csv');
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function gap(args: string[]) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(REPO, 'main/cli/gap.ts'), ...args], { cwd: REPO, encoding: 'utf8', timeout: 300_000, env: { ...process.env, NO_COLOR: '1' } });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const readReport = (dir: string) => JSON.parse(readFileSync(join(dir, 'sim2real.json'), 'utf8')) as Sim2RealReport;

beforeAll(async () => {
  const made = runCli('generate', ['tabletop-grasp', '--episodes', '2', '--seed', '5', '--out', synthetic], 600_000);
  expect(made.stderr).not.toMatch(/internal error/);
  expect(made.code).toBe(0);
  await addVariationStream(synthetic, 'observation.images.front', 0, 'eq=brightness=0.06:saturation=1.4,noise=alls=10:allf=t');
  makeRealVideo(join(real, 'clip.mp4'), 4);
  makeRealImages(join(real, 'frames'), 24);
  expect(runCli('generate', ['tabletop-grasp', '--format', 'robomimic', '--no-cameras', '--episodes', '4', '--seed', '9', '--out', robomimic], 300_000).code).toBe(0);
  writeFileSync(policies, 'policy,sim_successes,sim_trials,real_successes,real_trials\nocto,37,50,12,20\nrt1,30,50,9,20\ndp,44,50,15,20\n');
}, 900_000);

describe('npm run gap', () => {
  it('writes sim2real.json and a self-contained sim2real.html into the dataset\'s meta/, the same bytes on a second run', () => {
    const run = gap(['--synthetic', synthetic, '--real', real, '--policies', policies]);
    expect(run.stderr).not.toMatch(/internal error/);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/variations reduced the gap on \d+ of 10 statistics/);
    const meta = join(synthetic, 'meta');
    const report = readReport(meta);
    expect(report).toMatchObject({ format: 'robot-data-studio.sim2real', version: 1, seed: 0 });
    expect(report.synthetic).toMatchObject({ kind: 'lerobot', camera: 'observation.images.front', groups: 2 });
    expect(report.synthetic.variationStreams).toEqual([{ key: 'observation.images.front_var0', model: 'ffmpeg-filter-test', reference: 'tests/sim2real', seed: 0 }]);
    expect(report.real).toMatchObject({ kind: 'images', groups: 3 }); // two clips of the video, the PNG subfolder
    const images = report.images as ImageReport;
    expect(images.sets.raw).toEqual({ frames: 32, groups: 2 });
    expect(images.sets.variations).toEqual({ frames: 32, groups: 2 });
    expect(images.sets.real).toEqual({ frames: 48, groups: 3 });
    const [space] = images.featureSpaces;
    expect(space!.name).toBe('random-cnn-features');
    for (const set of [space!.raw!, space!.variations!]) {
      expect(set.kid.mean).toBeGreaterThan(0);
      expect(set.c2st).toMatchObject({ heldOut: 64, folds: 2, groups: { synthetic: 2 } }); // the real set is subsampled to 32 frames
      for (const v of Object.values(set.prdc)) expect(Number.isFinite(v)).toBe(true);
    }
    expect(images.lowLevel.depthHoleRatio.raw!.count).toBe(32);
    expect(images.lowLevel.noise.variations!.mean).toBeGreaterThan(images.lowLevel.noise.raw!.mean + 1); // the variation filter adds noise
    expect(images.lowLevel.histograms.real!.r).toHaveLength(256);
    expect(images.embedding!.points.variations).toHaveLength(32);
    expect(report.variationEffect!.map((e) => e.verdict).every((v) => ['reduced', 'increased', 'unchanged'].includes(v))).toBe(true);
    expect(report.states).toEqual({ skipped: 'no states in the real data' });
    expect(report.policies!.srcc).toBeGreaterThan(0.9);

    const html = readFileSync(join(meta, 'sim2real.html'), 'utf8');
    expect(html).not.toMatch(/https?:|<script|<link|<img|src=|url\(/i);
    expect(html.match(/<svg /g)!.length).toBe(3 + 1 + 1); // histograms, embedding, policies
    expect(html).toContain('observation.images.front_var0');

    const again = join(scratch, 'again');
    expect(gap(['--synthetic', synthetic, '--real', real, '--policies', policies, '--out', again]).code).toBe(0);
    expect(readFileSync(join(again, 'sim2real.json'))).toEqual(readFileSync(join(meta, 'sim2real.json')));
    expect(readFileSync(join(again, 'sim2real.html'))).toEqual(readFileSync(join(meta, 'sim2real.html')));
  }, 300_000);

  it('compares states and actions by name with a robomimic reference', () => {
    const out = join(scratch, 'vs-robomimic');
    const run = gap(['--synthetic', synthetic, '--real', join(robomimic, 'robomimic.hdf5'), '--out', out, '--seed', '3']);
    expect(run.stderr).not.toMatch(/internal error/);
    expect(run.code).toBe(0);
    const report = readReport(out);
    expect(report.images).toEqual({ skipped: 'the real reference has no images' });
    expect(report.real).toMatchObject({ kind: 'robomimic', groups: 4 });
    if ('skipped' in report.states || 'skipped' in report.actions) throw new Error(`not compared: ${JSON.stringify([report.states, report.actions])}`);
    expect(report.states.names).toEqual(['palm.x', 'palm.y', 'palm.z', 'palm.qx', 'palm.qy', 'palm.qz', 'palm.qw', 'opening']);
    expect(report.actions.names).toEqual(['target.x', 'target.y', 'target.z', 'opening']);
    for (const d of report.states.perDimension) {
      expect(d.pHolm).toBeGreaterThanOrEqual(d.pValue);
      expect(d.ks).toBeGreaterThanOrEqual(0);
    }
    expect(report.states.mmd.permutations).toBe(200);
    expect(report.variationEffect).toBeNull();
  }, 300_000);

  it('fails with one line naming the file, field and value, and the documented exit code', () => {
    const oneLine = (run: { code: number | null; stderr: string }, code: number, pattern: RegExp) => {
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).toMatch(pattern);
      expect(run.code).toBe(code);
    };
    oneLine(gap(['--synthetic', synthetic]), 2, /^gap: --synthetic and --real are required/);
    oneLine(gap(['--synthetic', synthetic, '--real', join(scratch, 'nowhere')]), 2, /--real .*nowhere: no such file or folder/);
    const badCsv = join(scratch, 'bad.csv');
    writeFileSync(badCsv, 'policy,sim_successes,sim_trials,real_successes,real_trials\na,1,2,x,3\n');
    oneLine(gap(['--synthetic', synthetic, '--real', real, '--policies', badCsv]), 2, /bad\.csv: line 2, column "real_successes": expected an integer from 0 to real_trials \(3\), got "x"/);
    const backbone = join(scratch, 'backbone');
    mkdirSync(backbone);
    copyFileSync(join(REPO, 'assets/models/random-cnn-features/model.onnx'), join(backbone, 'model.onnx'));
    const manifest = JSON.parse(readFileSync(join(REPO, 'assets/models/random-cnn-features/manifest.json'), 'utf8'));
    writeFileSync(join(backbone, 'manifest.json'), JSON.stringify({ ...manifest, name: 'mine', input: { ...manifest.input, std: [0.25, 0, 0.25] } }));
    oneLine(gap(['--synthetic', synthetic, '--real', real, '--backbone', backbone]), 2, /backbone\/manifest\.json: \/input\/std\/1: must be > 0 \(value: 0\)/);
    const broken = join(scratch, 'broken');
    cpSync(synthetic, broken, { recursive: true });
    rmSync(join(broken, 'meta/sim2real.json'));
    writeFileSync(join(broken, 'meta/info.json'), '{"codebase_version": "v3.0"');
    oneLine(gap(['--synthetic', broken, '--real', real]), 5, /broken\/meta\/info\.json: not JSON/);
    writeFileSync(join(scratch, 'a-file'), '');
    oneLine(gap(['--synthetic', synthetic, '--real', real, '--out', join(scratch, 'a-file')]), 4, /--out .*a-file: exists and is not a folder/);
    expect(existsSync(join(broken, 'meta/sim2real.json'))).toBe(false);
  }, 300_000);
});
