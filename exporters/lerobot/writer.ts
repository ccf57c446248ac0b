/**
 * The LeRobot v3.0 DatasetWriter: streams episodes into the data files,
 * keeps exact per-episode statistics in the episodes metadata and merges
 * them into `meta/stats.json`, and writes `meta/tasks.parquet` and
 * `meta/info.json` on finalize. Memory stays flat in the episode count:
 * DATA_BATCH_FRAMES frames plus one episode, one row group per open file,
 * META_BATCH_ROWS metadata rows and O(features) merged statistics (plus the
 * distinct task strings).
 *
 * Dataset episode indices are contiguous over the written episodes; records
 * with no frames are skipped, and `meta/job_episodes.parquet` keeps each
 * episode's index in the job (see job-episodes.ts).
 * The bytes written are a pure function of the (record, task) sequence.
 */
import type { DatasetJob, DatasetWriter } from '../dataset-writer';
import { DatasetWriteError } from '../dataset-writer';
import type { EpisodeRecord } from '../episode';
import type { Sink } from '../sink';
import { checkRecord, concatFrames, episodeFrames, framesBatch, type EpisodeFrames } from './episode-frames';
import { episodeMetaRowBytes, episodesMetaBatch, type EpisodeMetaRow } from './episodes-meta';
import { bytesPerFrame, dataFeatures, featuresFromRecord, featuresWithoutChannels, hfFeatures, type DataFeature, type FeatureSpec } from './features';
import { ParquetFileSeries } from './file-series';
import { JOB_EPISODES_PATH, jobEpisodeRow, jobEpisodesBatch, type JobEpisodeRow } from './job-episodes';
import { infoJson, robotTypeOf } from './info';
import { BYTES_PER_MB, DEFAULT_DATA_PATH, DEFAULT_EPISODES_PATH, INFO_PATH, STATS_PATH, TASKS_PATH } from './layout';
import { toWasmBatch, writeParquetBytes, type ParquetWriteSettings } from './parquet-stream';
import { pyJsonDumps, type PyJson } from './python-json';
import type { LeRobotWriterOptions } from './options';
import { StatsAggregator, computeStats, statsToJson, type FeatureStats } from './stats';
import { TASKS_PANDAS_METADATA, TaskTable, tasksBatch } from './tasks';

/** Frames gathered (from whole episodes) before they go to the encoder as one batch. */
const DATA_BATCH_FRAMES = 4096;
/** Episodes-metadata rows gathered before they go to the encoder as one batch. */
const META_BATCH_ROWS = 100;
/** Rows per row group of the episodes-metadata files. */
const META_ROW_GROUP_ROWS = 1000;

type State = 'open' | 'finalized' | 'aborted' | 'broken';

export class LeRobotWriter implements DatasetWriter {
  private state: State = 'open';
  private queue: Promise<unknown> = Promise.resolve();
  private features: FeatureSpec[] | undefined;
  private columns: DataFeature[] = [];
  private fps: number;
  private data: ParquetFileSeries | undefined;
  private readonly meta: ParquetFileSeries;
  private pendingFrames: EpisodeFrames[] = [];
  private pendingFrameCount = 0;
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

  addEpisode(record: EpisodeRecord, task: string): Promise<void> {
    return this.serial(() => this.add(record, task));
  }

  finalize(): Promise<void> {
    return this.serial(() => this.finish());
  }

  async abort(): Promise<void> {
    await this.queue.catch(() => undefined);
    if (this.state === 'finalized' || this.state === 'aborted') return;
    this.state = 'aborted';
    this.pendingFrames = [];
    this.pendingMeta = [];
    this.pendingJobEpisodes = [];
    await this.data?.abort();
    await this.meta.abort();
    await this.jobEpisodes.abort();
    for (const path of [TASKS_PATH, STATS_PATH, INFO_PATH]) await this.sink.remove(path);
  }

  /** Runs calls one after another; a failure part-way through a write leaves the writer broken (abort only). */
  private serial(step: () => Promise<void>): Promise<void> {
    const run = this.queue.then(async () => {
      if (this.state !== 'open') throw new Error(`the LeRobot writer is ${this.state}`);
      try {
        await step();
      } catch (error) {
        if (!(error instanceof RefusedRecord)) this.state = 'broken';
        throw error instanceof RefusedRecord ? error.reason : error;
      }
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async add(record: EpisodeRecord, task: string): Promise<void> {
    const features = this.refuseUnless(() => this.check(record));
    this.lastJobIndex = record.episodeIndex;
    if (record.frames === 0 || !features) return;
    this.adopt(features, record.fps);

    const columns = this.columns;
    const episodeIndex = this.totalEpisodes;
    const firstFrameIndex = this.totalFrames;
    const frames = episodeFrames(record, columns, this.fps, { episodeIndex, taskIndex: this.tasks.indexOf(task), firstFrameIndex });
    const stats = new Map<string, FeatureStats>();
    for (const f of columns) {
      const s = computeStats(frames.values.get(f.key)!, frames.frames, f.dims);
      stats.set(f.key, s);
      this.aggregators.get(f.key)!.add(s);
    }

    const frameBytes = frames.frames * bytesPerFrame(columns);
    if (this.data!.wouldRoll(frameBytes)) await this.flushFrames();
    const dataAt = await this.data!.place(frameBytes);
    this.pendingFrames.push(frames);
    this.pendingFrameCount += frames.frames;
    if (this.pendingFrameCount >= DATA_BATCH_FRAMES) await this.flushFrames();

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
      videos: new Map(),
      stats,
      meta: metaAt,
    });
    this.pendingJobEpisodes.push(jobEpisodeRow(episodeIndex, record));
    if (this.pendingMeta.length >= META_BATCH_ROWS) await this.flushMeta();
    if (this.pendingJobEpisodes.length >= META_BATCH_ROWS) await this.flushJobEpisodes();
    this.totalEpisodes++;
    this.totalFrames += frames.frames;
  }

  /** Validates a record; returns the features it implies (undefined for a record with no frames). */
  private check(record: EpisodeRecord): FeatureSpec[] | undefined {
    if (!(record.episodeIndex > this.lastJobIndex)) {
      throw new DatasetWriteError(`episode ${record.episodeIndex} arrived after episode ${this.lastJobIndex}; episodes must come in increasing order`);
    }
    if (record.frames === 0) return undefined;
    const features = this.features ?? featuresFromRecord(record);
    if (!this.features && !(Number.isInteger(record.fps) && record.fps > 0)) {
      throw new DatasetWriteError(`episode ${record.episodeIndex}: fps must be a positive whole number for LeRobot, got ${record.fps}`);
    }
    checkRecord(record, dataFeatures(features), this.features ? this.fps : record.fps);
    return features;
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
  private adopt(features: FeatureSpec[], fps: number): void {
    if (this.features) return;
    this.features = features;
    this.fps = fps;
    this.columns = dataFeatures(features);
    for (const f of this.columns) this.aggregators.set(f.key, new StatsAggregator(f.dims, this.options.quantileAggregation));
    const settings: ParquetWriteSettings = {
      compression: this.options.compression,
      dictionaryColumns: ['episode_index', 'task_index'],
      maxRowGroupRows: this.options.rowGroupFrames,
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
    const block = concatFrames(this.pendingFrames, this.columns);
    this.pendingFrames = [];
    this.pendingFrameCount = 0;
    await this.data!.write(toWasmBatch(framesBatch(block, this.columns, this.hfMetadata())));
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
    this.state = 'finalized';
  }

  private statsJson(): string {
    const out: { [key: string]: PyJson } = {};
    for (const f of this.columns) {
      const merged = this.aggregators.get(f.key)!.result();
      if (merged) out[f.key] = statsToJson(merged);
    }
    return pyJsonDumps(out, { indent: 4 });
  }
}

/** A record refused before anything was written: the writer stays usable. */
class RefusedRecord extends Error {
  constructor(readonly reason: DatasetWriteError) {
    super(reason.message);
  }
}
