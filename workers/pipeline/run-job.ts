/**
 * The job runner: sample -> rollout (worker pool) -> dataset writer, with a
 * journal so a killed job resumes where it stopped. The window, the CLI and
 * tests run this same code with their own capabilities.
 */
import { sample, type EpisodeSpec } from '../../scenes/sample';
import type { SceneDoc } from '../../scenes/schema/scene';
import { taskText } from '../../scenes/task-text';
import type { DatasetJob, DatasetWriterFactory } from '../../exporters/dataset-writer';
import type { EpisodeRecord } from '../../exporters/episode';
import type { RenderedMedia } from '../../exporters/media';
import { JOB_FILE, SummaryBuilder, type JobRecord, type JobSummary } from '../../exporters/job';
import { decodeJournal, encodeJournalFrame } from '../../exporters/journal';
import type { Sink } from '../../exporters/sink';
import type { WorkerPool } from '../pool/worker-pool';
import type { RolloutService } from '../rollout/service';
import { runRollouts } from './run-rollouts';

/** Durable, append-only storage for the episode journal (a file in the CLI, OPFS in the window). */
export interface JournalStore {
  /** The journal's bytes so far, or undefined when there is none. */
  read(): Promise<Uint8Array | undefined>;
  /** Cuts the journal to its first `bytes` bytes (drops a torn tail). */
  truncate(bytes: number): Promise<void>;
  append(frame: Uint8Array): Promise<void>;
  /** Deletes the journal once the dataset is complete. */
  remove(): Promise<void>;
}

export interface JobCapabilities {
  pool: WorkerPool<RolloutService>;
  sink: Sink;
  createWriter: DatasetWriterFactory;
  /** Enables resuming: records found here are replayed instead of re-run. */
  journal?: JournalStore;
  signal?: AbortSignal;
  /** Called per delivered episode (replayed ones included, flagged). */
  onEpisode?: (record: EpisodeRecord, replayed: boolean) => void;
  /**
   * Renders an episode's camera streams (scenes with cameras). Episodes are
   * rendered up to `renderAhead` at a time and written in episode order.
   */
  render?: RenderEpisode;
  /** Episodes rendered concurrently (default 2). */
  renderAhead?: number;
  /** Runs once every data file is written and before the job record marks the dataset complete (e.g. its Sim2Real report). */
  beforeComplete?: () => Promise<void>;
}

/** Renders one episode (the spec and its rollout record) into its media. */
export type RenderEpisode = (spec: EpisodeSpec, record: EpisodeRecord) => Promise<RenderedMedia>;

export interface JobResult {
  summary: JobSummary;
  /** Episodes taken from the journal rather than run. */
  replayed: number;
}

/** Runs a whole job and marks it complete by writing the job record last. */
export async function runJob(job: DatasetJob, caps: JobCapabilities): Promise<JobResult> {
  const first = job.firstEpisode ?? 0;
  const prior = await readJournal(caps.journal, first, job.episodeCount);
  const writer = await caps.createWriter(caps.sink, job);
  const summary = new SummaryBuilder();
  const deliver = async (record: EpisodeRecord, media: RenderedMedia | undefined, replayed: boolean) => {
    summary.add(record);
    await writer.addEpisode(record, taskOf(job.scene, job.jobSeed, record.episodeIndex), media);
    caps.onEpisode?.(record, replayed);
  };
  const render = new OrderedRenders(caps.render, caps.renderAhead ?? 2, job, deliver);
  try {
    for (const record of prior) await render.add(record, true);
    const remaining = [...Array(job.episodeCount - prior.length).keys()].map((k) => first + prior.length + k);
    await runRollouts(caps.pool, { scene: job.scene, jobSeed: job.jobSeed, episodes: remaining }, {
      ...(caps.signal ? { signal: caps.signal } : {}),
      onRecord: async (record) => {
        await caps.journal?.append(encodeJournalFrame(record));
        await render.add(record, false);
      },
    });
    await render.drain();
    await writer.finalize();
  } catch (error) {
    await writer.abort();
    throw error;
  }
  await caps.beforeComplete?.();
  const record: JobRecord = {
    format: 'studio-job',
    formatVersion: 1,
    generator: job.generator,
    scene: { file: job.sceneFile, name: job.scene.name, document: job.scene },
    jobSeed: job.jobSeed,
    episodes: { first, count: job.episodeCount },
    ...(job.shard ? { shard: job.shard } : {}),
    ...(job.variations ? { variations: job.variations } : {}),
    summary: summary.build(),
  };
  await caps.sink.writeFile(JOB_FILE, JSON.stringify(record, null, 2) + '\n');
  await caps.journal?.remove();
  return { summary: record.summary, replayed: prior.length };
}

/**
 * The render stage: starts rendering each record as it arrives (at most
 * `ahead` in flight, which holds back the rollouts when rendering lags) and
 * delivers records with their media strictly in arrival order.
 */
class OrderedRenders {
  private readonly queue: { record: EpisodeRecord; replayed: boolean; media: Promise<RenderedMedia | undefined> }[] = [];

  constructor(
    private readonly render: RenderEpisode | undefined,
    private readonly ahead: number,
    private readonly job: DatasetJob,
    private readonly deliver: (record: EpisodeRecord, media: RenderedMedia | undefined, replayed: boolean) => Promise<void>,
  ) {}

  async add(record: EpisodeRecord, replayed: boolean): Promise<void> {
    const media = this.render && record.frames > 0 ? this.render(sample(this.job.scene, this.job.jobSeed, record.episodeIndex), record) : Promise.resolve(undefined);
    media.catch(() => undefined); // awaited in order below; avoids an unhandled rejection meanwhile
    this.queue.push({ record, replayed, media });
    while (this.queue.length > Math.max(0, this.ahead - 1)) await this.flushOne();
  }

  async drain(): Promise<void> {
    while (this.queue.length) await this.flushOne();
  }

  private async flushOne(): Promise<void> {
    const item = this.queue.shift()!;
    await this.deliver(item.record, await item.media, item.replayed);
  }
}

/** The natural-language task of episode i (the resolved scene in words). */
export function taskOf(scene: SceneDoc, jobSeed: number, episodeIndex: number): string {
  return taskText(sample(scene, jobSeed, episodeIndex).scene);
}

/** Intact journal records, checked to be episodes first..first+k-1 in order; drops a torn tail. */
async function readJournal(journal: JournalStore | undefined, first: number, episodeCount: number): Promise<EpisodeRecord[]> {
  const bytes = journal && (await journal.read());
  if (!journal || !bytes) return [];
  const { records, validBytes } = decodeJournal(bytes);
  if (validBytes < bytes.length) await journal.truncate(validBytes);
  records.forEach((r, k) => {
    if (r.episodeIndex !== first + k) throw new Error(`the journal is out of order: frame ${k} holds episode ${r.episodeIndex}, expected ${first + k}`);
  });
  return records.slice(0, episodeCount);
}
