/**
 * `meta/job_episodes.parquet`: which job episode each dataset episode came
 * from. Dataset episode indices are renumbered 0..N-1 over the written
 * episodes (records with no frames are skipped), so this file keeps the way
 * back to the job: `episode_index` (int64, the dataset's), `job_episode_index`
 * (int64, the record's episodeIndex) and `seed` (the EpisodeSpec seed, 32
 * hex digits). It sits beside LeRobot's files rather than in them: LeRobot
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
}

/** Rows as an Arrow batch. */
export function jobEpisodesBatch(rows: readonly JobEpisodeRow[]): RecordBatch {
  return recordBatch([
    int64Column('episode_index', rows.map((r) => r.episodeIndex)),
    int64Column('job_episode_index', rows.map((r) => r.jobEpisodeIndex)),
    utf8Column('seed', rows.map((r) => r.seed)),
  ]);
}
