/**
 * The LeRobot v3.0 DatasetWriter: streams episodes into the data files,
 * keeps exact per-episode statistics in the episodes metadata and merges
 * them into `meta/stats.json`, and writes `meta/tasks.parquet` and
 * `meta/info.json` on finalize. With rendered media, each camera adds a
 * video feature (its episodes appended to `videos/{key}/chunk-XXX/file-XXX.mp4`
 * as they arrive) and a depth image feature (PNG cells in the data files);
 * see camera-media.ts. The first written episode decides whether the
 * dataset has cameras: a job renders every episode or none. Memory stays flat in the episode count:
 * DATA_BATCH_FRAMES frames (or DATA_BATCH_BYTES of them) plus one episode,
 * one row group per open file, the open MP4 files' sample tables,
 * META_BATCH_ROWS metadata rows and O(features) merged statistics (plus the
 * distinct task strings).
 *
 * Dataset episode indices are contiguous over the written episodes; records
 * with no frames are skipped, and `meta/job_episodes.parquet` keeps each
 * episode's index in the job (see job-episodes.ts).
 * The bytes written are a pure function of the (record, task, media) sequence.
 */
import type { DatasetJob, DatasetWriter } from '../dataset-writer';
import { DatasetWriteError } from '../dataset-writer';
import type { EpisodeRecord } from '../episode';
import type { RenderedMedia, VariationScores } from '../media';
import type { Sink } from '../sink';
import { decodePng16 } from '../video/png16';
import { cameraFeatures, cameraStreamsOf, cameraVideoKey, checkMedia, type CameraStreams } from './camera-media';
import { checkRecord, concatFrames, episodeFrames, framesBatch, type EpisodeFrames } from './episode-frames';
import { episodeMetaRowBytes, episodesMetaBatch, type EpisodeMetaRow, type EpisodeVideoSegment } from './episodes-meta';
import {
  bytesPerFrame, columnFeatures, dataFeatures, featuresFromRecord, featuresWithoutChannels, hasImageStats, hfFeatures, imageFeatures,
  statsDims, type DataFeature, type FeatureSpec, type ImageFeature,
} from './features';
import { ParquetFileSeries } from './file-series';
import { JOB_EPISODES_PATH, jobEpisodeRow, jobEpisodesBatch, type JobEpisodeRow } from './job-episodes';
import { infoJson, robotTypeOf } from './info';
import { BYTES_PER_MB, DEFAULT_DATA_PATH, DEFAULT_EPISODES_PATH, INFO_PATH, STATS_PATH, TASKS_PATH } from './layout';
import { toWasmBatch, writeParquetBytes, type ParquetWriteSettings } from './parquet-stream';
import { pyJsonDumps, type PyJson } from './python-json';
import type { LeRobotWriterOptions } from './options';
import { DepthHistogramBuilder, rgbStats } from './image-stats';
import { StatsAggregator, computeStats, statsToJson, type FeatureStats } from './stats';
import { TASKS_PANDAS_METADATA, TaskTable, tasksBatch } from './tasks';
import { VideoFileSeries } from './video-series';
import { RefusedRecord, SerialWrites } from '../serial-writes';

/** Frames gathered (from whole episodes) before they go to the encoder as one batch. */
const DATA_BATCH_FRAMES = 4096;
/** Uncompressed bytes gathered before they go to the encoder (images make frames large). */
const DATA_BATCH_BYTES = 16 * 1024 * 1024;
/** Raw bytes per row group of data files with image columns (rows = this / raw bytes per frame). */
const IMAGE_ROW_GROUP_BYTES = 64 * 1024 * 1024;
/** Episodes-metadata rows gathered before they go to the encoder as one batch. */
const META_BATCH_ROWS = 100;
/** Rows per row group of the episodes-metadata files. */
const META_ROW_GROUP_ROWS = 1000;

export class LeRobotWriter implements DatasetWriter {
  private readonly writes = new SerialWrites('LeRobot');
  private features: FeatureSpec[] | undefined;
  /** The numeric columns of the data files. */
  private columns: DataFeature[] = [];
  /** Every column of the data files, numbers and images, in order. */
  private storedColumns: (DataFeature | ImageFeature)[] = [];
  private streams: CameraStreams[] = [];
  /** Whether the written episodes came with rendered media (fixed by the first). */
  private rendered = false;
  private readonly videos = new Map<string, VideoFileSeries>();
  private fps: number;
  private data: ParquetFileSeries | undefined;
  private readonly meta: ParquetFileSeries;
  private pendingFrames: EpisodeFrames[] = [];
  private pendingFrameCount = 0;
  private pendingBytes = 0;
  private pendingMeta: EpisodeMetaRow[] = [];
  private readonly jobEpisodes: ParquetFileSeries;
  private pendingJobEpisodes: JobEpisodeRow[] = [];
  private readonly tasks = new TaskTable();
  private readonly aggregators = new Map<string, StatsAggregator>();
  private totalEpisodes = 0;
  private totalFrames = 0;
  private lastJobIndex = -Infinity;

  constructor(
    private readonly sink: Sink,
    private readonly job: DatasetJob,
    private readonly options: LeRobotWriterOptions,
  ) {
    this.fps = job.scene.task.recordFps;
    this.meta = new ParquetFileSeries(sink, DEFAULT_EPISODES_PATH, options.chunksSize, options.dataFilesSizeInMb * BYTES_PER_MB, {
      compression: options.compression,
      dictionaryColumns: [],
      maxRowGroupRows: META_ROW_GROUP_ROWS,
    });
    this.jobEpisodes = new ParquetFileSeries(sink, JOB_EPISODES_PATH, options.chunksSize, Infinity, {
      compression: options.compression,
      dictionaryColumns: [],
      maxRowGroupRows: META_ROW_GROUP_ROWS,
    });
  }

  addEpisode(record: EpisodeRecord, task: string, media?: RenderedMedia): Promise<void> {
    return this.writes.run(() => this.add(record, task, media));
  }

  finalize(): Promise<void> {
    return this.writes.run(() => this.finish());
  }

  async abort(): Promise<void> {
    await this.writes.settled();
    if (this.writes.state === 'finalized' || this.writes.state === 'aborted') return;
    this.writes.state = 'aborted';
    this.pendingFrames = [];
    this.pendingMeta = [];
    this.pendingJobEpisodes = [];
    await this.data?.abort();
    for (const series of this.videos.values()) await series.abort();
    await this.meta.abort();
    await this.jobEpisodes.abort();
    for (const path of [TASKS_PATH, STATS_PATH, INFO_PATH]) await this.sink.remove(path);
  }

  private async add(record: EpisodeRecord, task: string, media: RenderedMedia | undefined): Promise<void> {
    const checked = this.refuseUnless(() => this.check(record, media));
    this.lastJobIndex = record.episodeIndex;
    if (record.frames === 0 || !checked) return;
    this.adopt(checked.features, checked.streams, record.fps, media !== undefined);

    const columns = this.columns;
    const episodeIndex = this.totalEpisodes;
    const firstFrameIndex = this.totalFrames;
    const frames = episodeFrames(record, columns, this.fps, { episodeIndex, taskIndex: this.tasks.indexOf(task), firstFrameIndex });
    const stats = checked.cameraStats;
    for (const f of columns) stats.set(f.key, computeStats(frames.values.get(f.key)!, frames.frames, f.dims));
    for (const f of this.features!) this.aggregators.get(f.key)!.add(stats.get(f.key)!);

    const videos = new Map<string, EpisodeVideoSegment>();
    let frameBytes = frames.frames * bytesPerFrame(columns);
    media?.cameras.forEach((camera, i) => {
      const streams = this.streams[i]!;
      if (streams.depth) {
        frames.images.set(streams.depth.key, camera.depthPng!.map((bytes) => ({ bytes, path: null })));
        frameBytes += camera.depthPng!.reduce((n, png) => n + png.length, 0);
      }
    });
    for (const [i, streams] of this.streams.entries()) {
      if (streams.video) videos.set(streams.video.feature.key, await this.videos.get(streams.video.feature.key)!.append(media!.cameras[i]!.video!));
    }

    if (this.data!.wouldRoll(frameBytes)) await this.flushFrames();
    const dataAt = await this.data!.place(frameBytes);
    this.pendingFrames.push(frames);
    this.pendingFrameCount += frames.frames;
    this.pendingBytes += frameBytes;
    if (this.pendingFrameCount >= DATA_BATCH_FRAMES || this.pendingBytes >= DATA_BATCH_BYTES) await this.flushFrames();

    const variationScores = new Map<string, VariationScores>();
    for (const camera of media?.cameras ?? []) if (camera.variation) variationScores.set(cameraVideoKey(camera.cameraId), { ...camera.variation.scores });
    const rowBytes = episodeMetaRowBytes(this.features!, new TextEncoder().encode(task).length + 8);
    if (this.meta.wouldRoll(rowBytes)) await this.flushMeta();
    const metaAt = await this.meta.place(rowBytes);
    this.pendingMeta.push({
      episodeIndex,
      tasks: [task],
      length: frames.frames,
      data: dataAt,
      datasetFromIndex: firstFrameIndex,
      datasetToIndex: firstFrameIndex + frames.frames,
      videos,
      stats,
      ...(variationScores.size ? { variationScores } : {}),
      meta: metaAt,
    });
    this.pendingJobEpisodes.push(jobEpisodeRow(episodeIndex, record));
    if (this.pendingMeta.length >= META_BATCH_ROWS) await this.flushMeta();
    if (this.pendingJobEpisodes.length >= META_BATCH_ROWS) await this.flushJobEpisodes();
    this.totalEpisodes++;
    this.totalFrames += frames.frames;
  }

  /**
   * Validates a record and its media; returns the features and camera
   * streams they imply and the camera features' statistics (undefined for a
   * record with no frames). Pure: nothing is written.
   */
  private check(record: EpisodeRecord, media: RenderedMedia | undefined): Checked | undefined {
    if (!(record.episodeIndex > this.lastJobIndex)) {
      throw new DatasetWriteError(`episode ${record.episodeIndex} arrived after episode ${this.lastJobIndex}; episodes must come in increasing order`);
    }
    if (record.frames === 0) return undefined;
    if (!this.features && !(Number.isInteger(record.fps) && record.fps > 0)) {
      throw new DatasetWriteError(`episode ${record.episodeIndex}: fps must be a positive whole number for LeRobot, got ${record.fps}`);
    }
    const fps = this.features ? this.fps : record.fps;
    // The first written episode decides whether the dataset has cameras: a job renders every episode or none.
    if (this.features && Boolean(media) !== this.rendered) {
      throw new DatasetWriteError(media
        ? `episode ${record.episodeIndex} has rendered media, but the dataset's first episode had none: a job renders every episode or none`
        : `episode ${record.episodeIndex} has no rendered media, but the dataset has cameras [${this.streams.map((s) => s.cameraId).join(', ')}]: `
          + 'a LeRobot dataset holds every camera in every episode, so a job renders every episode or none');
    }
    const streams = this.features ? this.streams : media ? cameraStreamsOf(media) : [];
    if (media) checkMedia(record, media, streams, fps);
    const features = this.features ?? featuresFromRecord(record, cameraFeatures(streams));
    checkRecord(record, dataFeatures(features), fps);
    return { features, streams, cameraStats: media ? cameraStats(media, streams) : new Map() };
  }

  private refuseUnless<T>(check: () => T): T {
    try {
      return check();
    } catch (error) {
      if (error instanceof DatasetWriteError) throw new RefusedRecord(error);
      throw error;
    }
  }

  /** Fixes the dataset's features with its first written episode. */
  private adopt(features: FeatureSpec[], streams: CameraStreams[], fps: number, rendered: boolean): void {
    if (this.features) return;
    this.features = features;
    this.streams = streams;
    this.rendered = rendered;
    this.fps = fps;
    this.columns = dataFeatures(features);
    this.storedColumns = columnFeatures(features);
    for (const f of features) this.aggregators.set(f.key, new StatsAggregator(statsDims(f), this.options.quantileAggregation));
    for (const s of streams) {
      if (!s.video) continue;
      const key = s.video.feature.key;
      this.videos.set(key, new VideoFileSeries(this.sink, key, this.options.chunksSize, this.options.videoFilesSizeInMb * BYTES_PER_MB));
    }
    const images = imageFeatures(features);
    const rawImageBytes = images.reduce((n, f) => n + f.shape[0] * f.shape[1] * f.shape[2] * 2, 0);
    const settings: ParquetWriteSettings = {
      compression: this.options.compression,
      dictionaryColumns: ['episode_index', 'task_index'],
      maxRowGroupRows: images.length === 0
        ? this.options.rowGroupFrames
        : Math.max(1, Math.min(this.options.rowGroupFrames, Math.floor(IMAGE_ROW_GROUP_BYTES / (rawImageBytes + bytesPerFrame(features))))),
      keyValue: this.hfMetadata(),
    };
    this.data = new ParquetFileSeries(this.sink, DEFAULT_DATA_PATH, this.options.chunksSize, this.options.dataFilesSizeInMb * BYTES_PER_MB, settings);
  }

  private hfMetadataCache: [string, string] | undefined;

  /** The "huggingface" schema metadata of the data files, as `datasets` embeds it. */
  private hfMetadata(): [string, string] {
    this.hfMetadataCache ??= ['huggingface', pyJsonDumps({ info: { features: hfFeatures(this.features!) } }, { ensureAscii: true })];
    return this.hfMetadataCache;
  }

  private async flushFrames(): Promise<void> {
    if (this.pendingFrames.length === 0) return;
    const block = concatFrames(this.pendingFrames, this.storedColumns);
    this.pendingFrames = [];
    this.pendingFrameCount = 0;
    this.pendingBytes = 0;
    await this.data!.write(toWasmBatch(framesBatch(block, this.storedColumns, this.hfMetadata())));
  }

  private async flushMeta(): Promise<void> {
    if (this.pendingMeta.length === 0) return;
    const rows = this.pendingMeta;
    this.pendingMeta = [];
    await this.meta.write(toWasmBatch(episodesMetaBatch(this.features!, rows)));
  }

  private async flushJobEpisodes(): Promise<void> {
    if (this.pendingJobEpisodes.length === 0) return;
    const rows = this.pendingJobEpisodes;
    this.pendingJobEpisodes = [];
    await this.jobEpisodes.write(toWasmBatch(jobEpisodesBatch(rows)));
  }

  private async finish(): Promise<void> {
    await this.flushFrames();
    await this.flushMeta();
    await this.flushJobEpisodes();
    await this.data?.close();
    for (const series of this.videos.values()) await series.close();
    await this.meta.close();
    await this.jobEpisodes.close();
    const features = this.features ?? featuresWithoutChannels();
    if (this.totalEpisodes > 0) {
      const tasksSettings: ParquetWriteSettings = {
        compression: this.options.compression,
        dictionaryColumns: ['task'],
        maxRowGroupRows: 1 << 20,
        keyValue: ['pandas', TASKS_PANDAS_METADATA],
      };
      await this.sink.writeFile(TASKS_PATH, writeParquetBytes(tasksBatch(this.tasks.tasks()), tasksSettings));
      await this.sink.writeFile(STATS_PATH, this.statsJson());
    }
    await this.sink.writeFile(
      INFO_PATH,
      infoJson({
        fps: this.fps,
        features,
        totalEpisodes: this.totalEpisodes,
        totalFrames: this.totalFrames,
        totalTasks: this.tasks.size,
        chunksSize: this.options.chunksSize,
        dataFilesSizeInMb: this.options.dataFilesSizeInMb,
        videoFilesSizeInMb: this.options.videoFilesSizeInMb,
        robotType: robotTypeOf(this.job.scene),
      }),
    );
    this.writes.state = 'finalized';
  }

  private statsJson(): string {
    const out: { [key: string]: PyJson } = {};
    for (const f of this.features ?? []) {
      const merged = this.aggregators.get(f.key)!.result();
      if (merged) out[f.key] = statsToJson(merged, hasImageStats(f));
    }
    return pyJsonDumps(out, { indent: 4 });
  }
}

/** A checked record: the dataset's features and camera streams, and its camera features' statistics. */
interface Checked {
  features: FeatureSpec[];
  streams: CameraStreams[];
  cameraStats: Map<string, FeatureStats>;
}

/**
 * Statistics of the camera features of checked media: RGB from the
 * renderer's histogram, depth (millimetres) from the sampled depth PNGs.
 */
function cameraStats(media: RenderedMedia, streams: readonly CameraStreams[]): Map<string, FeatureStats> {
  const out = new Map<string, FeatureStats>();
  media.cameras.forEach((camera, i) => {
    const s = streams[i]!;
    if (s.video) out.set(s.video.feature.key, rgbStats(camera.rgbHistogram!));
    if (s.depth) {
      const depth = new DepthHistogramBuilder(media.frames, camera.width, camera.height);
      camera.depthPng!.forEach((png, frame) => {
        if (!depth.wants(frame)) return;
        let mm: Uint16Array;
        try {
          mm = decodePng16(png).data;
        } catch (error) {
          throw new DatasetWriteError(`episode ${media.episodeIndex}: camera "${camera.cameraId}" depth frame ${frame}: ${(error as Error).message}`);
        }
        depth.add(frame, mm);
      });
      out.set(s.depth.key, depth.stats());
    }
  });
  return out;
}

