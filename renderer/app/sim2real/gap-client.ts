/**
 * Runs the Sim2Real report in its own Web Worker, one report at a time;
 * cancelling terminates the worker (the statistics never yield), and the
 * next report starts a fresh one.
 */
import { proxy, wrap } from 'comlink';
import type { GapData } from '../../../workers/sim2real/gap-report';
import type { BackboneFiles, GapResult, GapService } from './gap-service';

/** The report was cancelled. */
export class GapCancelled extends Error {
  override name = 'GapCancelled';
}

/** Computes the report of `data` with `backbone`; rejects with GapCancelled when `signal` aborts. */
export async function computeInWorker(data: GapData, backbone: BackboneFiles, signal: AbortSignal, onProgress: (done: number, total: number) => void): Promise<GapResult> {
  if (signal.aborted) throw new GapCancelled('cancelled');
  const worker = new Worker(new URL('./gap.worker.ts', import.meta.url), { type: 'module', name: 'sim2real' });
  try {
    return await new Promise<GapResult>((resolve, reject) => {
      signal.addEventListener('abort', () => reject(new GapCancelled('cancelled')), { once: true });
      worker.addEventListener('error', (e) => reject(new Error(`the Sim2Real worker failed: ${e.message || 'it did not load'}`)));
      wrap<GapService>(worker).compute(data, backbone, proxy(onProgress)).then(resolve, reject);
    });
  } finally {
    worker.terminate();
  }
}
