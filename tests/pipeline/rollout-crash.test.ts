import type { Remote } from 'comlink';
import { describe, expect, it } from 'vitest';
import type { EpisodeRecord } from '../../exporters/episode';
import { recordToJsonLine } from '../../exporters/episodes-jsonl';
import { runRollouts } from '../../workers/pipeline/run-rollouts';
import { nodeSpawn } from '../../workers/pool/node-spawn';
import { createRolloutPool } from '../../workers/pool/rollout-pool';
import type { Spawn } from '../../workers/pool/worker-pool';
import type { RolloutService } from '../../workers/rollout/service';
import { allMeshes, preset } from './helpers';

const realSpawn = nodeSpawn<RolloutService>(new URL('../../workers/rollout/rollout.node-worker.ts', import.meta.url));

/** A spawn whose workers are killed a few milliseconds after starting the given episodes. */
function killingSpawn(victims: Set<number>): Spawn<RolloutService> {
  return async () => {
    const handle = await realSpawn();
    const api = {
      init: (m: Parameters<RolloutService['init']>[0]) => handle.api.init(m),
      run: (spec: Parameters<RolloutService['run']>[0], attempt: number) => {
        if (victims.delete(spec.episodeIndex)) setTimeout(() => void handle.terminate(), 5);
        return handle.api.run(spec, attempt);
      },
    } as unknown as Remote<RolloutService>;
    return { ...handle, api };
  };
}

async function collect(spawn: Spawn<RolloutService>, scene = preset('tabletop-grasp'), episodes = 8, workers = 2, meshes = allMeshes()) {
  const pool = createRolloutPool(spawn, meshes, workers, 60_000);
  const records: EpisodeRecord[] = [];
  try {
    await runRollouts(pool, { scene, jobSeed: 11, episodes: [...Array(episodes).keys()] }, { onRecord: (r) => void records.push(r) });
  } finally {
    await pool.close();
  }
  return records;
}

describe('rollout pipeline under failures', () => {
  it('retries an episode whose worker is killed mid-run: nothing lost, nothing duplicated, same data', async () => {
    const clean = await collect(realSpawn);
    const killed = await collect(killingSpawn(new Set([2, 5])));
    expect(killed.map((r) => r.episodeIndex)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(killed[2]!.attempts).toBe(2);
    expect(killed[5]!.attempts).toBe(2);
    expect(killed[0]!.attempts).toBe(1);
    const strip = (r: EpisodeRecord) => recordToJsonLine({ ...r, attempts: 0 });
    expect(killed.map(strip)).toEqual(clean.map(strip));
  });

  it('records an episode that throws twice as failed with its error, in its place', async () => {
    // Without mesh assets, bin-picking episodes whose mesh bodies are enabled cannot be built.
    const records = await collect(realSpawn, preset('bin-picking'), 4, 2, {});
    expect(records.map((r) => r.episodeIndex)).toEqual([0, 1, 2, 3]);
    const failed = records.filter((r) => r.outcome === 'error');
    expect(failed.length).toBeGreaterThan(0);
    for (const r of failed) {
      expect(r.attempts).toBe(2);
      expect(r.success).toBe(false);
      expect(r.detail).toMatch(/mesh asset "meshes\/(wedge|stone)\.obj" of body "(wedge|stone)-a" was not loaded/);
      expect(r.frames).toBe(0);
    }
  });

  it('cancels: the job rejects and no further episodes are delivered', async () => {
    const pool = createRolloutPool(realSpawn, allMeshes(), 2, 60_000);
    const controller = new AbortController();
    const seen: number[] = [];
    try {
      const job = runRollouts(pool, { scene: preset('tabletop-grasp'), jobSeed: 1, episodes: [...Array(200).keys()] }, {
        signal: controller.signal,
        onRecord: (r) => {
          seen.push(r.episodeIndex);
          if (seen.length === 3) controller.abort();
        },
      });
      await expect(job).rejects.toThrow(/cancelled/);
      expect(seen.length).toBeLessThan(200);
      expect(seen).toEqual([...Array(seen.length).keys()]);
    } finally {
      await pool.close();
    }
  });
});
