/**
 * The submitter's last step: the shard outputs in the shared folder are
 * merged into the output folder by the merge command itself (a child
 * process running main/cli/merge.ts: the same code, the same bytes, its own
 * progress bar and error line), which writes every file atomically and
 * studio_job.json last, as generate does.
 */
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { JOB_FILE } from '../../../exporters/job';
import { CliError, EXIT } from '../exit-codes';

const MERGE_SCRIPT = fileURLToPath(new URL('../merge.ts', import.meta.url));

/** Entries an interrupted merge may have left in the output folder (its work folder, which may hold the shards, stays). */
const MERGE_OUTPUTS = ['meta', 'data', 'videos', JOB_FILE];

/** Merges the complete shard folders `dirs` into `out`; throws a CliError with merge's exit code when it fails. */
export async function mergeShardFolders(out: string, dirs: string[], signal: AbortSignal): Promise<void> {
  for (const entry of MERGE_OUTPUTS) rmSync(join(out, entry), { recursive: true, force: true });
  // The same Node options (the tsx loader) as this process; merge prints its own bar and errors on stderr.
  const child = spawn(process.execPath, [...process.execArgv, MERGE_SCRIPT, out, ...dirs], { stdio: ['ignore', 'ignore', 'inherit'] });
  const onAbort = () => child.kill('SIGINT');
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (exitCode) => resolve(exitCode));
    });
    if (signal.aborted) throw new CliError(EXIT.cancelled, `cancelled while merging; ${out} is not complete: run the same command again to merge the finished shards`);
    if (code !== 0) throw new CliError(code ?? EXIT.internal, `merging ${dirs.length} shards into ${out} failed (merge exit ${code ?? 'by a signal'}); the shards stay in ${dirs[0] ? join(dirs[0], '..') : 'the shared folder'}`);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}
