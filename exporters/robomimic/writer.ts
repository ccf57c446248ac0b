/**
 * The robomimic HDF5 DatasetWriter: one file, `robomimic.hdf5`, laid out as
 * robomimic's `SequenceDataset` reads it:
 *
 * ```
 * data                    attrs total (int64, samples in all demos), env_args (JSON),
 *                               studio_layout (JSON: the channel behind each column)
 * data/demo_N             N = 0, 1, ... in episode order (errored episodes skipped);
 *                         attrs num_samples, lang, episode_index, seed, success,
 *                               outcome, resolved, ep_meta (see metadata.ts)
 *   actions   (T, A) float32      rewards (T,) float64      dones (T,) int64
 *   states    (T, S) float32
 *   obs/<key> (T, ...) float32    next_obs/<key> (T, ...) float32
 * mask/<filter key>       demo names, fixed-length ASCII: train, valid, success,
 *                         failure, success_train, success_valid
 * ```
 *
 * Each demo is written to the file as it arrives (h5wasm writes through to
 * disk); `finalize()` adds the masks and `data` attributes, closes the file
 * and renames it into place. HDF5 needs a random-access file, so the sink
 * must offer `openLocalFile` (the CLI's FileSink does; the window's sinks do
 * not). The bytes are a pure function of the (record, task) sequence and the
 * job.
 */
import { DatasetWriteError, type DatasetJob, type DatasetWriter, type DatasetWriterFactory } from '../dataset-writer';
import type { EpisodeRecord } from '../episode';
import type { LocalFile, Sink } from '../sink';
import { concatColumns, donesOf, rewardsOf, shiftedByOneFrame } from './arrays';
import { Hdf5Writer } from './hdf5';
import { checkRecord, imageShapes, layoutOf, stateDim, type DemoLayout } from './layout';
import { buildMasks, type DemoEntry } from './masks';
import { demoAttributes, envArgs, layoutJson } from './metadata';

/** The file a robomimic dataset is written to, relative to the sink root. */
export const ROBOMIMIC_FILE = 'robomimic.hdf5';

/** gzip level of every dataset (h5py's default level; robomimic's `--compress` uses it). */
export const DEFAULT_GZIP_LEVEL = 4;

export interface RobomimicOptions {
  /** Sink path of the file; default `robomimic.hdf5`. */
  file?: string;
  /** gzip level 1-9 of every non-empty dataset, or 0 to store them uncompressed; default 4. */
  gzipLevel?: number;
}

export const NO_LOCAL_FILES = 'robomimic HDF5 needs a file system: write it from the CLI';

/** A DatasetWriterFactory for robomimic HDF5 with the given options. */
export function robomimicWriterFactory(options: RobomimicOptions = {}): DatasetWriterFactory {
  const file = options.file ?? ROBOMIMIC_FILE;
  const gzipLevel = options.gzipLevel ?? DEFAULT_GZIP_LEVEL;
  if (!Number.isInteger(gzipLevel) || gzipLevel < 0 || gzipLevel > 9) throw new RangeError(`gzipLevel must be an integer 0-9, got ${gzipLevel}`);
  return async (sink: Sink, job: DatasetJob) => {
    if (!sink.openLocalFile) throw new DatasetWriteError(`${NO_LOCAL_FILES} (this sink cannot open local files for "${file}")`);
    const local = await sink.openLocalFile(file);
    let h5: Hdf5Writer | undefined;
    try {
      h5 = await Hdf5Writer.create(local.path, gzipLevel);
      h5.group('data');
      return new RobomimicWriter(local, h5, job);
    } catch (error) {
      try {
        h5?.close();
      } finally {
        await local.abort();
      }
      throw error;
    }
  };
}

/** Writes `robomimic.hdf5` with gzip level 4. */
export const createRobomimicWriter: DatasetWriterFactory = robomimicWriterFactory();

class RobomimicWriter implements DatasetWriter {
  private layout: DemoLayout | undefined;
  private readonly demos: DemoEntry[] = [];
  private total = 0;
  private lastEpisode = -1;
  private state: 'open' | 'failed' | 'finalized' | 'aborted' = 'open';

  constructor(
    private readonly local: LocalFile,
    private readonly h5: Hdf5Writer,
    private readonly job: DatasetJob,
  ) {}

  async addEpisode(record: EpisodeRecord, task: string): Promise<void> {
    this.assertOpen('addEpisode');
    if (record.episodeIndex <= this.lastEpisode) {
      throw new Error(`robomimic writer: episode ${record.episodeIndex} arrived after episode ${this.lastEpisode}; records must come in episode order`);
    }
    if (record.frames === 0) {
      this.lastEpisode = record.episodeIndex;
      return;
    }
    const layout = this.layout ?? layoutOf(record, imageShapes(this.job.scene));
    checkRecord(record, layout);
    this.layout = layout;
    this.lastEpisode = record.episodeIndex;
    const name = `demo_${this.demos.length}`;
    try {
      this.writeDemo(`data/${name}`, record, task, layout);
    } catch (error) {
      this.state = 'failed'; // a half-written demo is in the file: only abort() is left
      throw error;
    }
    this.demos.push({ name, episodeIndex: record.episodeIndex, seed: record.seed, success: record.success });
    this.total += record.frames;
  }

  async finalize(): Promise<void> {
    this.assertOpen('finalize');
    try {
      this.h5.attributes('data', {
        total: this.total,
        env_args: envArgs(this.job, this.layout),
        studio_layout: layoutJson(this.layout),
      });
      this.h5.group('mask');
      for (const [key, names] of Object.entries(buildMasks(this.demos))) this.h5.asciiStrings(`mask/${key}`, names);
      this.h5.close();
      await this.local.commit();
      this.state = 'finalized';
    } catch (error) {
      await this.abort();
      throw error;
    }
  }

  async abort(): Promise<void> {
    if (this.state !== 'open' && this.state !== 'failed') return;
    this.state = 'aborted';
    try {
      this.h5.close();
    } finally {
      await this.local.abort();
    }
  }

  private writeDemo(path: string, record: EpisodeRecord, task: string, layout: DemoLayout): void {
    const T = record.frames;
    const h5 = this.h5;
    h5.group(path);
    h5.numbers(`${path}/actions`, record.channels[layout.action.channel]!.data, [T, layout.action.names.length]);
    h5.numbers(`${path}/rewards`, rewardsOf(record), [T]);
    h5.numbers(`${path}/dones`, donesOf(T), [T]);
    h5.numbers(`${path}/states`, concatColumns(record, layout.states), [T, stateDim(layout)]);
    h5.group(`${path}/obs`);
    h5.group(`${path}/next_obs`);
    for (const o of layout.obs) {
      const data = record.channels[o.channel]!.data;
      h5.numbers(`${path}/obs/${o.key}`, data, [T, ...o.frameShape]);
      h5.numbers(`${path}/next_obs/${o.key}`, shiftedByOneFrame(data, T), [T, ...o.frameShape]);
    }
    h5.attributes(path, demoAttributes(record, task));
  }

  private assertOpen(call: string): void {
    if (this.state === 'failed') throw new Error(`robomimic writer: ${call}() after a write failed; abort() it`);
    if (this.state !== 'open') throw new Error(`robomimic writer: ${call}() after the dataset was ${this.state}`);
  }
}
