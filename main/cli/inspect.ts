/**
 * npm run inspect -- DIR [--json]
 * Prints a summary of an exported dataset (LeRobot v3.0, robomimic HDF5 or
 * episodes.jsonl) after checking its files against each other; refuses a
 * damaged or incomplete one with one line naming the file.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { JOB_FILE } from '../../exporters/job';
import { parse } from './args';
import { CliError, EXIT, EXIT_CODES_HELP, runCommand } from './exit-codes';
import { detectFormat, FORMAT_FILES } from './inspect/detect';
import { listFiles } from './inspect/files';
import { readJobFile } from './inspect/job-file';
import { readJsonl } from './inspect/jsonl';
import { readLeRobot } from './inspect/lerobot';
import { renderSummary } from './inspect/render';
import { readRobomimic } from './inspect/robomimic';
import { damaged, FORMAT_LABELS, type DatasetFormat, type DatasetSummary, type FormatSummary, type JobSummaryView } from './inspect/summary';
import { WORK_DIR } from './output-folder';

const HELP = `Usage: npm run inspect -- DIR [--json]

Prints a summary of a dataset that generate wrote: its format, the scene
and seed it came from, episodes, frames, fps, features, success rate,
outcomes, tasks and data files. The format is found from the files:
meta/info.json (LeRobot v3.0), robomimic.hdf5 (robomimic) or episodes.jsonl.

Before printing, the files are checked against each other (row counts of
the data files against meta/info.json and the episodes metadata, HDF5
num_samples against the datasets, every JSONL line). A damaged dataset is
refused with one line naming the file, what is wrong and the values; a
dataset without ${JOB_FILE} is incomplete and is reported as such.

Options:
  --json                print the summary as JSON
  --debug               print stack traces of internal errors
  -h, --help            show this help

${EXIT_CODES_HELP}`;

const READERS: Record<DatasetFormat, (dir: string) => Promise<FormatSummary>> = {
  lerobot: readLeRobot,
  robomimic: readRobomimic,
  jsonl: readJsonl,
};

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { help: { type: 'boolean', short: 'h' }, json: { type: 'boolean' } });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return EXIT.ok;
  }
  if (positionals.length !== 1) throw new CliError(EXIT.usage, `give one dataset folder, got ${positionals.length}${positionals.length ? `: ${positionals.join(' ')}` : ''} (see --help)`);
  const dir = positionals[0]!;
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new CliError(EXIT.usage, `${dir}: no such folder`);

  const job = readJobFile(dir);
  const resumable = existsSync(join(dir, WORK_DIR, 'job.json'));
  const incomplete = job ? undefined : incompleteReason(dir, resumable);
  const format = detectFormat(dir);
  if (!format) {
    const expected = Object.values(FORMAT_FILES).join(', ');
    if (job) throw damaged(dir, `no dataset files beside ${JOB_FILE}`, `expected one of ${expected}`);
    if (resumable) throw damaged(dir, incomplete!);
    throw new CliError(EXIT.usage, `${dir}: not a dataset folder (none of ${expected}, ${JOB_FILE})`);
  }
  let found: FormatSummary;
  try {
    found = await READERS[format](dir);
  } catch (error) {
    // An unfinished job's files are partial by nature: say what to do about it.
    if (incomplete && error instanceof CliError && error.code === EXIT.damaged) throw damaged(dir, incomplete);
    throw error;
  }
  if (job) checkAgainstJob(dir, found, job);
  const summary = summarize(dir, found, job, incomplete);
  process.stdout.write(values.json ? `${JSON.stringify(summary, null, 2)}\n` : renderSummary(summary));
  if (incomplete) throw damaged(dir, incomplete);
  return EXIT.ok;
}

/** Why a folder without studio_job.json is not complete, and what finishes it. */
function incompleteReason(dir: string, resumable: boolean): string {
  return resumable
    ? `incomplete: no ${JOB_FILE} (resume with generate --resume --out ${dir})`
    : `incomplete: no ${JOB_FILE} (and no interrupted job in ${WORK_DIR}/ to resume: regenerate with generate --force --out ${dir})`;
}

/** The dataset holds what the job says it wrote. */
function checkAgainstJob(dir: string, found: FormatSummary, job: JobSummaryView): void {
  const file = join(dir, FORMAT_FILES[found.format]);
  // episodes.jsonl keeps every episode; the other formats skip episodes without frames.
  const wrong = found.format === 'jsonl' ? found.episodes !== job.episodes : found.episodes > job.episodes;
  if (wrong) throw damaged(file, `${found.episodes} episodes, ${JOB_FILE} says the job wrote ${job.episodes}`, `summary.episodes ${job.episodes}`);
}

function summarize(dir: string, found: FormatSummary, job: JobSummaryView | undefined, incomplete: string | undefined): DatasetSummary {
  const fromJob = job && { successes: job.successes, episodes: job.episodes, source: JOB_FILE };
  const success = found.success ?? fromJob ?? null;
  return {
    dir,
    format: found.format,
    formatLabel: FORMAT_LABELS[found.format],
    complete: incomplete === undefined,
    ...(incomplete ? { incomplete } : {}),
    scene: job ? { name: job.sceneName, file: job.sceneFile } : null,
    jobSeed: job ? job.jobSeed : null,
    episodes: found.episodes,
    frames: found.frames,
    fps: found.fps,
    robotType: found.robotType,
    success,
    successRate: success && success.episodes ? success.successes / success.episodes : null,
    outcomes: job ? job.outcomes : null,
    tasks: found.tasks,
    features: found.features,
    dataFiles: found.dataFiles,
    totalBytes: listFiles(dir, [WORK_DIR]).reduce((n, f) => n + f.bytes, 0),
  };
}

await runCommand('inspect', main);
