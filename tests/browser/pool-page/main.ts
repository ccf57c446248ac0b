/** Test page: runs the rollout pipeline on a pool of Web Workers, the window's way. */
import type { EpisodeRecord } from '../../../exporters/episode';
import type { SceneDoc } from '../../../scenes/schema/scene';
import { runRollouts } from '../../../workers/pipeline/run-rollouts';
import { createRolloutPool } from '../../../workers/pool/rollout-pool';
import { webSpawn } from '../../../workers/pool/web-spawn';
import type { RolloutService } from '../../../workers/rollout/service';

/** Records with typed arrays as plain arrays, so they cross to the test. */
export type PlainRecord = Omit<EpisodeRecord, 'channels' | 'poses'> & { channels: Record<string, { names: string[]; data: number[] }>; poses?: { ids: string[]; data: number[] } };

async function runPool(scene: SceneDoc, meshes: Record<string, number[]>, workers: number, episodes: number, jobSeed: number): Promise<PlainRecord[]> {
  const library = Object.fromEntries(Object.entries(meshes).map(([k, v]) => [k, new Float32Array(v)]));
  const spawn = webSpawn<RolloutService>(() => new Worker(new URL('../../../workers/rollout/rollout.worker.ts', import.meta.url), { type: 'module' }));
  const pool = createRolloutPool(spawn, library, workers, 120_000);
  const out: PlainRecord[] = [];
  try {
    await runRollouts(pool, { scene, jobSeed, episodes: [...Array(episodes).keys()] }, {
      onRecord: (r) => {
        const { poses, ...rest } = r;
        const channels = Object.fromEntries(Object.entries(r.channels).map(([k, c]) => [k, { names: c.names, data: Array.from(c.data) }]));
        out.push({ ...rest, channels, ...(poses ? { poses: { ids: poses.ids, data: Array.from(poses.data) } } : {}) });
      },
    });
  } finally {
    await pool.close();
  }
  return out;
}

(window as unknown as { runPool: typeof runPool }).runPool = runPool;
document.title = 'ready';
