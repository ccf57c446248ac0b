/** Runs a CLI command the way a user does (a real child process) and captures its output. */
import { spawnSync } from 'node:child_process';
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
