/**
 * The state of a generate output folder: empty, complete (studio_job.json
 * present), or unfinished (a work folder with the job and its journal).
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { JOB_FILE } from '../../exporters/job';
import { CliError, EXIT } from './exit-codes';
import type { SavedVariations } from './variations';

export const WORK_DIR = '.studio-work';
const WORK_JOB = 'job.json';
export const JOURNAL = 'episodes.journal';

/** What a job needs to run again identically; saved at the start for --resume. */
export interface SavedJob {
  sceneFile: string;
  sceneText: string;
  jobSeed: number;
  /** Episodes of the whole job (a shard runs part of them). */
  episodes: number;
  format: string;
  /** This run is shard `index` (0-based) of `count`. */
  shard?: { index: number; count: number };
  /** Camera streams are not rendered (--no-cameras). */
  noCameras?: boolean;
  /** World-model variations of the camera streams (--variations, --reference, --world-model). */
  variations?: SavedVariations;
}

/** Files and folders a dataset of any format may own in its output folder. */
const DATASET_ENTRIES = ['meta', 'data', 'videos', 'robomimic.hdf5', 'episodes.jsonl', JOB_FILE, WORK_DIR];

export function isComplete(out: string): boolean {
  return existsSync(join(out, JOB_FILE));
}

export function readSavedJob(out: string): SavedJob | undefined {
  const file = join(out, WORK_DIR, WORK_JOB);
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as SavedJob;
  } catch (error) {
    throw new CliError(EXIT.output, `${file}: the saved job is damaged (${(error as Error).message}); use --force to start over`);
  }
}

export function saveJob(out: string, job: SavedJob): void {
  mkdirSync(join(out, WORK_DIR), { recursive: true });
  const file = join(out, WORK_DIR, WORK_JOB);
  writeFileSync(`${file}.partial`, JSON.stringify(job, null, 2));
  renameSync(`${file}.partial`, file); // atomic: a crash leaves no saved job or a whole one
}

/** Removes what an earlier dataset left in `out` (only the entries a dataset owns). */
export function clearDataset(out: string): void {
  for (const entry of DATASET_ENTRIES) rmSync(join(out, entry), { recursive: true, force: true });
}

export function removeWork(out: string): void {
  rmSync(join(out, WORK_DIR), { recursive: true, force: true });
}
