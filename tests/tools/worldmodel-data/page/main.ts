/**
 * Page of the world-model data tool: renders groups of scene documents with
 * the studio's own FrameRenderer and SceneView (the same code the CLI's
 * headless renderer runs) and returns raw pixels as base64: shaded RGBA8
 * before imaging effects for every document, and depth (metres) and
 * instance ids once per geometry.
 */
import { DirectionalLight, Mesh, PointLight, SpotLight, type MeshStandardMaterial } from 'three';
import { FrameRenderer } from '../../../../renderer/frames/frame-renderer';
import { SceneView } from '../../../../renderer/scene3d/scene-view';
import type { SceneDoc } from '../../../../scenes/schema/scene';
import type { MeshLibrary } from '../../../../workers/physics/mesh';

/** One group: docs[g][a] is geometry g under appearance a (same poses and camera for every a). */
export interface GroupRequest {
  docs: SceneDoc[][];
  cameraId: string;
}

/** Raw renders of a group, base64: rgb [G][A][H][W][4] uint8, depth [G][H][W] float32 metres, instance [G][H][W] uint16. */
export interface GroupPixels {
  rgb: string;
  depth: string;
  instance: string;
  /** Milliseconds in the page: the whole group, building views, shading RGB, the label pass. */
  ms: number;
  buildMs: number;
  rgbMs: number;
  idsMs: number;
}

let meshes: MeshLibrary = {};
const renderer = new FrameRenderer();

function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

function init(packed: Record<string, string>): void {
  meshes = Object.fromEntries(Object.entries(packed).map(([k, b64]) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    return [k, new Float32Array(bytes.buffer)];
  }));
}

/**
 * Frees a view's geometries, textures and shadow maps but not its
 * materials: disposing a material releases its shader program, and
 * SwiftShader takes tens of milliseconds to compile the next one. Materials
 * left undisposed are garbage-collected; their programs (a few dozen light
 * and texture variants) stay compiled.
 */
function release(view: SceneView): void {
  view.scene.traverse((o) => {
    if (o instanceof Mesh) {
      o.geometry.dispose();
      for (const m of Array.isArray(o.material) ? o.material : [o.material]) (m as MeshStandardMaterial).map?.dispose();
    }
    if (o instanceof DirectionalLight || o instanceof SpotLight || o instanceof PointLight) o.shadow.dispose();
  });
  view.scene.clear();
}

function renderGroup(req: GroupRequest): GroupPixels {
  const t0 = performance.now();
  const rgbParts: Uint8Array[] = [];
  const depthParts: Float32Array[] = [];
  const instanceParts: Uint16Array[] = [];
  let buildMs = 0;
  let rgbMs = 0;
  let idsMs = 0;
  for (const row of req.docs) {
    row.forEach((doc, a) => {
      const t1 = performance.now();
      const view = new SceneView(doc, meshes);
      renderer.setView(view);
      const model = view.cameraModel(req.cameraId);
      const t2 = performance.now();
      rgbParts.push(renderer.renderRgb(model));
      const t3 = performance.now();
      if (a === 0) {
        const ids = renderer.renderIds(model);
        depthParts.push(ids.depth);
        instanceParts.push(ids.instance);
      }
      buildMs += t2 - t1;
      rgbMs += t3 - t2;
      idsMs += performance.now() - t3;
      release(view);
    });
  }
  const join = (parts: ArrayBufferView[]): Uint8Array => {
    const total = parts.reduce((n, p) => n + p.byteLength, 0);
    const out = new Uint8Array(total);
    let o = 0;
    for (const p of parts) {
      out.set(new Uint8Array(p.buffer, p.byteOffset, p.byteLength), o);
      o += p.byteLength;
    }
    return out;
  };
  return { rgb: toBase64(join(rgbParts)), depth: toBase64(join(depthParts)), instance: toBase64(join(instanceParts)), ms: performance.now() - t0, buildMs, rgbMs, idsMs };
}

Object.assign(window, { init, renderGroup });
document.title = 'ready';
