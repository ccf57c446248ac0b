/**
 * Test page of the frame renderer: exposes functions on window that render
 * scenes on the page (in-process service) or in a Web Worker (Comlink), and
 * return results in wire form (../wire.ts).
 */
import { wrap, type Remote } from 'comlink';
import type { PoseTrack } from '../../../exporters/episode';
import type { SceneDoc } from '../../../scenes/schema/scene';
import type { CameraChannel } from '../../../scenes/schema/sensors';
import { FrameRenderer } from '../../../renderer/frames/frame-renderer';
import { createRenderService } from '../../../renderer/frames/service';
import { SceneView } from '../../../renderer/scene3d/scene-view';
import type { MeshLibrary } from '../../../workers/physics/mesh';
import { encode } from '../wire';

/** A render request as it crosses from the test: arrays instead of typed arrays. */
export interface RenderRequest {
  scene: SceneDoc;
  meshes: Record<string, number[]>;
  poses: { ids: string[]; data: number[] } | null;
  cameraIds: string[];
  frames?: number[];
  seed?: string;
  channels?: CameraChannel[];
}

type WorkerService = Remote<typeof import('../../../renderer/frames/render.worker').service>;

const local = createRenderService();
local.init();
let worker: WorkerService | undefined;

function unpack(req: RenderRequest): { meshes: MeshLibrary; poses: PoseTrack | null } {
  const meshes = Object.fromEntries(Object.entries(req.meshes).map(([k, v]) => [k, new Float32Array(v)]));
  const poses = req.poses ? { ids: req.poses.ids, data: new Float32Array(req.poses.data) } : null;
  return { meshes, poses };
}

function options(req: RenderRequest) {
  return { ...(req.seed === undefined ? {} : { seed: req.seed }), ...(req.channels ? { channels: req.channels } : {}) };
}

/** Renders on the page. */
function renderPage(req: RenderRequest): unknown {
  const { meshes, poses } = unpack(req);
  return encode(local.renderEpisode(req.scene, meshes, poses, req.cameraIds, req.frames, options(req)));
}

/** Renders in a Web Worker on its own OffscreenCanvas. */
async function renderWorker(req: RenderRequest): Promise<unknown> {
  if (!worker) {
    worker = wrap<typeof import('../../../renderer/frames/render.worker').service>(
      new Worker(new URL('../../../renderer/frames/render.worker.ts', import.meta.url), { type: 'module' }),
    );
    await worker.init();
  }
  const { meshes, poses } = unpack(req);
  return encode(await worker.renderEpisode(req.scene, meshes, poses, req.cameraIds, req.frames, options(req)));
}

/** A PNG (base64) of RGBA8 pixels, rows from the top. */
async function png(rgba: number[] | string, width: number, height: number): Promise<string> {
  const bytes = typeof rgba === 'string' ? Uint8ClampedArray.from(atob(rgba), (c) => c.charCodeAt(0)) : Uint8ClampedArray.from(rgba);
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
  ctx.putImageData(new ImageData(bytes, width, height), 0, 0);
  const blob = await canvas.convertToBlob({ type: 'image/png' });
  const buf = new Uint8Array(await blob.arrayBuffer());
  let s = '';
  for (let i = 0; i < buf.length; i += 0x8000) s += String.fromCharCode(...buf.subarray(i, i + 0x8000));
  return btoa(s);
}

/** Timings of one camera over the track's frames (milliseconds per frame), after `warmup` frames. */
function bench(req: RenderRequest, frames: number, warmup: number): Record<string, number> {
  const { meshes, poses } = unpack(req);
  const view = new SceneView(req.scene, meshes);
  const renderer = new FrameRenderer();
  renderer.setView(view);
  const id = req.cameraIds[0] as string;
  const total = poses ? poses.data.length / (poses.ids.length * 7) : 1;
  const gl = renderer.renderer.getContext();
  const pixel = new Uint8Array(4);
  const time = (run: () => void): number => {
    for (let i = 0; i < warmup; i++) {
      if (poses) view.applyPoses(poses, i % total);
      run();
    }
    const t0 = performance.now();
    for (let i = 0; i < frames; i++) {
      if (poses) view.applyPoses(poses, i % total);
      run();
    }
    return (performance.now() - t0) / frames;
  };
  const channels = {
    rgbMs: ['rgb'],
    labelsMs: ['depth', 'instance', 'semantic'],
    labelsBoxesMs: ['depth', 'instance', 'semantic', 'boxes2d', 'boxes3d'],
    rgbDepthSegMs: ['rgb', 'depth', 'instance', 'semantic'],
    allMs: ['rgb', 'depth', 'instance', 'semantic', 'boxes2d', 'boxes3d'],
  } as const;
  const result: Record<string, number> = {};
  // Two rounds, the second kept: the first warms shaders, JIT and the canvas size.
  for (let round = 0; round < 2; round++) {
    result.bareMs = time(() => {
      renderer.renderToCanvas(view.cameraModel(id));
      gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, pixel); // waits for the frame, reads 1 pixel
    });
    for (const [key, list] of Object.entries(channels)) result[key] = time(() => void renderer.render(id, { channels: list }));
  }
  renderer.dispose();
  view.dispose();
  return result;
}

Object.assign(window, { renderPage, renderWorker, png, bench });
document.title = 'ready';
