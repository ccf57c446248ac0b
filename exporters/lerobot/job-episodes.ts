/**
 * `meta/job_episodes.parquet`: which job episode each dataset episode came
 * from. Dataset episode indices are renumbered 0..N-1 over the written
 * episodes (records with no frames are skipped), so this file keeps the way
 * back to the job: `episode_index` (int64, the dataset's), `job_episode_index`
 * (int64, the record's episodeIndex), `seed` (the EpisodeSpec seed, 32
 * hex digits), `outcome` and `detail` (why it succeeded or failed, in
 * words with values), `resolved` (JSON: every randomized value with its
 * path) and `metrics` (JSON: the engine's scalar results, SI units; NaN and
 * infinities as strings). It sits beside LeRobot's files rather than in them: LeRobot
 * loads `meta/episodes/*` as one table and refuses files whose columns
 * differ, which an extra column would cause once a generated dataset is
 * merged with a recorded one (`aggregate_datasets`) or recording resumes.
 * LeRobot never reads this file.
 */
import type { RecordBatch } from 'apache-arrow';
import { int64Column, recordBatch, utf8Column } from './arrow-columns';

export const JOB_EPISODES_PATH = 'meta/job_episodes.parquet';

/** One written episode and its origin in the job. */
export interface JobEpisodeRow {
  episodeIndex: number;
  jobEpisodeIndex: number;
  seed: string;
  outcome: string;
  detail: string;
  /** JSON array of {path, value}. */
  resolved: string;
  /** JSON object of metric name -> number (non-finite values as strings). */
  metrics: string;
}

/** The job-episode row of a record written as dataset episode `episodeIndex`. */
export function jobEpisodeRow(episodeIndex: number, record: { episodeIndex: number; seed: string; outcome: string; detail: string; resolved: unknown; metrics: Record<string, number> }): JobEpisodeRow {
  const metrics = Object.fromEntries(Object.entries(record.metrics).map(([k, v]) => [k, Number.isFinite(v) ? v : String(v)]));
  return {
    episodeIndex,
    jobEpisodeIndex: record.episodeIndex,
    seed: record.seed,
    outcome: record.outcome,
    detail: record.detail,
    resolved: JSON.stringify(record.resolved),
    metrics: JSON.stringify(metrics),
  };
}

/** Rows as an Arrow batch. */
export function jobEpisodesBatch(rows: readonly JobEpisodeRow[]): RecordBatch {
  return recordBatch([
    int64Column('episode_index', rows.map((r) => r.episodeIndex)),
    int64Column('job_episode_index', rows.map((r) => r.jobEpisodeIndex)),
    utf8Column('seed', rows.map((r) => r.seed)),
    utf8Column('outcome', rows.map((r) => r.outcome)),
    utf8Column('detail', rows.map((r) => r.detail)),
    utf8Column('resolved', rows.map((r) => r.resolved)),
    utf8Column('metrics', rows.map((r) => r.metrics)),
  ]);
}
