/**
 * The interface every dataset format implements. The pipeline hands a
 * writer each episode record in episode order, with its natural-language
 * task; the writer streams through a Sink and makes the dataset complete
 * only in `finalize()`.
 */
import type { SceneDoc } from '../scenes/schema/scene';
import type { EpisodeRecord } from './episode';
import type { RenderedMedia } from './media';
import type { Sink } from './sink';

/** What a writer knows of the job before the first episode. */
export interface DatasetJob {
  scene: SceneDoc;
  /** File name of the scene (no folders: outputs must not depend on where the job ran). */
  sceneFile: string;
  jobSeed: number;
  /** Episodes this run delivers: job indices firstEpisode .. firstEpisode + episodeCount - 1. */
  episodeCount: number;
  /** First job episode index of this run (0 unless it is a shard). */
  firstEpisode?: number;
  /** Set when this run is shard `index` of `count` of a job of `jobEpisodes` episodes. */
  shard?: { index: number; count: number; jobEpisodes: number };
  generator: { name: string; version: string; dependencies: Record<string, string> };
  /** Set when the camera streams get world-model variations: what regenerates them. */
  variations?: JobVariations;
}

/** The world-model settings of a job (names, not paths: outputs must not depend on where the job ran). */
export interface JobVariations {
  /** Variations per RGB camera stream. */
  count: number;
  /** The reference video, image or folder of images: its file or folder name. */
  reference: string;
  /** The model folder's name and the sha256 of its ONNX file. */
  worldModel: { folder: string; sha256: string };
}

export interface DatasetWriter {
  /**
   * Adds one episode. Records with no frames (outcome 'error') are not
   * written as data; the job summary lists them. `media` holds the episode's
   * rendered camera streams when the scene has cameras and rendering ran
   * (one frame per record frame).
   */
  addEpisode(record: EpisodeRecord, task: string, media?: RenderedMedia): Promise<void>;
  /** Writes the metadata and the files still open; afterwards the dataset is complete. */
  finalize(): Promise<void>;
  /** Drops everything not yet finalized. */
  abort(): Promise<void>;
}

export type DatasetWriterFactory = (sink: Sink, job: DatasetJob) => Promise<DatasetWriter>;

/** A writer was given data it cannot store (e.g. a channel whose shape changed between episodes). */
export class DatasetWriteError extends Error {
  override name = 'DatasetWriteError';
}
