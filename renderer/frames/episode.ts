/** Rendering every camera of every frame of an episode's pose track. */
import type { PoseTrack } from '../../exporters/episode';
import type { CameraChannel } from '../../scenes/schema/sensors';
import type { InstanceInfo } from '../scene3d/labels';
import type { SceneView } from '../scene3d/scene-view';
import type { FrameRenderer } from './frame-renderer';
import type { CameraFrame } from './types';

/** An episode's rendered frames and the tables that name their labels. */
export interface RenderedEpisode {
  /** classes[i] names semantic class index i; classes[0] is 'background'. */
  classes: string[];
  /** What each instance id is (bodies and robots). */
  instances: InstanceInfo[];
  cameraIds: string[];
  /** Pose-track frame indices rendered, in order. */
  frames: number[];
  /** views[i][c]: frame frames[i] seen by camera cameraIds[c]. */
  views: CameraFrame[][];
}

export interface RenderEpisodeOptions {
  /** Episode seed (hex); keys the imaging and depth noise. */
  seed?: string;
  /** Channels for every camera; each camera's own `channels` when absent. */
  channels?: readonly CameraChannel[];
}

/** Number of frames in a pose track. */
export function trackFrames(poses: PoseTrack): number {
  const stride = poses.ids.length * 7;
  return stride === 0 ? 0 : poses.data.length / stride;
}

/**
 * Poses `view` at each of `frames` (every frame of the track by default;
 * the document poses as frame 0 when `poses` is null) and renders each of
 * `cameraIds` with `renderer`.
 */
export function renderEpisodeFrames(
  renderer: FrameRenderer,
  view: SceneView,
  poses: PoseTrack | null,
  cameraIds: readonly string[],
  frames?: readonly number[],
  options: RenderEpisodeOptions = {},
): RenderedEpisode {
  const list = frames ? [...frames] : poses ? Array.from({ length: trackFrames(poses) }, (_, i) => i) : [0];
  renderer.setView(view);
  const views: CameraFrame[][] = [];
  for (const frame of list) {
    if (poses) view.applyPoses(poses, frame);
    else view.resetPoses();
    const renderOptions = { frame, ...(options.seed === undefined ? {} : { seed: options.seed }), ...(options.channels ? { channels: options.channels } : {}) };
    views.push(cameraIds.map((id) => renderer.render(id, renderOptions)));
  }
  return { classes: [...view.labels.classes], instances: view.labels.instances.map((i) => ({ ...i })), cameraIds: [...cameraIds], frames: list, views };
}

/** The distinct buffers of an episode's images, for transfer. */
export function episodeBuffers(episode: RenderedEpisode): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const row of episode.views) {
    for (const v of row) {
      for (const a of [v.rgb, v.depth, v.instance, v.semantic]) if (a) buffers.add(a.buffer as ArrayBuffer);
    }
  }
  return [...buffers];
}
