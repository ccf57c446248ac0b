/** Rollout throughput through the real worker pool (worker_threads), 1 vs 2 workers. */
import type { SceneDoc } from '../../scenes/schema/scene';
import { runRollouts } from '../../workers/pipeline/run-rollouts';
import { nodeSpawn } from '../../workers/pool/node-spawn';
import { createRolloutPool } from '../../workers/pool/rollout-pool';
import type { RolloutService } from '../../workers/rollout/service';
import type { MeshLibrary } from '../../workers/physics/mesh';
import { seconds } from './measure';

const spawn = nodeSpawn<RolloutService>(new URL('../../workers/rollout/rollout.node-worker.ts', import.meta.url));

/** Episodes per second of `episodes` episodes on a pool of `workers`, after a warm-up job of 2 episodes per worker. */
export async function poolEpisodesPerSecond(scene: SceneDoc, meshes: MeshLibrary, workers: number, episodes: number): Promise<{ rate: number; successRate: number }> {
  const pool = createRolloutPool(spawn, meshes, workers, 600_000);
  try {
    await runRollouts(pool, { scene, jobSeed: 999, episodes: [...Array(2 * workers).keys()] }, { onRecord: () => undefined });
    let successes = 0;
    const elapsed = await seconds(() =>
      runRollouts(pool, { scene, jobSeed: 1, episodes: [...Array(episodes).keys()] }, { onRecord: (r) => void (successes += r.success ? 1 : 0) }),
    );
    return { rate: episodes / elapsed, successRate: successes / episodes };
  } finally {
    await pool.close();
  }
}
