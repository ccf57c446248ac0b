/** Runs a CLI command the way a user does (a real child process) and captures its output. */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const REPO = join(import.meta.dirname, '../..');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `main/cli/<command>.ts` with tsx; `timeoutMs` bounds it. */
export function runCli(command: 'generate' | 'validate' | 'inspect' | 'merge', args: string[], timeoutMs = 120_000): CliRun {
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(REPO, 'main/cli', `${command}.ts`), ...args], {
    cwd: REPO,
    encoding: 'utf8',
    timeout: timeoutMs,
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** sha256 of every file under `dir`, by path relative to it (for byte-identity checks). */
export function hashTree(dir: string, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix + entry.name;
    if (entry.isDirectory()) Object.assign(out, hashTree(join(dir, entry.name), `${rel}/`));
    else out[rel] = createHash('sha256').update(readFileSync(join(dir, entry.name))).digest('hex');
  }
  return out;
}
