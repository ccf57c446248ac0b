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
import type { ModelFiles } from '../../workers/worldmodel/load-model';
import { transferRoles } from '../../workers/worldmodel/manifest';
import { createWorldModelService, type RunnerSettings, type WorldModelService } from '../../workers/worldmodel/runner';
import { VariationSet, type VariationReference } from '../../workers/worldmodel/variations';
import { FrameRenderer } from '../frames/frame-renderer';
import { renderEpisodeMedia, type EpisodeTimings } from './episode-media';

/** What a render worker needs to make world-model variations. */
export interface WorkerVariationConfig {
  manifestText: string;
  modelBytes: Uint8Array;
  files: ModelFiles;
  /** Variation k is conditioned on references[k]. */
  references: VariationReference[];
  /** Seed of the noise streams (the job seed). */
  seed: number;
  /** Frames per inference. */
  batchSize: number;
  /** wasm threads and where onnxruntime-web's files are served. */
  runner: RunnerSettings;
}

/** Creates the service; call init() before rendering. */
export function createMediaService() {
  let renderer: FrameRenderer | undefined;
  let meshes: MeshLibrary = {};
  let last: EpisodeTimings | undefined;
  let worldModel: WorldModelService | undefined;
  let variations: VariationSet | undefined;

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
      const media = await renderEpisodeMedia(renderer, meshes, input, timings, variations);
      last = timings;
      return transfer(media, typedArrayBuffers(media));
    },

    /**
     * Loads the world model (checked against its manifest) and keeps the
     * references, so episodes asking for variations get them. Returns the
     * wasm threads the model runs with.
     */
    async initVariations(config: WorkerVariationConfig): Promise<{ threads: number }> {
      if (!worldModel) {
        worldModel = createWorldModelService(() => import('onnxruntime-web/wasm'));
        worldModel.configure(config.runner);
      }
      const info = await worldModel.load(config.manifestText, config.modelBytes, config.files);
      variations = new VariationSet(worldModel, info.manifest, info.kind === 'transfer' ? transferRoles(info.manifest, config.files.manifestFile) : undefined, config.references, config.seed, config.batchSize);
      return { threads: info.threads };
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
