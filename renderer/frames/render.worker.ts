/**
 * Web Worker entry of the frame renderer: exposes the render service with
 * Comlink. Create with
 * `new Worker(new URL('./render.worker.ts', import.meta.url), { type: 'module' })`
 * and type the proxy as `Remote<typeof import('./render.worker').service>`.
 */
import { expose } from 'comlink';
import { createRenderService } from './service';

export const service = createRenderService();
expose(service);
