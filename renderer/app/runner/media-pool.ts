/**
 * The window's camera renderer for exports: Web Workers running the same
 * episode-media service as the CLI's headless page (render, AV1-encode and
 * label every camera of an episode), one episode per free worker. The
 * bytes of an episode do not depend on which worker rendered it.
 */
import { wrap, type Remote } from 'comlink';
import { episodeRenderInput, type EpisodeRenderer, type MediaWants } from '../../../exporters/episode-renderer';
import type { MeshLibrary } from '../../../workers/physics/mesh';
import type { MediaService } from '../../headless/media-service';

interface MediaWorker {
  worker: Worker;
  service: Remote<MediaService>;
  ready: Promise<void>;
  /** Rejects when the worker dies. */
  failed: Promise<never>;
}

/** Starts `count` media workers with `meshes`. */
export function createMediaPool(meshes: MeshLibrary, count: number): EpisodeRenderer {
  const workers: MediaWorker[] = Array.from({ length: count }, (_, i) => {
    const worker = new Worker(new URL('../../headless/media.worker.ts', import.meta.url), { type: 'module', name: `export-render-${i}` });
    const service = wrap<MediaService>(worker);
    const failed = new Promise<never>((_, reject) => worker.addEventListener('error', (e) => reject(new Error(`camera render worker ${i} failed: ${e.message || 'it did not load'}`))));
    failed.catch(() => undefined);
    return { worker, service, failed, ready: Promise.race([service.init(meshes), failed]) };
  });
  const free = [...workers];
  const waiting: ((w: MediaWorker) => void)[] = [];
  const acquire = (): Promise<MediaWorker> => new Promise((resolve) => (free.length ? resolve(free.shift() as MediaWorker) : waiting.push(resolve)));
  const release = (w: MediaWorker): void => {
    const next = waiting.shift();
    if (next) next(w);
    else free.push(w);
  };
  return {
    async render(spec, record, wants: MediaWants) {
      const input = episodeRenderInput(spec, record, wants);
      const w = await acquire();
      try {
        await w.ready;
        return await Promise.race([w.service.renderEpisode(input), w.failed]);
      } finally {
        release(w);
      }
    },
    async close() {
      for (const w of workers) w.worker.terminate();
    },
  };
}
