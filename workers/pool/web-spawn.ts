/** Spawns comlink services in Web Workers (the window's pool). */
import { wrap } from 'comlink';
import type { Spawn, WorkerHandle } from './worker-pool';

/**
 * A Spawn over `makeWorker` (e.g. `() => new Worker(new URL('../rollout/rollout.worker.ts', import.meta.url), { type: 'module' })`).
 * Web Workers have no exit event: an uncaught error or terminate() counts as the worker's end.
 */
export function webSpawn<Service>(makeWorker: () => Worker): Spawn<Service> {
  return async () => {
    const worker = makeWorker();
    let end: (reason: string) => void = () => undefined;
    const exited = new Promise<string>((resolve) => (end = resolve));
    worker.addEventListener('error', (event) => end(`error: ${event.message || 'uncaught error in worker'}`));
    const handle: WorkerHandle<Service> = {
      api: wrap<Service>(worker),
      exited,
      terminate: async () => {
        worker.terminate();
        end('terminated');
      },
    };
    return handle;
  };
}
