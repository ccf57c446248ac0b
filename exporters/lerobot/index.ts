/**
 * LeRobot v3.0 datasets (the format of the LeRobot trainer, as its own code
 * writes it): `meta/info.json`, `meta/stats.json`, `meta/tasks.parquet`,
 * `meta/episodes/chunk-XXX/file-XXX.parquet`,
 * `data/chunk-XXX/file-XXX.parquet` and, with rendered cameras,
 * `videos/observation.images.<camera>/chunk-XXX/file-XXX.mp4`, streamed through a Sink, plus
 * `meta/job_episodes.parquet` (dataset episode -> job episode and seed),
 * which LeRobot ignores.
 */
import type { DatasetWriterFactory } from '../dataset-writer';
import { parquetReady } from './parquet-stream';
import { DEFAULT_LEROBOT_OPTIONS, checkOptions, type LeRobotWriterOptions } from './options';
import { LeRobotWriter } from './writer';

export { DEFAULT_LEROBOT_OPTIONS, type LeRobotWriterOptions } from './options';
export { JOB_EPISODES_PATH } from './job-episodes';
export type { FeatureSpec, DataFeature, VideoFeature, VideoInfo, ImageFeature, DepthImageInfo } from './features';
export { cameraDepthKey, cameraVideoKey } from './camera-media';
export { RgbHistogramBuilder, sampleFrameIndices, downsampleStep } from './image-stats';
export type { QuantileAggregation } from './stats';
export * from './layout';

/** A LeRobot writer factory with some options changed from DEFAULT_LEROBOT_OPTIONS. */
export function lerobotWriterFactory(options: Partial<LeRobotWriterOptions> = {}): DatasetWriterFactory {
  const settings = { ...DEFAULT_LEROBOT_OPTIONS, ...options };
  checkOptions(settings);
  return async (sink, job) => {
    await parquetReady();
    return new LeRobotWriter(sink, job, settings);
  };
}

/** Writes LeRobot v3.0 with the default options (100 MB data files, 1000 files per chunk, ZSTD). */
export const createLeRobotWriter: DatasetWriterFactory = lerobotWriterFactory();
