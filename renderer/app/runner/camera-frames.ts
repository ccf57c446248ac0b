/**
 * Camera images of a replayed episode, rendered on demand by the frame
 * renderer (renderer/frames, the same code that renders datasets) in its
 * own Web Worker: one camera, one pose-track frame at a time, RGB only; or
 * many frames of one camera with the channels asked for (the world model
 * and the Sim2Real report).
 */
import { wrap, type Remote } from 'comlink';
import type { PoseTrack } from '../../../exporters/episode';
import type { CameraChannel } from '../../../scenes/schema/sensors';
import type { SceneDoc } from '../../../scenes/schema/scene';
import type { MeshLibrary } from '../../../workers/physics/mesh';
import type { RenderService } from '../../frames/service';
import type { CameraFrame } from '../../frames/types';

let service: Promise<Remote<RenderService>> | null = null;

function renderService(): Promise<Remote<RenderService>> {
  service ??= (async () => {
    const worker = new Worker(new URL('../../frames/render.worker.ts', import.meta.url), { type: 'module', name: 'camera-view' });
    const remote = wrap<RenderService>(worker);
    await remote.init();
    return remote;
  })();
  return service;
}

/** One rendered camera image: RGBA8, row 0 at the top. */
export interface CameraImage {
  width: number;
  height: number;
  rgba: Uint8Array;
}

/**
 * Renders camera `cameraId` of the episode's resolved `scene` posed at
 * `frame` of `poses`, with the episode's imaging noise (keyed by `seed`).
 */
export async function renderCameraFrame(scene: SceneDoc, meshes: MeshLibrary, poses: PoseTrack, cameraId: string, frame: number, seed: string): Promise<CameraImage> {
  const remote = await renderService();
  const episode = await remote.renderEpisode(scene, meshes, poses, [cameraId], [frame], { seed, channels: ['rgb'] });
  const view = episode.views[0]?.[0];
  if (!view?.rgb) throw new Error(`camera "${cameraId}" rendered no image for frame ${frame}`);
  return { width: view.width, height: view.height, rgba: view.rgb };
}

/**
 * Renders camera `cameraId` of the episode's resolved `scene` at each of
 * `frames` of `poses` with `channels`, with the episode's imaging noise
 * (keyed by `seed`): the frames a dataset export renders.
 */
export async function renderCameraFrames(
  scene: SceneDoc,
  meshes: MeshLibrary,
  poses: PoseTrack,
  cameraId: string,
  frames: number[],
  seed: string,
  channels: readonly CameraChannel[],
): Promise<CameraFrame[]> {
  const remote = await renderService();
  const episode = await remote.renderEpisode(scene, meshes, poses, [cameraId], frames, { seed, channels: [...channels] });
  return episode.views.map((row, i) => {
    const view = row[0];
    if (!view) throw new Error(`camera "${cameraId}" rendered no image for frame ${frames[i]}`);
    return view;
  });
}
