/**
 * Web Worker entry of the window's Sim2Real service (gap-service.ts).
 * Create with `new Worker(new URL('./gap.worker.ts', import.meta.url), { type: 'module' })`
 * and type the proxy as `Remote<GapService>`.
 */
import { expose } from 'comlink';
import { createGapService } from './gap-service';

export const service = createGapService(() => import('onnxruntime-web/wasm'));
expose(service);
