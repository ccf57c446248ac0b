/**
 * Web Worker entry of the episode-media service (render, encode, label one
 * episode). Create with
 * `new Worker(new URL('./media.worker.ts', import.meta.url), { type: 'module' })`
 * and type the proxy as `Remote<MediaService>`.
 */
import { expose } from 'comlink';
import { createMediaService } from './media-service';

export const service = createMediaService();
expose(service);
