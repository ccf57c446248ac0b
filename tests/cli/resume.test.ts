import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hashTree, REPO, runCli } from './run-cli';

const scratch = mkdtempSync(join(tmpdir(), 'studio-resume-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Starts generate, and kills it with SIGKILL once its journal holds at least `minBytes`. */
async function killMidRun(args: string[], journal: string, minBytes: number): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(REPO, 'main/cli/generate.ts'), ...args], { cwd: REPO, stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (existsSync(journal) && statSync(journal).size >= minBytes) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  child.kill('SIGKILL');
  await exited;
}

describe('generate --resume after kill -9', () => {
  for (const format of ['lerobot', 'robomimic', 'jsonl']) {
    it(`${format}: finishes the job and the result is byte-identical to an uninterrupted run`, async () => {
      const job = ['tabletop-grasp', '--no-cameras', '--episodes', '40', '--seed', '3', '--format', format, '--workers', '2'];
      const reference = join(scratch, `${format}-reference`);
      expect(runCli('generate', [...job, '--out', reference], 300_000).code).toBe(0);

      const out = join(scratch, `${format}-killed`);
      const journal = join(out, '.studio-work', 'episodes.journal');
      await killMidRun([...job, '--out', out], journal, 60_000);
      expect(existsSync(join(out, 'studio_job.json'))).toBe(false);
      const journalBytes = statSync(journal).size;
      expect(journalBytes).toBeGreaterThan(0);

      const again = runCli('generate', [...job, '--out', out]);
      expect(again.code).toBe(4);
      expect(again.stderr).toMatch(/unfinished job \(finish it with --resume/);

      const resumed = runCli('generate', ['--resume', '--out', out], 300_000);
      expect(resumed.stderr).not.toMatch(/internal error/);
      expect(resumed.code).toBe(0);
      expect(resumed.stdout).toMatch(/\(\d+ taken from the interrupted run\)/);
      expect(existsSync(join(out, '.studio-work'))).toBe(false);
      expect(hashTree(out)).toEqual(hashTree(reference));
    });
  }

  it('refuses --resume with a different job, and when there is nothing to resume', () => {
    const done = join(scratch, 'lerobot-reference');
    const nothing = runCli('generate', ['--resume', '--out', done]);
    expect(nothing.code).toBe(4);
    expect(nothing.stderr).toMatch(/already complete; nothing to resume/);
  });
});
