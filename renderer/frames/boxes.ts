/**
 * Box labels: 2D boxes from the instance mask, 3D oriented boxes from each
 * object's geometry and pose (never from shaded pixels), and the image
 * rectangles that bound an object's projection (for the unoccluded-area
 * renders behind visible fractions).
 */
import { projectPoint, type CameraModel } from '../scene3d/camera-model';
import type { SceneItem } from '../scene3d/scene-view';
import { rotate, type Vec3 } from '../../workers/physics/math';
import type { Box3D } from './types';

/** Per instance id present in a mask: pixel count and tight box (pixel edges, max exclusive). */
export interface MaskStats {
  count: number;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Pixel counts and tight boxes of every non-zero id of `mask` (row-major, width x height). */
export function maskStats(mask: Uint16Array, width: number, height: number): Map<number, MaskStats> {
  const stats = new Map<number, MaskStats>();
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const id = mask[y * width + x] as number;
      if (id === 0) continue;
      const s = stats.get(id);
      if (!s) stats.set(id, { count: 1, x0: x, y0: y, x1: x + 1, y1: y + 1 });
      else {
        s.count++;
        if (x < s.x0) s.x0 = x;
        if (x + 1 > s.x1) s.x1 = x + 1;
        s.y1 = y + 1;
      }
    }
  }
  return new Map([...stats].sort((a, b) => a[0] - b[0]));
}

/** The 8 world corners of an item's oriented box, corner i at +-size/2 with + where bit 0/1/2 of i is set. */
export function boxCorners(item: SceneItem): Vec3[] {
  const { position: p, quaternion: qq } = item.mesh;
  const q = { x: qq.x, y: qq.y, z: qq.z, w: qq.w };
  const [cx, cy, cz] = item.localBox.center;
  const [sx, sy, sz] = item.localBox.size;
  const corners: Vec3[] = [];
  for (let i = 0; i < 8; i++) {
    const local: Vec3 = [cx + (i & 1 ? sx : -sx) / 2, cy + (i & 2 ? sy : -sy) / 2, cz + (i & 4 ? sz : -sz) / 2];
    const w = rotate(q, local);
    corners.push([p.x + w[0], p.y + w[1], p.z + w[2]]);
  }
  return corners;
}

/** The 3D box of every item, projected into `model`. */
export function boxes3d(items: Iterable<SceneItem>, model: CameraModel): Box3D[] {
  const out: Box3D[] = [];
  for (const item of items) {
    const { position: p, quaternion: q } = item.mesh;
    const c = rotate({ x: q.x, y: q.y, z: q.z, w: q.w }, item.localBox.center);
    const corners: number[] = [];
    const cornerDepths: number[] = [];
    for (const corner of boxCorners(item)) {
      const [u, v, z] = projectPoint(model, corner);
      corners.push(u, v);
      cornerDepths.push(z);
    }
    out.push({
      id: item.id,
      instanceId: item.instance.instanceId,
      classIndex: item.instance.classIndex,
      center: [p.x + c[0], p.y + c[1], p.z + c[2]],
      size: [...item.localBox.size],
      quaternion: [q.x, q.y, q.z, q.w],
      corners,
      cornerDepths,
    });
  }
  return out;
}

/** An image rectangle in pixels, top-left origin: columns x..x+w-1, rows y..y+h-1. */
export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * A rectangle that contains every pixel centre the items can cover: the
 * bounds of their projected box corners plus one pixel, clipped to the
 * image; the whole image when a corner is not in front of the near plane.
 * Null when it lies outside the image.
 */
export function coverRect(items: readonly SceneItem[], model: CameraModel): Rect | null {
  let u0 = Infinity;
  let v0 = Infinity;
  let u1 = -Infinity;
  let v1 = -Infinity;
  for (const item of items) {
    for (const corner of boxCorners(item)) {
      const [u, v, z] = projectPoint(model, corner);
      if (!(z > model.near)) return { x: 0, y: 0, w: model.width, h: model.height };
      u0 = Math.min(u0, u);
      v0 = Math.min(v0, v);
      u1 = Math.max(u1, u);
      v1 = Math.max(v1, v);
    }
  }
  const x = Math.max(0, Math.floor(u0) - 1);
  const y = Math.max(0, Math.floor(v0) - 1);
  const xe = Math.min(model.width, Math.ceil(u1) + 1);
  const ye = Math.min(model.height, Math.ceil(v1) + 1);
  return xe > x && ye > y ? { x, y, w: xe - x, h: ye - y } : null;
}

function overlaps(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/** Union of rectangles. */
export function unionRect(rects: readonly Rect[]): Rect {
  const x = Math.min(...rects.map((r) => r.x));
  const y = Math.min(...rects.map((r) => r.y));
  const xe = Math.max(...rects.map((r) => r.x + r.w));
  const ye = Math.max(...rects.map((r) => r.y + r.h));
  return { x, y, w: xe - x, h: ye - y };
}

/**
 * Splits keys into groups whose rectangles are pairwise disjoint (first
 * fit, in the given order). Objects with disjoint rectangles cannot occlude
 * each other, so each group can be rendered "alone" in one pass.
 */
export function disjointGroups<K>(entries: readonly (readonly [K, Rect])[]): [K, Rect][][] {
  const groups: [K, Rect][][] = [];
  for (const [key, rect] of entries) {
    const group = groups.find((g) => g.every(([, r]) => !overlaps(r, rect)));
    if (group) group.push([key, rect]);
    else groups.push([[key, rect]]);
  }
  return groups;
}
