/**
 * Independent reference geometry for the renderer tests, in float64: the
 * scene's Euler convention as matrices, the documented camera convention
 * (x right, y down, z forward; image up = world +Z), ray casts against
 * oriented boxes, convex hulls and point-to-polygon distances.
 */
export type V3 = [number, number, number];
export type M3 = [V3, V3, V3]; // rows

const DEG = Math.PI / 180;
export const sub = (a: V3, b: V3): V3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
export const dot = (a: V3, b: V3): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
export const cross = (a: V3, b: V3): V3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
export const unit = (a: V3): V3 => {
  const n = Math.hypot(...a);
  return [a[0] / n, a[1] / n, a[2] / n];
};
const mul = (a: M3, b: M3): M3 =>
  [0, 1, 2].map((i) => [0, 1, 2].map((j) => a[i]![0]! * b[0]![j]! + a[i]![1]! * b[1]![j]! + a[i]![2]! * b[2]![j]!)) as M3;
export const apply = (m: M3, v: V3): V3 => [dot(m[0], v), dot(m[1], v), dot(m[2], v)];
export const transpose = (m: M3): M3 => [[m[0][0], m[1][0], m[2][0]], [m[0][1], m[1][1], m[2][1]], [m[0][2], m[1][2], m[2][2]]];

/** Rotation matrix of intrinsic X-Y-Z Euler angles in degrees: Rx * Ry * Rz. */
export function eulerMatrix([a, b, c]: V3): M3 {
  const [ca, sa, cb, sb, cc, sc] = [Math.cos(a * DEG), Math.sin(a * DEG), Math.cos(b * DEG), Math.sin(b * DEG), Math.cos(c * DEG), Math.sin(c * DEG)];
  const rx: M3 = [[1, 0, 0], [0, ca, -sa], [0, sa, ca]];
  const ry: M3 = [[cb, 0, sb], [0, 1, 0], [-sb, 0, cb]];
  const rz: M3 = [[cc, -sc, 0], [sc, cc, 0], [0, 0, 1]];
  return mul(mul(rx, ry), rz);
}

/** Rotation matrix of a unit quaternion [x, y, z, w]. */
export function quatMatrix(q: readonly number[]): M3 {
  const [x, y, z, w] = q as [number, number, number, number];
  return [
    [1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w)],
    [2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w)],
    [2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y)],
  ];
}

/** A pinhole camera: world->camera rotation rows, centre, intrinsics. */
export interface Pinhole {
  R: M3;
  c: V3;
  f: number;
  cx: number;
  cy: number;
  width: number;
  height: number;
}

/** The documented camera: forward to lookAt, right = forward x Z, down = forward x right, then roll about forward. */
export function pinhole(position: V3, lookAt: V3, rollDeg: number, fovYDeg: number, width: number, height: number): Pinhole {
  const z = unit(sub(lookAt, position));
  const x0 = unit(cross(z, [0, 0, 1]));
  const y0 = cross(z, x0);
  const [c, s] = [Math.cos(rollDeg * DEG), Math.sin(rollDeg * DEG)];
  const x: V3 = [c * x0[0] + s * y0[0], c * x0[1] + s * y0[1], c * x0[2] + s * y0[2]];
  const y = cross(z, x);
  return { R: [x, y, z], c: position, f: height / 2 / Math.tan((fovYDeg * DEG) / 2), cx: width / 2, cy: height / 2, width, height };
}

/** [u, v, z] of a world point (pixel centres at +0.5). */
export function project(cam: Pinhole, p: V3): V3 {
  const q = apply(cam.R, sub(p, cam.c));
  return [cam.cx + (cam.f * q[0]) / q[2], cam.cy + (cam.f * q[1]) / q[2], q[2]];
}

/** An oriented box: centre, full size, rotation (local -> world). */
export interface OBox {
  center: V3;
  size: V3;
  R: M3;
}

/** World corners, corner i at +-size/2 with + where bit 0/1/2 is set. */
export function corners(b: OBox): V3[] {
  return [...Array(8).keys()].map((i) => {
    const l: V3 = [((i & 1 ? 1 : -1) * b.size[0]) / 2, ((i & 2 ? 1 : -1) * b.size[1]) / 2, ((i & 4 ? 1 : -1) * b.size[2]) / 2];
    const w = apply(b.R, l);
    return [b.center[0] + w[0], b.center[1] + w[1], b.center[2] + w[2]] as V3;
  });
}

/** Z-depth (metres) at which the ray through the centre of pixel (col, row) enters `b`, or null. */
export function depthAt(cam: Pinhole, b: OBox, col: number, row: number): number | null {
  const Rt = transpose(cam.R);
  const dCam: V3 = [(col + 0.5 - cam.cx) / cam.f, (row + 0.5 - cam.cy) / cam.f, 1];
  const d = apply(Rt, dCam); // forward component 1: the ray parameter is the z-depth
  const toLocal = transpose(b.R);
  const o = apply(toLocal, sub(cam.c, b.center));
  const dl = apply(toLocal, d);
  let t0 = -Infinity;
  let t1 = Infinity;
  for (let k = 0; k < 3; k++) {
    const h = b.size[k]! / 2;
    if (Math.abs(dl[k]!) < 1e-15) {
      if (Math.abs(o[k]!) > h) return null;
      continue;
    }
    const a = (-h - o[k]!) / dl[k]!;
    const c = (h - o[k]!) / dl[k]!;
    t0 = Math.max(t0, Math.min(a, c));
    t1 = Math.min(t1, Math.max(a, c));
  }
  return t0 <= t1 && t0 > 0 ? t0 : null;
}

/** Convex hull (counter-clockwise in u-right, v-down image coordinates) of 2D points. */
export function hull(points: [number, number][]): [number, number][] {
  const p = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const turn = (o: [number, number], a: [number, number], b: [number, number]): number => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const half = (pts: [number, number][]): [number, number][] => {
    const h: [number, number][] = [];
    for (const q of pts) {
      while (h.length >= 2 && turn(h[h.length - 2]!, h[h.length - 1]!, q) <= 0) h.pop();
      h.push(q);
    }
    return h.slice(0, -1);
  };
  return [...half(p), ...half([...p].reverse())];
}

/** Distance from (x, y) to the polygon's boundary. */
export function distanceToBoundary(poly: [number, number][], x: number, y: number): number {
  let best = Infinity;
  for (let i = 0; i < poly.length; i++) {
    const [ax, ay] = poly[i]!;
    const [bx, by] = poly[(i + 1) % poly.length]!;
    const t = Math.max(0, Math.min(1, ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)));
    best = Math.min(best, Math.hypot(x - ax - t * (bx - ax), y - ay - t * (by - ay)));
  }
  return best;
}
