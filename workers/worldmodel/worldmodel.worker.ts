/**
 * Web Worker entry of the world-model runner (the window). Create with
 * `new Worker(new URL('./worldmodel.worker.ts', import.meta.url), { type: 'module' })`,
 * type the proxy as `Remote<WorldModelService>`, and call `configure` with
 * `wasmPaths` (where onnxruntime-web's .mjs and .wasm are served) before `load`.
 */
import { expose } from 'comlink';
import { createWorldModelService } from './runner';

export const service = createWorldModelService(() => import('onnxruntime-web/wasm'));
expose(service);
