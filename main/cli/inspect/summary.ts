/**
 * What `inspect` reports about a dataset, whatever its format, and the one
 * error it raises for a damaged one.
 */
import { CliError, EXIT } from '../exit-codes';

/** The formats `inspect` reads. */
export type DatasetFormat = 'lerobot' | 'robomimic' | 'jsonl';

export const FORMAT_LABELS: Record<DatasetFormat, string> = {
  lerobot: 'LeRobot v3.0',
  robomimic: 'robomimic HDF5',
  jsonl: 'episodes.jsonl',
};

/** One stored feature: a column, an HDF5 dataset or a channel. */
export interface FeatureSummary {
  name: string;
  dtype: string;
  /** Shape of one frame. */
  shape: number[];
  /** Names of the dimensions, or null when the dataset gives none. */
  names: string[] | null;
}

/** A file of the dataset, relative to its folder. */
export interface FileEntry {
  path: string;
  bytes: number;
}

/** Episodes that succeeded, and where that was read from. */
export interface SuccessCount {
  successes: number;
  episodes: number;
  /** e.g. "next.success", "mask/success", "studio_job.json". */
  source: string;
}

/** What a format reader finds in the dataset files (all checked for consistency). */
export interface FormatSummary {
  format: DatasetFormat;
  episodes: number;
  frames: number;
  /** Frames per second, or null when no episode holds frames. */
  fps: number | null;
  robotType: string | null;
  features: FeatureSummary[];
  success: SuccessCount | null;
  /** Every distinct natural-language task, in order of first appearance (or task index). */
  tasks: string[];
  /** The data files (frames), with sizes. */
  dataFiles: FileEntry[];
}

/** The job a dataset came from, read from studio_job.json. */
export interface JobSummaryView {
  sceneName: string;
  sceneFile: string;
  jobSeed: number;
  /** Episodes the job ran (errored ones included). */
  episodes: number;
  successes: number;
  outcomes: Record<string, number>;
}

/** Everything `inspect` prints, as `--json` gives it. */
export interface DatasetSummary extends FormatSummary {
  dir: string;
  formatLabel: string;
  complete: boolean;
  /** Why the dataset is not complete; absent when it is. */
  incomplete?: string;
  scene: { name: string; file: string } | null;
  jobSeed: number | null;
  /** Successes / episodes of `success`, 0..1, or null when unknown. */
  successRate: number | null;
  outcomes: Record<string, number> | null;
  /** Bytes of every file in the folder (work files of an unfinished job excluded). */
  totalBytes: number;
}

/**
 * The error for a damaged dataset: one line `<file>: <what is wrong> (<values>)`,
 * exit code 5.
 */
export function damaged(file: string, what: string, values?: string): CliError {
  return new CliError(EXIT.damaged, `${file}: ${what}${values ? ` (${values})` : ''}`);
}

/** "a-b" for a range of episode indices, "a" for one. */
export function episodeRange(indices: readonly number[]): string {
  if (indices.length === 0) return 'none';
  const first = indices.reduce((a, b) => Math.min(a, b));
  const last = indices.reduce((a, b) => Math.max(a, b));
  return first === last ? `${first}` : `${first}-${last}`;
}
