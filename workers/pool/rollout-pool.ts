/** A pool of rollout services, each initialised with the scene's mesh assets. */
import type { MeshLibrary } from '../physics/mesh';
import type { RolloutService } from '../rollout/service';
import { WorkerPool, type Spawn } from './worker-pool';

/** Wraps a runtime's spawn so every new (or replacement) worker gets the meshes first. */
export function createRolloutPool(spawn: Spawn<RolloutService>, meshes: MeshLibrary, size: number, taskTimeoutMs?: number): WorkerPool<RolloutService> {
  const spawnReady: Spawn<RolloutService> = async () => {
    const handle = await spawn();
    await handle.api.init(meshes);
    return handle;
  };
  return new WorkerPool(spawnReady, { size, ...(taskTimeoutMs !== undefined ? { taskTimeoutMs } : {}) });
}
