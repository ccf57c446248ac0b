/**
 * Spawns comlink services in Node worker_threads. A `.ts` entry is loaded
 * through tsx (development, tests); a built `.js` entry is loaded directly.
 */
import { wrap } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { Worker } from 'node:worker_threads';
import type { Spawn, WorkerHandle } from './worker-pool';

const TS_BOOT = new URL('./ts-worker-boot.mjs', import.meta.url);

/** A Spawn for the worker module at `entry` (a URL of a *.node-worker file). */
export function nodeSpawn<Service>(entry: URL): Spawn<Service> {
  return async () => {
    const isTs = entry.pathname.endsWith('.ts');
    const worker = isTs ? new Worker(TS_BOOT, { workerData: { entry: entry.href } }) : new Worker(entry);
    const exited = new Promise<string>((resolve) => {
      worker.once('error', (error) => resolve(`error: ${error.message}`));
      worker.once('exit', (code) => resolve(`exit code ${code}`));
    });
    const handle: WorkerHandle<Service> = {
      api: wrap<Service>(nodeEndpoint(worker)),
      exited,
      terminate: async () => {
        await worker.terminate();
      },
    };
    return handle;
  };
}
