/**
 * The window's world-model Web Worker (variation.worker.ts), started on
 * first use and kept: loading onnxruntime-web's wasm takes a moment, and
 * the loaded model stays in it. A worker that dies (fails to load) makes
 * every pending and later call reject with the reason, until it is
 * started again.
 */
import { proxy, transfer, wrap, type Remote } from 'comlink';
import type { ModelFiles } from '../../../workers/worldmodel/load-model';
import type { LoadedModelInfo, VariationService, VaryProgress, VaryRequest, VaryResult } from './variation-service';

interface Started {
  worker: Worker;
  service: Remote<VariationService>;
  failed: Promise<never>;
}

let started: Started | null = null;

function start(): Started {
  if (started) return started;
  const worker = new Worker(new URL('./variation.worker.ts', import.meta.url), { type: 'module', name: 'world-model' });
  const failed = new Promise<never>((_, reject) =>
    worker.addEventListener('error', (e) => {
      started = null;
      reject(new Error(`the world-model worker failed: ${e.message || 'it did not load'}`));
    }),
  );
  failed.catch(() => undefined);
  started = { worker, service: wrap<VariationService>(worker), failed };
  return started;
}

/** Loads and checks a model in the worker; rejects with the runtime's reason when it is refused. */
export async function loadWorldModel(manifestText: string, modelBytes: Uint8Array, files: ModelFiles): Promise<LoadedModelInfo> {
  const w = start();
  // A copy crosses: the caller keeps its bytes to load the model again later.
  return Promise.race([w.service.load(manifestText, modelBytes.slice(), files), w.failed]);
}

/** Makes variations with the loaded model; the request's frame buffers are transferred (no longer usable here). */
export async function varyInWorker(request: VaryRequest, onProgress: VaryProgress): Promise<VaryResult> {
  const w = start();
  const { rgba, depth, instance } = request.frames;
  const sent = transfer(request, [rgba.buffer as ArrayBuffer, depth.buffer as ArrayBuffer, instance.buffer as ArrayBuffer]);
  return Promise.race([w.service.vary(sent, proxy(onProgress)), w.failed]);
}

/** Asks the running `varyInWorker` to stop before its next inference. */
export function cancelVary(): void {
  void started?.service.cancel();
}
