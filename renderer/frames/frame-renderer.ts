/**
 * The labeled frame renderer: one WebGLRenderer (on an OffscreenCanvas or
 * canvas, in a window or a Web Worker) that renders a SceneView's cameras
 * into RGB, depth, instance and semantic images, 2D and 3D boxes and the
 * camera matrices. RGB is shaded (antialiased, shadows) and post-processed
 * (imaging.ts); every label comes from the exact id pass (label-pass.ts)
 * and from geometry, never from shaded pixels.
 */
import { NoToneMapping, PCFShadowMap, SRGBColorSpace, WebGLRenderer, type PerspectiveCamera } from 'three';
import { Rng } from '../../scenes/rng';
import type { CameraChannel } from '../../scenes/schema/sensors';
import { extrinsicsMatrix, intrinsicsMatrix, type CameraModel } from '../scene3d/camera-model';
import { classLookup } from '../scene3d/labels';
import type { SceneItem, SceneView } from '../scene3d/scene-view';
import { boxes3d, coverRect, disjointGroups, maskStats, unionRect, type Rect } from './boxes';
import { applyDepthNoise, applyImaging } from './imaging';
import { LabelPass } from './label-pass';
import type { Box2D, CameraFrame, RenderOptions } from './types';

export interface FrameRendererOptions {
  /** Where to draw; a new OffscreenCanvas when absent. */
  canvas?: OffscreenCanvas | HTMLCanvasElement;
  /** Multisample the RGB image (default true). Label passes never are. */
  antialias?: boolean;
}

/** Renders labeled frames of one SceneView at a time. Not thread-safe; one per worker. */
export class FrameRenderer {
  readonly renderer: WebGLRenderer;
  private readonly labels: LabelPass;
  private view: SceneView | undefined;
  private classLut: Uint16Array = new Uint16Array(65536);
  private shadowVersion = -1;

  constructor(options: FrameRendererOptions = {}) {
    const canvas = options.canvas ?? new OffscreenCanvas(16, 16);
    this.renderer = new WebGLRenderer({ canvas, antialias: options.antialias ?? true, alpha: false, preserveDrawingBuffer: false, stencil: false, precision: 'highp', powerPreference: 'high-performance' });
    const r = this.renderer;
    r.setPixelRatio(1);
    r.outputColorSpace = SRGBColorSpace;
    r.toneMapping = NoToneMapping;
    r.shadowMap.enabled = true;
    r.shadowMap.type = PCFShadowMap;
    r.shadowMap.autoUpdate = false;
    this.labels = new LabelPass(r);
  }

  /** The view to render (the caller keeps ownership). */
  setView(view: SceneView): void {
    this.view = view;
    this.classLut = classLookup(view.labels);
    this.shadowVersion = -1;
  }

  private requireView(): SceneView {
    if (!this.view) throw new Error('FrameRenderer: call setView() before rendering');
    return this.view;
  }

  private prepareCanvas(model: CameraModel): PerspectiveCamera {
    const r = this.renderer;
    const canvas = r.domElement;
    if (canvas.width < model.width || canvas.height < model.height) {
      r.setSize(Math.max(canvas.width, model.width), Math.max(canvas.height, model.height), false);
    }
    r.setViewport(0, 0, model.width, model.height);
    const view = this.requireView();
    if (view.poseVersion !== this.shadowVersion) {
      r.shadowMap.needsUpdate = true;
      this.shadowVersion = view.poseVersion;
    }
    return view.perspectiveCamera(model);
  }

  /** Shaded RGBA8 of the current poses through `model`, rows from the top, before imaging effects. */
  renderRgb(model: CameraModel): Uint8Array {
    const camera = this.prepareCanvas(model);
    const r = this.renderer;
    r.setRenderTarget(null);
    r.render(this.requireView().scene, camera);
    const gl = r.getContext();
    const { width: w, height: h } = model;
    const raw = new Uint8Array(w * h * 4);
    gl.readPixels(0, 0, w, h, gl.RGBA, gl.UNSIGNED_BYTE, raw);
    return flipRows(raw, w, h, 4) as Uint8Array;
  }

  /** The scene rendered to the canvas without readback (the bare cost of an RGB frame; for benchmarks). */
  renderToCanvas(model: CameraModel): void {
    const camera = this.prepareCanvas(model);
    this.renderer.setRenderTarget(null);
    this.renderer.render(this.requireView().scene, camera);
  }

  /** Depth (metres, 0 = nothing) and instance ids through `model`, rows from the top. */
  renderIds(model: CameraModel): { depth: Float32Array; instance: Uint16Array } {
    const view = this.requireView();
    const camera = view.perspectiveCamera(model);
    const { width: w, height: h } = model;
    const raw = this.labels.render(view, camera, w, h);
    const depth = new Float32Array(w * h);
    const instance = new Uint16Array(w * h);
    for (let y = 0; y < h; y++) {
      const src = (h - 1 - y) * w * 4;
      const dst = y * w;
      for (let x = 0; x < w; x++) {
        depth[dst + x] = raw[src + x * 4] as number;
        instance[dst + x] = raw[src + x * 4 + 1] as number;
      }
    }
    return { depth, instance };
  }

  /** Semantic class indices of an instance mask. */
  semanticOf(instance: Uint16Array): Uint16Array {
    const out = new Uint16Array(instance.length);
    const lut = this.classLut;
    for (let i = 0; i < instance.length; i++) out[i] = lut[instance[i] as number] as number;
    return out;
  }

  /**
   * 2D boxes of the instances visible in `instance`, with visible
   * fractions: each visible instance is also rendered alone (objects whose
   * projections cannot overlap share one pass) and its pixels counted.
   */
  boxes2d(model: CameraModel, instance: Uint16Array): Box2D[] {
    const view = this.requireView();
    const stats = maskStats(instance, model.width, model.height);
    const parts = new Map<number, SceneItem[]>();
    for (const item of view.items.values()) {
      const list = parts.get(item.instance.instanceId) ?? [];
      list.push(item);
      parts.set(item.instance.instanceId, list);
    }
    const rects: [number, Rect][] = [];
    for (const id of stats.keys()) {
      const rect = coverRect(parts.get(id) ?? [], model);
      if (rect) rects.push([id, rect]);
    }
    const alone = new Map<number, number>();
    const camera = view.perspectiveCamera(model);
    for (const group of disjointGroups(rects)) {
      const union = unionRect(group.map(([, r]) => r));
      const raw = this.labels.render(view, camera, model.width, model.height, union, new Set(group.map(([id]) => id)));
      for (const [id, r] of group) alone.set(id, countId(raw, union, r, id));
    }
    const byId = new Map(view.labels.instances.map((i) => [i.instanceId, i]));
    const out: Box2D[] = [];
    for (const [id, s] of stats) {
      const info = byId.get(id);
      const unoccluded = alone.get(id) ?? 0;
      out.push({
        instanceId: id,
        classIndex: info?.classIndex ?? 0,
        id: info?.id ?? '',
        x0: s.x0,
        y0: s.y0,
        x1: s.x1,
        y1: s.y1,
        visiblePixels: s.count,
        unoccludedPixels: unoccluded,
        visibleFraction: s.count / unoccluded,
      });
    }
    return out;
  }

  /** Renders the requested channels of camera `cameraId` for the view's current poses. */
  render(cameraId: string, options: RenderOptions = {}): CameraFrame {
    const view = this.requireView();
    const camera = view.camera(cameraId);
    const model = view.cameraModel(cameraId);
    const channels = new Set<CameraChannel>(options.channels ?? camera.channels);
    const frame = options.frame ?? 0;
    const seed = options.seed ?? '';
    const out: CameraFrame = {
      cameraId,
      frame,
      width: model.width,
      height: model.height,
      intrinsics: intrinsicsMatrix(model),
      extrinsics: extrinsicsMatrix(model),
    };
    if (channels.has('rgb')) {
      const rgb = this.renderRgb(model);
      applyImaging(rgb, model.width, model.height, camera.imaging, Rng.fromKey('camera-noise', seed, cameraId, frame));
      out.rgb = rgb;
    }
    if (channels.has('depth') || channels.has('instance') || channels.has('semantic') || channels.has('boxes2d')) {
      const { depth, instance } = this.renderIds(model);
      if (channels.has('depth')) {
        if (camera.depthNoise) {
          applyDepthNoise(depth, camera.depthNoise, model.near, model.far, Rng.fromKey('depth-noise', seed, cameraId, frame), Rng.fromKey('depth-dropout', seed, cameraId, frame));
        }
        out.depth = depth;
      }
      if (channels.has('instance')) out.instance = instance;
      if (channels.has('semantic')) out.semantic = this.semanticOf(instance);
      if (channels.has('boxes2d')) out.boxes2d = this.boxes2d(model, instance);
    }
    if (channels.has('boxes3d')) out.boxes3d = boxes3d(view.items.values(), model);
    return out;
  }

  /** Frees the GL context and the label targets. */
  dispose(): void {
    this.labels.dispose();
    this.renderer.dispose();
  }
}

/** Counts pixels equal to `id` inside `rect` of a readback of `area` (GL row order, RGBA float, id in G). */
function countId(raw: Float32Array, area: Rect, rect: Rect, id: number): number {
  let n = 0;
  const top = area.y + area.h; // exclusive, top-left origin
  for (let y = rect.y; y < rect.y + rect.h; y++) {
    const row = top - 1 - y; // readback row (bottom first)
    for (let x = rect.x; x < rect.x + rect.w; x++) {
      if (raw[(row * area.w + (x - area.x)) * 4 + 1] === id) n++;
    }
  }
  return n;
}

/** Reverses the row order of an interleaved image. */
export function flipRows<T extends Uint8Array | Float32Array>(src: T, width: number, height: number, channels: number): T {
  const out = new (src.constructor as new (n: number) => T)(src.length);
  const stride = width * channels;
  for (let y = 0; y < height; y++) out.set(src.subarray((height - 1 - y) * stride, (height - y) * stride), y * stride);
  return out;
}
