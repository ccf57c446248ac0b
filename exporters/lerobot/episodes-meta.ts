/**
 * Rows of `meta/episodes/chunk-XXX/file-XXX.parquet`: one per episode, with
 * the columns and types LeRobot's `LeRobotDatasetMetadata.save_episode`
 * makes (its `pa.Table.from_pydict` gives int64 for integers, list<string>
 * for tasks, list<double> for statistics and list<int64> for counts), in
 * its order: episode_index, tasks, length, data/chunk_index, data/file_index,
 * dataset_from_index, dataset_to_index, videos/{key}/chunk_index,
 * file_index, from_timestamp, to_timestamp (double, seconds) per video
 * feature, stats/{feature}/{stat} per feature in feature order (camera
 * features as list<list<list<double>>> of shape [channels, 1, 1], what
 * `ndarray.tolist()` makes of LeRobot's image statistics), for each
 * world-model variation video feature (its info has `variation.of`) the
 * studio's scores variations/{key}/label_preservation,
 * temporal_consistency and source_label_preservation (double, in [0, 1];
 * LeRobot ignores columns it does not know), then
 * meta/episodes/chunk_index and meta/episodes/file_index. Nothing else:
 * where an episode came from in the job is in job-episodes.ts.
 */
import type { RecordBatch } from 'apache-arrow';
import {
  float64Column,
  float64ListColumn,
  float64Nested3ListColumn,
  int64Column,
  int64ListColumn,
  recordBatch,
  stringListColumn,
  type Column,
} from './arrow-columns';
import type { VariationScores } from '../media';
import { hasImageStats, statsDims, videoFeatures, type FeatureSpec, type VideoFeature } from './features';
import type { ChunkFile } from './layout';
import { STAT_NAMES, type FeatureStats } from './stats';

/** Where an episode's frames sit in one video file, seconds from the file's start. */
export interface EpisodeVideoSegment {
  at: ChunkFile;
  fromTimestamp: number;
  toTimestamp: number;
}

/** One episode's metadata. */
export interface EpisodeMetaRow {
  episodeIndex: number;
  tasks: string[];
  /** Frames. */
  length: number;
  data: ChunkFile;
  /** Global index of the first frame. */
  datasetFromIndex: number;
  /** Global index one past the last frame. */
  datasetToIndex: number;
  /** One segment per video feature (none until video is written). */
  videos: ReadonlyMap<string, EpisodeVideoSegment>;
  /** Statistics per feature (every feature but none of another kind: data features exact, camera features per channel). */
  stats: ReadonlyMap<string, FeatureStats>;
  /** Scores per world-model variation video feature (absent when the dataset has none). */
  variationScores?: ReadonlyMap<string, VariationScores>;
  meta: ChunkFile;
}

/** The variation video features (their info names the camera they re-render), in feature order. */
export function variationFeatures(features: readonly FeatureSpec[]): VideoFeature[] {
  return videoFeatures([...features]).filter((f) => f.info['variation.of'] !== undefined);
}

/** Columns `variations/{key}/<name>` of each variation feature, float64, and the score each holds. */
export const VARIATION_SCORE_COLUMNS = [
  ['label_preservation', 'labelPreservation'],
  ['temporal_consistency', 'temporalConsistency'],
  ['source_label_preservation', 'sourceLabelPreservation'],
] as const;

/** The episodes' metadata as one Arrow batch (rows in episode order). */
export function episodesMetaBatch(features: readonly FeatureSpec[], rows: readonly EpisodeMetaRow[]): RecordBatch {
  const columns: Column[] = [
    int64Column('episode_index', rows.map((r) => r.episodeIndex)),
    stringListColumn('tasks', rows.map((r) => r.tasks)),
    int64Column('length', rows.map((r) => r.length)),
    int64Column('data/chunk_index', rows.map((r) => r.data.chunkIndex)),
    int64Column('data/file_index', rows.map((r) => r.data.fileIndex)),
    int64Column('dataset_from_index', rows.map((r) => r.datasetFromIndex)),
    int64Column('dataset_to_index', rows.map((r) => r.datasetToIndex)),
  ];
  for (const video of videoFeatures([...features])) {
    const segment = (r: EpisodeMetaRow) => {
      const s = r.videos.get(video.key);
      if (!s) throw new Error(`episode ${r.episodeIndex} has no segment of video "${video.key}"`);
      return s;
    };
    const prefix = `videos/${video.key}`;
    columns.push(
      int64Column(`${prefix}/chunk_index`, rows.map((r) => segment(r).at.chunkIndex)),
      int64Column(`${prefix}/file_index`, rows.map((r) => segment(r).at.fileIndex)),
      float64Column(`${prefix}/from_timestamp`, rows.map((r) => segment(r).fromTimestamp)),
      float64Column(`${prefix}/to_timestamp`, rows.map((r) => segment(r).toTimestamp)),
    );
  }
  for (const feature of features) {
    const stats = rows.map((r) => {
      const s = r.stats.get(feature.key);
      if (!s) throw new Error(`episode ${r.episodeIndex} has no statistics of "${feature.key}"`);
      return s;
    });
    const valuesColumn = hasImageStats(feature) ? float64Nested3ListColumn : float64ListColumn;
    for (const name of STAT_NAMES) {
      const column = `stats/${feature.key}/${name}`;
      columns.push(name === 'count' ? int64ListColumn(column, stats.map((s) => [s.count])) : valuesColumn(column, stats.map((s) => s[name])));
    }
  }
  for (const video of variationFeatures(features)) {
    const scores = (r: EpisodeMetaRow) => {
      const s = r.variationScores?.get(video.key);
      if (!s) throw new Error(`episode ${r.episodeIndex} has no scores of variation "${video.key}"`);
      return s;
    };
    for (const [name, field] of VARIATION_SCORE_COLUMNS) columns.push(float64Column(`variations/${video.key}/${name}`, rows.map((r) => scores(r)[field])));
  }
  columns.push(
    int64Column('meta/episodes/chunk_index', rows.map((r) => r.meta.chunkIndex)),
    int64Column('meta/episodes/file_index', rows.map((r) => r.meta.fileIndex)),
  );
  return recordBatch(columns);
}

/** Uncompressed bytes of one row, for the file size limit (task strings estimated by the caller). */
export function episodeMetaRowBytes(features: readonly FeatureSpec[], taskBytes: number): number {
  const fixedIntegers = 10 * 8;
  const videos = videoFeatures([...features]).length * (2 * 8 + 2 * 8);
  const stats = features.reduce((n, f) => n + (STAT_NAMES.length - 1) * statsDims(f) * 8 + 8, 0);
  const scores = variationFeatures(features).length * VARIATION_SCORE_COLUMNS.length * 8;
  return fixedIntegers + taskBytes + videos + stats + scores;
}
