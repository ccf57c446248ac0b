/**
 * One Sim2Real report, from paths to the two files: read both sides, compute
 * the statistics, write sim2real.json and sim2real.html atomically into
 * `out`. Used by `npm run gap` and by `generate --real`.
 */
import { join } from 'node:path';
import { SingleBar } from 'cli-progress';
import { renderHtml } from '../../../exporters/sim2real/html';
import type { PolicyRow } from '../../../exporters/sim2real/policy';
import { FeatureModelError } from '../../../workers/sim2real/feature-manifest';
import { computeGapReport } from '../../../workers/sim2real/gap-report';
import { CliError, EXIT } from '../exit-codes';
import { FileSink } from '../file-sink';
import { loadBackbones } from './backbones';
import { requireFfmpeg } from './ffmpeg';
import type { LoadOptions } from './side';
import { loadSource } from './source';
import { summaryLines } from './summary';

export interface GapRun {
  synthetic: string;
  real: string;
  /** Folder the two files go into. */
  out: string;
  policies: PolicyRow[] | null;
  /** Extra feature backbone folders (the bundled one is always used). */
  backbones: readonly string[];
  camera?: string | undefined;
  realCamera?: string | undefined;
  seed: number;
  /** Analysis size in pixels (a power of two). */
  size: number;
  sampling: { maxFrames: number; perGroup: number };
  clipFrames: number;
}

/** Defaults of `npm run gap` (its --help). */
export const GAP_RUN_DEFAULTS = { seed: 0, size: 128, sampling: { maxFrames: 400, perGroup: 16 }, clipFrames: 60 } as const;

/** Computes and writes the report; returns the lines to print (summary, files written, timings). */
export async function runGap(run: GapRun): Promise<string[]> {
  requireFfmpeg();
  const extractors = await loadBackbones(run.backbones);
  const started = performance.now();
  const common = { size: run.size, sampling: run.sampling, clipFrames: run.clipFrames };
  // Where the time goes, on a terminal only: a failure stays one line in logs.
  const status = (text: string) => process.stderr.isTTY && process.stderr.write(`${text}\n`);
  status(`gap: reading ${run.synthetic}`);
  const syn = await loadSource(run.synthetic, '--synthetic', { ...common, camera: run.camera } satisfies LoadOptions, true);
  status(`gap: reading ${run.real}`);
  const real = await loadSource(run.real, '--real', { ...common, camera: run.realCamera }, false);
  const loaded = performance.now();

  const bar = new SingleBar({ format: 'features {bar} {percentage}% | {value}/{total} frames | ETA {eta_formatted}', barCompleteChar: '#', barIncompleteChar: '-', stream: process.stderr, noTTYOutput: true, notTTYSchedule: 5000, hideCursor: true });
  let barStarted = false;
  const report = await computeGapReport(
    {
      seed: run.seed,
      synthetic: { source: syn.source, raw: syn.raw, variations: syn.variations, states: syn.states, actions: syn.actions },
      real: { source: real.source, images: real.raw, states: real.states, actions: real.actions },
      policies: run.policies,
    },
    extractors,
    (done, total) => {
      if (!barStarted) bar.start(total, 0);
      barStarted = true;
      bar.update(done);
    },
  ).catch((error: unknown) => {
    // A backbone that gives wrong shapes or non-finite features: the message names its files.
    throw error instanceof FeatureModelError ? new CliError(EXIT.usage, error.message) : error;
  }).finally(() => {
    if (barStarted) bar.stop();
  });
  await Promise.all(extractors.map((e) => e.release()));

  const sink = new FileSink(run.out);
  try {
    await sink.writeFile('sim2real.json', `${JSON.stringify(report, null, 2)}\n`);
    await sink.writeFile('sim2real.html', renderHtml(report));
  } catch (error) {
    throw new CliError(EXIT.output, `--out ${run.out}: cannot write the report (${(error as Error).message})`);
  }
  const seconds = (t: number) => (t / 1000).toFixed(1);
  return [...summaryLines(report), `wrote ${join(run.out, 'sim2real.json')} and ${join(run.out, 'sim2real.html')} (reading ${seconds(loaded - started)} s, statistics ${seconds(performance.now() - loaded)} s)`];
}
