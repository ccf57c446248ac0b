/**
 * Web Worker entry of the window's world-model service (variation-service.ts).
 * Create with
 * `new Worker(new URL('./variation.worker.ts', import.meta.url), { type: 'module' })`
 * and type the proxy as `Remote<VariationService>`.
 */
import { expose } from 'comlink';
import { createVariationService } from './variation-service';

export const service = createVariationService(() => import('onnxruntime-web/wasm'));
expose(service);
