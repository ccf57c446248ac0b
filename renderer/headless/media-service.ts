/**
 * The episode-media service: the plain object media.worker.ts exposes with
 * Comlink (and that a page or test can use in-process). One FrameRenderer
 * per service, on its own OffscreenCanvas.
 */
import { transfer } from 'comlink';
import type { EpisodeRenderInput } from '../../exporters/episode-renderer';
import type { RenderedMedia } from '../../exporters/media';
import { typedArrayBuffers } from '../../exporters/media-wire';
import type { MeshLibrary } from '../../workers/physics/mesh';
import { FrameRenderer } from '../frames/frame-renderer';
import { renderEpisodeMedia, type EpisodeTimings } from './episode-media';

/** Creates the service; call init() before rendering. */
export function createMediaService() {
  let renderer: FrameRenderer | undefined;
  let meshes: MeshLibrary = {};
  let last: EpisodeTimings | undefined;

  return {
    /** Creates the WebGL renderer (on a new OffscreenCanvas) and keeps the scene's mesh assets. */
    init(meshLibrary: MeshLibrary): void {
      renderer?.dispose();
      renderer = new FrameRenderer();
      meshes = meshLibrary;
    },

    /** Renders one episode into RenderedMedia; its buffers are transferred, not copied. */
    async renderEpisode(input: EpisodeRenderInput): Promise<RenderedMedia> {
      if (!renderer) throw new Error('media service: call init() first');
      const timings: EpisodeTimings = { renderMs: 0, encodeMs: 0, pngMs: 0, labelsMs: 0 };
      const media = await renderEpisodeMedia(renderer, meshes, input, timings);
      last = timings;
      return transfer(media, typedArrayBuffers(media));
    },

    /** Stage timings of the last episode rendered, milliseconds. */
    lastTimings(): EpisodeTimings | undefined {
      return last;
    },

    /** Frees the renderer. */
    dispose(): void {
      renderer?.dispose();
      renderer = undefined;
    },
  };
}

export type MediaService = ReturnType<typeof createMediaService>;
