/**
 * The export panel's state: format, destination folder (a grant from the
 * host), whether to render cameras, the progress of an export and the
 * summary of the dataset it wrote. The export reads the last run; it never
 * writes to the document.
 */
import { create } from 'zustand';
import type { FolderGrant } from '../../../main/bridge/contract';
import type { JobSummary } from '../../../exporters/job';
import { exportDataset, type ExportFormat, type ExportJob } from '../runner/export';
import { JobCancelled } from '../runner/rollouts';

/** Where an export is. */
export type ExportStatus = 'idle' | 'exporting' | 'done' | 'cancelled' | 'failed';

/** The summary card of a written dataset. */
export interface ExportSummary {
  format: ExportFormat;
  folder: string;
  episodes: number;
  frames: number;
  successRate: number;
  outcomes: JobSummary['outcomes'];
  bytes: number;
  files: { path: string; bytes: number }[];
  rerun: number;
  seconds: number;
}

export interface ExportState {
  format: ExportFormat;
  folder: FolderGrant | null;
  cameras: boolean;
  status: ExportStatus;
  done: number;
  total: number;
  summary: ExportSummary | null;
  error: string | undefined;
  actions: {
    setFormat(format: ExportFormat): void;
    setFolder(folder: FolderGrant | null): void;
    setCameras(cameras: boolean): void;
    /** Runs an export of `job` (without its progress callback and signal); resolves when it ends. */
    start(job: Omit<ExportJob, 'onEpisode' | 'signal' | 'format' | 'folder' | 'cameras'>): Promise<void>;
    cancel(): void;
  };
}

let controller: AbortController | null = null;

/** The export store. */
export const useExportStore = create<ExportState>()((set, get) => ({
  format: 'lerobot',
  folder: null,
  cameras: false,
  status: 'idle',
  done: 0,
  total: 0,
  summary: null,
  error: undefined,
  actions: {
    setFormat: (format) => set({ format }),
    setFolder: (folder) => set({ folder }),
    setCameras: (cameras) => set({ cameras }),
    async start(job) {
      const { format, folder, cameras, status } = get();
      if (status === 'exporting' || !folder) return;
      controller = new AbortController();
      const started = performance.now();
      set({ status: 'exporting', done: 0, total: job.episodes, summary: null, error: undefined });
      try {
        const result = await exportDataset({ ...job, format, folder: folder.token, cameras, signal: controller.signal, onEpisode: (done) => set({ done }) });
        set({
          status: 'done',
          summary: {
            format,
            folder: folder.label,
            episodes: result.summary.episodes,
            frames: result.frames,
            successRate: result.summary.successRate,
            outcomes: result.summary.outcomes,
            bytes: result.files.reduce((n, f) => n + f.bytes, 0),
            files: result.files,
            rerun: result.rerun,
            seconds: (performance.now() - started) / 1000,
          },
        });
      } catch (error) {
        if (error instanceof JobCancelled) set({ status: 'cancelled' });
        else set({ status: 'failed', error: error instanceof Error ? error.message.split('\n')[0] : String(error) });
      } finally {
        controller = null;
      }
    },
    cancel: () => controller?.abort(),
  },
}));
