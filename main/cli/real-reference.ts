/**
 * generate --real PATH: the dataset's Sim2Real report (meta/sim2real.json and
 * meta/sim2real.html), made by the same code as `npm run gap` once the data
 * is written and before studio_job.json marks the dataset complete.
 */
import { resolve } from 'node:path';
import { CliError, EXIT } from './exit-codes';
import { requireFfmpeg } from './gap/ffmpeg';
import { GAP_RUN_DEFAULTS, runGap } from './gap/run-gap';
import { detectSource } from './gap/source';

/**
 * Checks --real before anything is written: a path `gap` can read, a
 * LeRobot dataset to report on, a whole job (not a shard or the queue), and
 * ffmpeg present. Returns the absolute path, or undefined without --real.
 */
export function checkRealReference(real: string | undefined, context: { format: string; shard: boolean; queue: boolean }): string | undefined {
  if (real === undefined) return undefined;
  if (context.format !== 'lerobot') throw new CliError(EXIT.usage, `--real writes the Sim2Real report into a LeRobot dataset's meta/; --format ${context.format} has none (run npm run gap on it instead)`);
  if (context.shard || context.queue) throw new CliError(EXIT.usage, '--real reports on a whole dataset: run npm run gap on the merged dataset instead of --shard or --queue');
  detectSource(real, '--real');
  requireFfmpeg();
  return resolve(real);
}

/** Writes the report of the dataset in `out` against `real` into out/meta; returns the lines to print. */
export function writeRealReport(out: string, real: string, jobSeed: number): Promise<string[]> {
  return runGap({ ...GAP_RUN_DEFAULTS, synthetic: out, real, out: `${out}/meta`, policies: null, backbones: [], seed: jobSeed });
}
