import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hashTree, runCli } from './run-cli';

const scratch = mkdtempSync(join(tmpdir(), 'studio-generate-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('npm run generate', () => {
  for (const scene of ['tabletop-grasp', 'warehouse-nav']) {
    it(`${scene}: 1 and 2 workers give byte-identical files`, () => {
      const episodes = scene === 'tabletop-grasp' ? '8' : '3';
      const one = runCli('generate', [scene, '--format', 'jsonl', '--episodes', episodes, '--seed', '5', '--workers', '1', '--out', join(scratch, `${scene}-w1`)], 300_000);
      expect(one.stderr + one.stdout).not.toMatch(/internal error/);
      expect(one.code).toBe(0);
      const two = runCli('generate', [scene, '--format', 'jsonl', '--episodes', episodes, '--seed', '5', '--workers', '2', '--out', join(scratch, `${scene}-w2`)], 300_000);
      expect(two.code).toBe(0);
      const a = hashTree(join(scratch, `${scene}-w1`));
      const b = hashTree(join(scratch, `${scene}-w2`));
      expect(Object.keys(a).sort()).toEqual(['episodes.jsonl', 'studio_job.json']);
      expect(b).toEqual(a);

      const lines = readFileSync(join(scratch, `${scene}-w1`, 'episodes.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
      expect(lines.map((l) => l.episodeIndex)).toEqual([...Array(Number(episodes)).keys()]);
      const job = JSON.parse(readFileSync(join(scratch, `${scene}-w1`, 'studio_job.json'), 'utf8'));
      expect(job.summary.episodes).toBe(Number(episodes));
      expect(job.jobSeed).toBe(5);
      expect(one.stdout).toMatch(new RegExp(`${episodes} episodes -> .* \\(success \\d+\\.\\d%`));
    });
  }

  it('a different seed gives different episodes', () => {
    const out = join(scratch, 'seed6');
    expect(runCli('generate', ['tabletop-grasp', '--format', 'jsonl', '--episodes', '2', '--seed', '6', '--out', out]).code).toBe(0);
    const a = readFileSync(join(out, 'episodes.jsonl'), 'utf8');
    const b = readFileSync(join(scratch, 'tabletop-grasp-w1', 'episodes.jsonl'), 'utf8').split('\n').slice(0, 2).join('\n') + '\n';
    expect(a).not.toEqual(b);
  });

  it('refuses to overwrite a complete output without --force', () => {
    const out = join(scratch, 'tabletop-grasp-w1');
    const again = runCli('generate', ['tabletop-grasp', '--no-cameras', '--episodes', '1', '--out', out]);
    expect(again.code).toBe(4);
    expect(again.stderr).toMatch(/already holds a complete dataset; use --force/);
  });

  it('reports bad arguments and bad scenes in one line with documented exit codes', () => {
    const usage = runCli('generate', ['tabletop-grasp', '--episodes', 'many']);
    expect(usage.code).toBe(2);
    expect(usage.stderr.trim().split('\n')).toHaveLength(1);
    expect(usage.stderr).toMatch(/--episodes: expected an integer .* got "many"/);

    const unknown = runCli('generate', ['tabletop-grasp', '--frobnicate']);
    expect(unknown.code).toBe(2);

    const bad = join(scratch, 'bad.json');
    const doc = JSON.parse(readFileSync(join(import.meta.dirname, '../../scenes/presets/tabletop-grasp.json'), 'utf8'));
    doc.bodies[2].physics.friction = 9;
    writeFileSync(bad, JSON.stringify(doc));
    const invalid = runCli('generate', [bad, '--out', join(scratch, 'never')]);
    expect(invalid.code).toBe(3);
    expect(invalid.stderr.trim()).toBe(`generate: ${bad}: /bodies/2/physics/friction: must be <= 5 (value: 9)`);
    expect(invalid.stderr).not.toMatch(/\n\s+at /);
  });

  it('prints help with the exit codes', () => {
    const help = runCli('generate', ['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--episodes N/);
    expect(help.stdout).toMatch(/130\s+cancelled/);
  });
});
