/**
 * Rendered media for the COCO tests, made without the render host: per
 * frame an instance-id image of moving rectangles (a floor band, a mug, a
 * gripper that passes in front of the mug, and a classless marker), the RGB
 * PNG that paints it, and labels computed from it: tight 2D boxes, visible
 * fractions (the mug's unoccluded area is known) and COCO RLE masks from a
 * small column-major run-length encoder of this file.
 */
import { deflateSync } from 'node:zlib';
import type { DatasetJob } from '../../exporters/dataset-writer';
import type { Box2D, CameraMedia, FrameLabels, MaskRle, RenderedMedia } from '../../exporters/media';
import type { EpisodeRecord } from '../../exporters/episode';
import { depthImageCell } from '../../exporters/video/depth';
import { SceneDoc } from '../../scenes/schema/scene';
import { episodeRecord, erroredRecord, graspJob, graspSceneDoc } from '../lerobot/builders';

export const CLASSES = ['background', 'floor', 'mug', 'gripper'];
/** Instance ids: floor 1, mug 2, gripper 3, and 4, a marker with no class (class 0). */
const INSTANCES = [
  { instanceId: 1, id: 'floor', classIndex: 1 },
  { instanceId: 2, id: 'mug', classIndex: 2 },
  { instanceId: 3, id: 'gripper', classIndex: 3 },
  { instanceId: 4, id: 'marker', classIndex: 0 },
];
const COLOURS: Record<number, [number, number, number]> = { 0: [30, 40, 60], 1: [120, 110, 90], 2: [210, 40, 40], 3: [60, 60, 70], 4: [250, 250, 0] };

export interface TestCamera {
  id: string;
  width: number;
  height: number;
  /** Whether the camera renders RGB (video and PNG frames). */
  rgb: boolean;
  /** Whether its labels carry instance masks. */
  masks: boolean;
}

export const FRONT: TestCamera = { id: 'front', width: 64, height: 48, rgb: true, masks: true };
/** Boxes only (no instance channel). */
export const SIDE: TestCamera = { id: 'side', width: 40, height: 30, rgb: true, masks: false };
/** Depth only: no RGB, so no COCO images. */
export const DEPTH_ONLY: TestCamera = { id: 'depthcam', width: 32, height: 24, rgb: false, masks: false };
export const CAMERAS = [FRONT, SIDE, DEPTH_ONLY];

/** The grasp scene with the test cameras. */
export function cocoJob(episodeCount: number): DatasetJob {
  const scene = SceneDoc.parse({
    ...graspSceneDoc(),
    cameras: CAMERAS.map((c) => ({ id: c.id, position: [0.6, 0, 0.5], lookAt: [0, 0, 0.05], width: c.width, height: c.height, channels: c.rgb ? ['rgb', 'instance', 'boxes2d'] : ['depth'] })),
  });
  return { ...graspJob(episodeCount), scene, sceneFile: 'coco-test.json' };
}

interface Rect { x0: number; y0: number; x1: number; y1: number }

/** The rectangles of frame i of episode e on a width x height image, back to front, by instance id. */
function rects(width: number, height: number, e: number, i: number): [number, Rect][] {
  const side = Math.max(4, Math.floor(height / 4));
  const clamp = (r: Rect): Rect => ({ x0: Math.max(0, r.x0), y0: Math.max(0, r.y0), x1: Math.min(width, r.x1), y1: Math.min(height, r.y1) });
  const mugX = 4 + ((e * 7 + i * 2) % Math.max(1, width - side - 8));
  const gripperX = width - side - ((i * 3 + e * 5) % width);
  return [
    [1, clamp({ x0: 0, y0: height - Math.floor(height / 5), x1: width, y1: height })],
    [2, clamp({ x0: mugX, y0: Math.floor(height / 3), x1: mugX + side, y1: Math.floor(height / 3) + side })],
    [3, clamp({ x0: gripperX, y0: Math.floor(height / 3) - 2, x1: gripperX + side, y1: Math.floor(height / 3) + side - 4 })],
    [4, clamp({ x0: 1, y0: 1, x1: 4, y1: 3 })],
  ];
}

/** The instance-id image (row-major, 0 = background) of frame i of episode e. */
export function instanceImage(width: number, height: number, e: number, i: number): Uint8Array {
  const ids = new Uint8Array(width * height);
  for (const [id, r] of rects(width, height, e, i)) {
    for (let y = r.y0; y < r.y1; y++) for (let x = r.x0; x < r.x1; x++) ids[y * width + x] = id;
  }
  return ids;
}

/** RGB bytes painting an instance image. */
export function rgbOf(ids: Uint8Array): Uint8Array {
  const rgb = new Uint8Array(ids.length * 3);
  ids.forEach((id, p) => rgb.set(COLOURS[id]!, p * 3));
  return rgb;
}

/** COCO's uncompressed RLE of the pixels equal to `id`: column-major, runs of 0s and 1s alternating, starting with 0s. */
export function encodeRle(ids: Uint8Array, width: number, height: number, id: number): MaskRle {
  const counts: number[] = [];
  let inside = false;
  let run = 0;
  for (let x = 0; x < width; x++) {
    for (let y = 0; y < height; y++) {
      if ((ids[y * width + x] === id) !== inside) {
        counts.push(run);
        run = 0;
        inside = !inside;
      }
      run++;
    }
  }
  counts.push(run);
  return { size: [height, width], counts };
}

/** The binary mask (row-major) of an uncompressed RLE. */
export function decodeRle(rle: { size: number[]; counts: number[] }): Uint8Array {
  const [height, width] = rle.size as [number, number];
  const mask = new Uint8Array(width * height);
  let k = 0;
  rle.counts.forEach((count, i) => {
    for (let j = 0; j < count; j++, k++) if (i % 2 === 1) mask[(k % height) * width + Math.floor(k / height)] = 1;
  });
  if (k !== width * height) throw new Error(`RLE covers ${k} pixels, not ${width * height}`);
  return mask;
}

/** Labels of one frame, from its instance image; the mug's unoccluded area is its whole rectangle. */
function frameLabels(camera: TestCamera, e: number, i: number): FrameLabels {
  const { width, height } = camera;
  const ids = instanceImage(width, height, e, i);
  const full = new Map(rects(width, height, e, i));
  const boxes2d: Box2D[] = [];
  const masks: { instanceId: number; rle: MaskRle }[] = [];
  for (const instance of INSTANCES) {
    let [x0, y0, x1, y1, n] = [width, height, 0, 0, 0];
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        if (ids[y * width + x] !== instance.instanceId) continue;
        n++;
        x0 = Math.min(x0, x);
        y0 = Math.min(y0, y);
        x1 = Math.max(x1, x + 1);
        y1 = Math.max(y1, y + 1);
      }
    }
    if (n === 0) continue;
    const r = full.get(instance.instanceId)!;
    const unoccluded = (r.x1 - r.x0) * (r.y1 - r.y0);
    boxes2d.push({ ...instance, x0, y0, x1, y1, visiblePixels: n, unoccludedPixels: unoccluded, visibleFraction: n / unoccluded });
    masks.push({ instanceId: instance.instanceId, rle: encodeRle(ids, width, height, instance.instanceId) });
  }
  // Labels list instances in reverse id order, to show the writer orders them itself.
  boxes2d.reverse();
  return { extrinsics: [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1], boxes2d, boxes3d: [], ...(camera.masks ? { masks } : {}) };
}

const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function pngChunk(type: string, data: Uint8Array): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  let c = 0xffffffff;
  for (const b of body) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE((c ^ 0xffffffff) >>> 0, 8 + data.length);
  return out;
}

/** An 8-bit RGB PNG (filter None on every row). */
export function encodeRgbPng(rgb: Uint8Array, width: number, height: number): Uint8Array {
  const raw = Buffer.alloc(height * (width * 3 + 1));
  for (let y = 0; y < height; y++) Buffer.from(rgb.buffer, rgb.byteOffset + y * width * 3, width * 3).copy(raw, y * (width * 3 + 1) + 1);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return new Uint8Array(Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), pngChunk('IHDR', header), pngChunk('IDAT', deflateSync(raw)), pngChunk('IEND', new Uint8Array(0)),
  ]));
}

/** One camera's media for episode e (`frames` frames): PNG frames and labels, or nothing but depth for a depth-only camera. */
export function cameraMedia(camera: TestCamera, e: number, frames: number): CameraMedia {
  const base = { cameraId: camera.id, width: camera.width, height: camera.height, fps: 30, intrinsics: [camera.width / 2, 0, camera.width / 2, 0, camera.width / 2, camera.height / 2, 0, 0, 1] };
  const labels = Array.from({ length: frames }, (_, i) => frameLabels(camera, e, i));
  if (!camera.rgb) return { ...base, depthPng: Array.from({ length: frames }, () => depthImageCell(new Uint16Array(camera.width * camera.height).fill(1500), camera.width, camera.height).bytes), labels };
  return { ...base, rgbPng: Array.from({ length: frames }, (_, i) => encodeRgbPng(rgbOf(instanceImage(camera.width, camera.height, e, i)), camera.width, camera.height)), labels };
}

export function renderedMedia(episodeIndex: number, frames: number): RenderedMedia {
  return { episodeIndex, frames, classes: [...CLASSES], instances: [...INSTANCES], cameras: CAMERAS.map((c) => cameraMedia(c, episodeIndex, frames)) };
}

export const FRAME_COUNTS = [6, 9, 0, 4, 7];

/** The job: records with their media; the record of FRAME_COUNTS 0 errored (no frames, no media). */
export function cocoItems(): { record: EpisodeRecord; task: string; media?: RenderedMedia }[] {
  return FRAME_COUNTS.map((frames, i) => frames === 0
    ? { record: erroredRecord(i), task: 'pick up the red mug' }
    : { record: episodeRecord(i, { frames }), task: 'pick up the red mug', media: renderedMedia(i, frames) });
}
