/**
 * Exports a run as a dataset from the window, with the CLI's own job
 * runner (workers/pipeline/run-job.ts): the run's kept episode records are
 * replayed through its journal (nothing is simulated twice), episodes not
 * kept are rolled out again (same seed, same records), cameras are rendered
 * by the window's media workers when asked, and the writer of the chosen
 * format streams through the bridge into the folder the user chose. The
 * files are those `npm run generate` writes for the same job.
 */
import { dependencies, name, version } from '../../../package.json';
import type { StudioBridge } from '../../../main/bridge/contract';
import { createCocoWriter } from '../../../exporters/coco';
import type { DatasetWriterFactory } from '../../../exporters/dataset-writer';
import type { EpisodeRecord } from '../../../exporters/episode';
import type { JobSummary } from '../../../exporters/job';
import { encodeJournalFrame } from '../../../exporters/journal';
import { createLeRobotWriter } from '../../../exporters/lerobot';
import { createRobomimicWriter } from '../../../exporters/robomimic';
import type { SceneDoc } from '../../../scenes/schema/scene';
import { runJob, type JournalStore } from '../../../workers/pipeline/run-job';
import type { MeshLibrary } from '../../../workers/physics/mesh';
import { BridgeSink } from './bridge-sink';
import { createMediaPool } from './media-pool';
import { JobCancelled, rolloutPool } from './rollouts';
import { concatBytes } from '../../../exporters/bytes';

/** The formats the export panel offers. */
export const EXPORT_FORMATS = {
  lerobot: { label: 'LeRobot v3.0', writer: createLeRobotWriter, cameras: 'optional', tip: 'Parquet data and metadata as the LeRobot trainer reads them; camera streams as AV1 video when rendered' },
  robomimic: { label: 'robomimic HDF5', writer: createRobomimicWriter, cameras: 'never', tip: 'One robomimic.hdf5 (data/demo_N with actions, rewards, dones, obs, next_obs; train/valid/success masks); physics channels only' },
  coco: { label: 'COCO', writer: createCocoWriter, cameras: 'required', tip: 'Every rendered camera frame as PNG with COCO instance annotations (boxes, RLE masks); needs cameras' },
} as const satisfies Record<string, { label: string; writer: DatasetWriterFactory; cameras: 'optional' | 'never' | 'required'; tip: string }>;

/** A format's key. */
export type ExportFormat = keyof typeof EXPORT_FORMATS;

/** One export. */
export interface ExportJob {
  host: StudioBridge;
  /** Token of the folder the user chose. */
  folder: string;
  format: ExportFormat;
  /** The run's validated scene, its file name and job seed. */
  scene: SceneDoc;
  sceneFile: string;
  jobSeed: number;
  /** Episodes 0..episodes-1 are exported. */
  episodes: number;
  /** Kept records of the run (any subset of those episodes). */
  records: readonly EpisodeRecord[];
  meshes: MeshLibrary;
  /** Render the scene's cameras into the dataset. */
  cameras: boolean;
  /** Workers for episodes that must be rolled out again, and for camera rendering. */
  workers: number;
  signal: AbortSignal;
  /** Called after each episode is written. */
  onEpisode(done: number): void;
}

/** What was written. */
export interface ExportResult {
  summary: JobSummary;
  /** Frames of the written episodes (the dataset's rows). */
  frames: number;
  /** Every file with its size, bytes, sorted by path. */
  files: { path: string; bytes: number }[];
  /** Episodes rolled out again because their records were not kept. */
  rerun: number;
}

/** The kept records that are episodes 0..k-1 in order (what the journal can replay). */
function replayable(records: readonly EpisodeRecord[], episodes: number): EpisodeRecord[] {
  const sorted = [...records].sort((a, b) => a.episodeIndex - b.episodeIndex);
  const prefix: EpisodeRecord[] = [];
  for (const r of sorted) {
    if (r.episodeIndex !== prefix.length || prefix.length >= episodes) break;
    prefix.push(r);
  }
  return prefix;
}

/** A journal holding `records` (read once by the job runner); later appends stay in memory. */
function memoryJournal(records: readonly EpisodeRecord[]): JournalStore {
  const frames = records.map(encodeJournalFrame);
  return {
    async read() {
      return concatBytes(frames);
    },
    async truncate() {},
    async append() {},
    async remove() {},
  };
}

/** Runs the export; rejects with the writer's or the bridge's error (JobCancelled when the signal aborts). */
export async function exportDataset(job: ExportJob): Promise<ExportResult> {
  const spec = EXPORT_FORMATS[job.format];
  const renderCameras = spec.cameras === 'required' || (spec.cameras === 'optional' && job.cameras && job.scene.cameras.length > 0);
  if (renderCameras && job.scene.cameras.length === 0) throw new Error(`${spec.label} needs camera frames, but the scene "${job.scene.name}" has no cameras: add one from the library`);
  const kept = replayable(job.records, job.episodes);
  const sink = new BridgeSink(job.host, job.folder);
  const pool = rolloutPool(job.meshes, kept.length === job.episodes ? 1 : job.workers);
  const media = renderCameras ? createMediaPool(job.meshes, job.workers) : undefined;
  let frames = 0;
  let done = 0;
  try {
    const result = await runJob(
      { scene: job.scene, sceneFile: job.sceneFile, jobSeed: job.jobSeed, episodeCount: job.episodes, generator: { name, version, dependencies } },
      {
        pool,
        sink,
        createWriter: spec.writer,
        journal: memoryJournal(kept),
        signal: job.signal,
        onEpisode: (record) => {
          // Replayed episodes never reach the rollout stage's cancel check: stop here (the writer then takes back its files).
          if (job.signal.aborted) throw new JobCancelled('the export was cancelled');
          frames += record.frames;
          job.onEpisode(++done);
        },
        ...(media ? { render: (s, r) => media.render(s, r, { coco: job.format === 'coco' }), renderAhead: job.workers } : {}),
      },
    );
    const files = [...sink.written.entries()].map(([path, bytes]) => ({ path, bytes })).sort((a, b) => a.path.localeCompare(b.path));
    return { summary: result.summary, frames, files, rerun: job.episodes - kept.length };
  } finally {
    await pool.close();
    await media?.close();
  }
}
