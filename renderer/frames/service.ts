/**
 * The frame-rendering service: the plain object that render.worker.ts
 * exposes with Comlink, and that a page or test can use in-process.
 */
import { transfer } from 'comlink';
import type { PoseTrack } from '../../exporters/episode';
import type { SceneDoc } from '../../scenes/schema/scene';
import type { MeshLibrary } from '../../workers/physics/mesh';
import { SceneView } from '../scene3d/scene-view';
import type { TextureLibrary } from '../scene3d/textures';
import { episodeBuffers, renderEpisodeFrames, type RenderedEpisode, type RenderEpisodeOptions } from './episode';
import { FrameRenderer } from './frame-renderer';

export interface ServiceRenderOptions extends RenderEpisodeOptions {
  /** Decoded asset textures the scene's materials name. */
  textures?: TextureLibrary;
}

/** Creates the service; call init() once before rendering. */
export function createRenderService() {
  let renderer: FrameRenderer | undefined;
  let cached: { key: string; view: SceneView } | undefined;

  const viewFor = (scene: SceneDoc, meshes: MeshLibrary, textures: TextureLibrary | undefined): SceneView => {
    const meshKey = Object.keys(meshes).sort().map((k) => `${k}:${meshes[k]?.length}`);
    const textureKey = Object.keys(textures ?? {}).sort();
    const key = JSON.stringify([scene, meshKey, textureKey]);
    if (cached?.key !== key) {
      cached?.view.dispose();
      cached = { key, view: new SceneView(scene, meshes, textures ? { textures } : {}) };
    }
    return cached.view;
  };

  return {
    /** Creates the WebGL renderer on `canvas` (a new OffscreenCanvas when absent). */
    init(canvas?: OffscreenCanvas): void {
      renderer?.dispose();
      renderer = new FrameRenderer(canvas ? { canvas } : {});
    },

    /**
     * Renders `cameraIds` at each of `frames` of `poses` (all frames by
     * default; the document poses when `poses` is null). Image buffers are
     * transferred, not copied. `scene` is a resolved scene (an EpisodeSpec's).
     */
    renderEpisode(
      scene: SceneDoc,
      meshes: MeshLibrary,
      poses: PoseTrack | null,
      cameraIds: string[],
      frames?: number[],
      options: ServiceRenderOptions = {},
    ): RenderedEpisode {
      if (!renderer) throw new Error('render service: call init() first');
      const view = viewFor(scene, meshes, options.textures);
      const episode = renderEpisodeFrames(renderer, view, poses, cameraIds, frames, options);
      return transfer(episode, episodeBuffers(episode));
    },

    /** Frees the renderer and the cached scene. */
    dispose(): void {
      cached?.view.dispose();
      cached = undefined;
      renderer?.dispose();
      renderer = undefined;
    },
  };
}

export type RenderService = ReturnType<typeof createRenderService>;
