/**
 * Rendered media for the LeRobot and COCO tests, made without the render
 * host: RGB episodes of synthetic frames (tests/video/synthetic-frames.ts)
 * encoded by Chromium, their RGB histograms from the same frames, depth as
 * 16-bit PNG (exporters/video/depth.ts) from a closed-form depth field with
 * holes (no return), and empty labels (LeRobot stores no labels).
 */
import type { DatasetJob } from '../../exporters/dataset-writer';
import type { CameraMedia, RenderedMedia } from '../../exporters/media';
import type { EncodedEpisodeVideo } from '../../exporters/video/encoded-video';
import { depthImageCell } from '../../exporters/video/depth';
import { RgbHistogramBuilder } from '../../exporters/lerobot/image-stats';
import { SceneDoc } from '../../scenes/schema/scene';
import { FPS, graspJob, graspSceneDoc } from '../lerobot/builders';
import { syntheticFrame } from '../video/synthetic-frames';

/** A test camera: its id and size, and whether it renders depth. */
export interface TestCamera {
  id: string;
  width: number;
  height: number;
  depth: boolean;
}

export const FRONT: TestCamera = { id: 'front', width: 128, height: 96, depth: true };
export const WRIST: TestCamera = { id: 'wrist', width: 64, height: 48, depth: false };
export const CAMERAS = [FRONT, WRIST];

/** The grasp test scene with the test cameras. */
export function cameraSceneDoc(cameras: readonly TestCamera[] = CAMERAS): SceneDoc {
  const scene = graspSceneDoc();
  return SceneDoc.parse({
    ...scene,
    cameras: cameras.map((c) => ({
      id: c.id, position: [0.6, 0, 0.5], lookAt: [0, 0, 0.05], width: c.width, height: c.height,
      channels: c.depth ? ['rgb', 'depth', 'instance', 'boxes2d'] : ['rgb', 'instance', 'boxes2d'],
    })),
  });
}

/** The grasp job over the camera scene. */
export function cameraJob(episodeCount: number, cameras: readonly TestCamera[] = CAMERAS): DatasetJob {
  return { ...graspJob(episodeCount), scene: cameraSceneDoc(cameras), sceneFile: 'lerobot-video-test.json' };
}

/** Depth in millimetres of pixel (x, y) of frame i of synthetic episode e: 0 (no return) on a diagonal lattice. */
export function depthMm(x: number, y: number, e: number, i: number): number {
  if ((x + 2 * y + i) % 17 === 0) return 0;
  return 400 + ((x * 37 + y * 11 + i * 5 + e * 101) % 3000);
}

/** A whole depth frame (uint16 millimetres, row-major). */
export function depthFrame(width: number, height: number, e: number, i: number): Uint16Array {
  const mm = new Uint16Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) mm[y * width + x] = depthMm(x, y, e, i);
  return mm;
}

/**
 * One camera's media for synthetic episode `e` (the `e`-th episode Chromium
 * encoded for this camera), `frames` frames.
 */
export function cameraMedia(camera: TestCamera, e: number, video: EncodedEpisodeVideo): CameraMedia {
  const frames = video.packets.length;
  const histogram = new RgbHistogramBuilder(frames, camera.width, camera.height);
  for (let i = 0; i < frames; i++) if (histogram.wants(i)) histogram.add(i, syntheticFrame(camera.width, camera.height, e, i));
  const f = camera.width / 2;
  return {
    cameraId: camera.id,
    width: camera.width,
    height: camera.height,
    fps: FPS,
    intrinsics: [f, 0, camera.width / 2, 0, f, camera.height / 2, 0, 0, 1],
    video,
    rgbHistogram: histogram.result(),
    ...(camera.depth ? { depthPng: Array.from({ length: frames }, (_, i) => depthImageCell(depthFrame(camera.width, camera.height, e, i), camera.width, camera.height).bytes) } : {}),
    labels: Array.from({ length: frames }, () => ({ extrinsics: [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1], boxes2d: [], boxes3d: [] })),
  };
}

/** The media of job episode `episodeIndex`, made of synthetic episode `e` of every camera. */
export function renderedMedia(episodeIndex: number, e: number, videos: readonly EncodedEpisodeVideo[][], cameras: readonly TestCamera[] = CAMERAS): RenderedMedia {
  const frames = videos[0]![e]!.packets.length;
  return {
    episodeIndex,
    frames,
    classes: ['background', 'floor', 'mug', 'gripper'],
    instances: [{ instanceId: 1, id: 'floor', classIndex: 1 }, { instanceId: 2, id: 'mug', classIndex: 2 }, { instanceId: 3, id: 'gripper', classIndex: 3 }],
    cameras: cameras.map((c, k) => cameraMedia(c, e, videos[k]![e]!)),
  };
}
