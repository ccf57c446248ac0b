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
import type { RolloutService } from '../../../workers/rollout/service';

export { JobCancelled } from '../../../workers/pipeline/run-rollouts';

/** Longest one episode may take on a worker before it is retried, milliseconds. */
const EPISODE_TIMEOUT_MS = 120_000;

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
  const spawn = webSpawn<RolloutService>(() => new Worker(new URL('../../../workers/rollout/rollout.worker.ts', import.meta.url), { type: 'module', name: 'rollout' }));
  const pool = createRolloutPool(spawn, run.meshes, run.workers, EPISODE_TIMEOUT_MS);
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
