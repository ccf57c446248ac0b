/**
 * The rollout runner's state: settings, live progress, success rate and
 * failure reasons, and the last run's scene, seed and episode records (for
 * the episode browser and the export). Runs never write to the document.
 */
import { create } from 'zustand';
import type { EpisodeRecord, Outcome } from '../../../exporters/episode';
import type { SceneDoc } from '../../../scenes/schema/scene';
import type { MeshLibrary } from '../../../workers/physics/mesh';
import { JobCancelled, runEpisodes } from '../runner/rollouts';

/** Where the current or last run is. */
export type RunStatus = 'idle' | 'running' | 'done' | 'cancelled' | 'failed';

/** The runner's form: episodes, job seed, Web Workers. */
export interface RunSettings {
  episodes: number;
  seed: number;
  workers: number;
}

/** One delivered episode, as the runner lists it. */
export interface EpisodeSummary {
  episodeIndex: number;
  success: boolean;
  outcome: Outcome;
  detail: string;
  frames: number;
}

/** The runner's settings and the progress of its current or last run. */
export interface RunState {
  settings: RunSettings;
  status: RunStatus;
  /** Name of the scene the current or last run used. */
  sceneName: string;
  total: number;
  episodes: EpisodeSummary[];
  /** Seconds since the run started (updated with each episode and when it ends). */
  elapsed: number;
  error: string | undefined;
  /** The validated scene the current or last run used (a snapshot: later edits do not change it), or null before the first run. */
  scene: SceneDoc | null;
  /** The scene's file name, for the export's job record. */
  sceneFile: string;
  /** The job seed of the current or last run. */
  seed: number;
  /** Whether the run was started from the gallery (the educator overlay explains it). */
  fromGallery: boolean;
  actions: {
    configure(settings: Partial<RunSettings>): void;
    /** Starts a run of the current settings; resolves when it ends. */
    start(scene: SceneDoc, meshes: MeshLibrary, origin?: { sceneFile: string; fromGallery: boolean }): Promise<void>;
    cancel(): void;
  };
}

/** Limits of the settings form. */
export const RUN_LIMITS = { episodes: 100_000, workers: 16 } as const;

function defaultWorkers(): number {
  const cores = typeof navigator === 'undefined' ? 2 : navigator.hardwareConcurrency || 2;
  return Math.max(1, Math.min(4, cores - 1));
}

let controller: AbortController | null = null;
/** Records kept in memory: those of the first episodes of a run (about 50-200 kB each); the export runs later ones again. */
export const RETAINED_RECORDS = 2000;
/** Episode records of the current or last run, by episode index (kept apart from the reactive state: they are large and never change). */
let records = new Map<number, EpisodeRecord>();

/** The full record of episode `index` of the current or last run, if it was delivered. */
export function runRecord(index: number): EpisodeRecord | undefined {
  return records.get(index);
}

/** The delivered records of the current or last run, in episode order. */
export function runRecords(): EpisodeRecord[] {
  return [...records.values()].sort((a, b) => a.episodeIndex - b.episodeIndex);
}

/** The run store. */
export const useRunStore = create<RunState>()((set, get) => ({
  settings: { episodes: 20, seed: 0, workers: defaultWorkers() },
  status: 'idle',
  sceneName: '',
  total: 0,
  episodes: [],
  elapsed: 0,
  error: undefined,
  scene: null,
  sceneFile: 'scene.json',
  seed: 0,
  fromGallery: false,
  actions: {
    configure: (settings) => set((s) => ({ settings: { ...s.settings, ...settings } })),
    async start(scene, meshes, origin) {
      if (get().status === 'running') return;
      const { episodes, seed, workers } = get().settings;
      controller = new AbortController();
      const started = performance.now();
      const elapsed = (): number => (performance.now() - started) / 1000;
      records = new Map();
      set({
        status: 'running',
        sceneName: scene.name,
        total: episodes,
        episodes: [],
        elapsed: 0,
        error: undefined,
        scene,
        sceneFile: origin?.sceneFile ?? 'scene.json',
        seed,
        fromGallery: origin?.fromGallery ?? false,
      });
      try {
        await runEpisodes({
          scene,
          meshes,
          jobSeed: seed,
          episodes,
          workers,
          signal: controller.signal,
          onRecord: (r: EpisodeRecord) => {
            if (r.episodeIndex < RETAINED_RECORDS) records.set(r.episodeIndex, r);
            set((s) => ({
              episodes: [...s.episodes, { episodeIndex: r.episodeIndex, success: r.success, outcome: r.outcome, detail: r.detail, frames: r.frames }],
              elapsed: elapsed(),
            }));
          },
        });
        set({ status: 'done', elapsed: elapsed() });
      } catch (error) {
        if (error instanceof JobCancelled) set({ status: 'cancelled', elapsed: elapsed() });
        else set({ status: 'failed', elapsed: elapsed(), error: error instanceof Error ? error.message : String(error) });
      } finally {
        controller = null;
      }
    },
    cancel: () => controller?.abort(),
  },
}));

/** Success rate, episodes per second and failure counts of a run's delivered episodes. */
export function runStats(episodes: readonly EpisodeSummary[], elapsed: number) {
  const successes = episodes.filter((e) => e.success).length;
  const failures = new Map<Outcome, { count: number; example: EpisodeSummary }>();
  for (const e of episodes) {
    if (e.success) continue;
    const entry = failures.get(e.outcome);
    if (entry) entry.count++;
    else failures.set(e.outcome, { count: 1, example: e });
  }
  return {
    done: episodes.length,
    successes,
    successRate: episodes.length === 0 ? undefined : successes / episodes.length,
    episodesPerSecond: elapsed > 0 ? episodes.length / elapsed : undefined,
    failures: [...failures.entries()].sort((a, b) => b[1].count - a[1].count),
  };
}
