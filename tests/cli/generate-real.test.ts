/**
 * generate --real PATH: the dataset carries its Sim2Real report in meta/,
 * written before studio_job.json marks it complete; options that cannot
 * give a report are refused with one line before anything is written.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli';

const scratch = mkdtempSync(join(tmpdir(), 'studio-generate-real-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Two 3-second test-pattern clips: the real side has two groups. */
function realFolder(): string {
  const dir = join(scratch, 'real');
  mkdirSync(dir, { recursive: true });
  for (const [name, source] of [['a.mp4', 'testsrc'], ['b.mp4', 'smptebars']] as const) {
    execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', `${source}=size=160x120:rate=10`, '-t', '3', '-pix_fmt', 'yuv420p', join(dir, name)]);
  }
  return dir;
}

describe('generate --real', () => {
  it('writes meta/sim2real.json and meta/sim2real.html into the dataset, the job record last', () => {
    const out = join(scratch, 'dataset');
    const run = runCli('generate', ['tabletop-grasp', '--episodes', '2', '--seed', '3', '--out', out, '--real', realFolder()], 300_000);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^wrote .*meta\/sim2real\.json and .*meta\/sim2real\.html/m);
    const report = JSON.parse(readFileSync(join(out, 'meta/sim2real.json'), 'utf8'));
    expect(report.format).toBe('robot-data-studio.sim2real');
    expect(report.seed).toBe(3);
    expect(report.synthetic.kind).toBe('lerobot');
    expect(report.real.kind).toBe('images');
    expect(report.real.groups).toBe(2);
    const kid = report.images.featureSpaces[0].raw.kid;
    expect(kid.mean).toBeGreaterThan(0);
    expect(readFileSync(join(out, 'meta/sim2real.html'), 'utf8')).toMatch(/<svg/);
    expect(existsSync(join(out, 'studio_job.json'))).toBe(true);
  }, 320_000);

  it('refuses --real where no report can be written, with one line and exit 2, writing nothing', () => {
    const cases: [string[], RegExp][] = [
      [['--real', join(scratch, 'nowhere')], /^--real .*nowhere: no such file or folder$/],
      [['--real', scratch, '--format', 'robomimic'], /^--real writes the Sim2Real report into a LeRobot dataset's meta\/; --format robomimic has none/],
      [['--real', scratch, '--shard', '0/2'], /^--real reports on a whole dataset/],
    ];
    for (const [args, message] of cases) {
      const out = join(scratch, `refused-${args.length}-${args[args.length - 1]!.replace(/\W/g, '')}`);
      const run = runCli('generate', ['tabletop-grasp', '--episodes', '2', '--no-cameras', '--out', out, ...args]);
      expect(run.code, run.stderr).toBe(2);
      const lines = run.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]!.replace(/^generate: /, '')).toMatch(message);
      expect(existsSync(out)).toBe(false);
    }
  });
});
