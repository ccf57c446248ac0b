/**
 * Runs a scene's episodes on a pool of Web Workers, the window's way: the
 * same sampler, rollout service and pipeline stage as the CLI
 * (workers/pipeline/run-rollouts.ts), delivered in episode order.
 */
import type { EpisodeRecord } from '../../../exporters/episode';
import type { SceneDoc } from '../../../scenes/schema/scene';
import { runRollouts } from '../../../workers/pipeline/run-rollouts';
import type { MeshLibrary } from '../../../workers/physics/mesh';
import { createRolloutPool } from '../../../workers/pool/rollout-pool';
import { webSpawn } from '../../../workers/pool/web-spawn';
import type { WorkerPool } from '../../../workers/pool/worker-pool';
import type { RolloutService } from '../../../workers/rollout/service';

export { JobCancelled } from '../../../workers/pipeline/run-rollouts';

/** Longest one episode may take on a worker before it is retried, milliseconds. */
const EPISODE_TIMEOUT_MS = 120_000;

/** A pool of `workers` rollout Web Workers initialised with `meshes`. */
export function rolloutPool(meshes: MeshLibrary, workers: number): WorkerPool<RolloutService> {
  const spawn = webSpawn<RolloutService>(() => new Worker(new URL('../../../workers/rollout/rollout.worker.ts', import.meta.url), { type: 'module', name: 'rollout' }));
  return createRolloutPool(spawn, meshes, workers, EPISODE_TIMEOUT_MS);
}

/** One run: the scene, its meshes, the job seed, how many episodes on how many workers. */
export interface RolloutRun {
  scene: SceneDoc;
  meshes: MeshLibrary;
  jobSeed: number;
  episodes: number;
  workers: number;
  signal: AbortSignal;
  /** Called once per episode, in episode order. */
  onRecord: (record: EpisodeRecord) => void;
}

/** Rolls out episodes 0..episodes-1; rejects with JobCancelled when the signal aborts. */
export async function runEpisodes(run: RolloutRun): Promise<void> {
  const pool = rolloutPool(run.meshes, run.workers);
  // Cancel at once: stopping the workers rejects the running episodes, and the pipeline sees the abort.
  const stop = (): void => void pool.close();
  run.signal.addEventListener('abort', stop, { once: true });
  try {
    await runRollouts(pool, { scene: run.scene, jobSeed: run.jobSeed, episodes: [...Array(run.episodes).keys()] }, { onRecord: run.onRecord, signal: run.signal });
  } finally {
    run.signal.removeEventListener('abort', stop);
    await pool.close();
  }
}

/** The physics preview's worker, kept while the meshes stay the same (starting one loads Rapier, about a second). */
let preview: { pool: WorkerPool<RolloutService>; meshes: MeshLibrary } | null = null;

/**
 * Rolls out episode `episodeIndex` of (`scene`, `jobSeed`) alone, on the
 * preview's own worker: the same record a run gives for that episode.
 */
export async function previewEpisode(scene: SceneDoc, meshes: MeshLibrary, jobSeed: number, episodeIndex: number): Promise<EpisodeRecord> {
  if (preview?.meshes !== meshes) {
    await preview?.pool.close();
    preview = { pool: rolloutPool(meshes, 1), meshes };
  }
  let result: EpisodeRecord | undefined;
  await runRollouts(preview.pool, { scene, jobSeed, episodes: [episodeIndex] }, { onRecord: (r) => void (result = r) });
  if (!result) throw new Error(`the preview of episode ${episodeIndex} delivered no record`);
  return result;
}
