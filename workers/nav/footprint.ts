/**
 * Floor footprints of scene bodies: the part of each body that a ground
 * robot of a given height could hit, projected onto the floor (XY plane) as a
 * convex polygon. Projections are conservative: they contain the true
 * footprint (round shapes use circumscribed polygons).
 */
import type { Body, Shape } from '../../scenes/schema/bodies';
import { cos, sin } from '../../scenes/portable-math';
import { quatFromEulerDeg, rotate, type Quat, type Vec3 } from '../physics/math';
import type { MeshLibrary } from '../physics/mesh';

/** A convex polygon on the floor, counter-clockwise, as flat [x0, y0, x1, y1, ...] in metres. */
export interface Footprint {
  /** Scene body id. */
  id: string;
  points: Float64Array;
  /** Axis-aligned bounds [minX, minY, maxX, maxY], metres. */
  bounds: [number, number, number, number];
}

/** Vertical interval [lo, hi] in metres (world Z) swept by the robot. */
export interface HeightBand {
  lo: number;
  hi: number;
}

/** Segments of the circumscribed polygon used for round shapes. */
const ROUND_SEGMENTS = 24;

/**
 * Footprints of the bodies whose vertical extent overlaps `band`.
 * `include` selects bodies (e.g. enabled static ones); others are ignored.
 */
export function footprintsInBand(
  bodies: readonly Body[],
  band: HeightBand,
  meshes: MeshLibrary,
  include: (body: Body) => boolean,
): Footprint[] {
  const out: Footprint[] = [];
  for (const body of bodies) {
    if (!include(body)) continue;
    const fp = bodyFootprint(body, band, meshes);
    if (fp) out.push(fp);
  }
  return out;
}

/** The footprint of one body within `band`, or undefined when the body lies entirely above or below it. */
export function bodyFootprint(body: Body, band: HeightBand, meshes: MeshLibrary): Footprint | undefined {
  const q = quatFromEulerDeg(body.pose.rotation);
  const p = body.pose.position as Vec3;
  const xy = shapeOutline(body.shape, q, p, band, meshes);
  if (!xy) return undefined;
  const points = convexHull(xy);
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < points.length; i += 2) {
    minX = Math.min(minX, points[i]!);
    maxX = Math.max(maxX, points[i]!);
    minY = Math.min(minY, points[i + 1]!);
    maxY = Math.max(maxY, points[i + 1]!);
  }
  return { id: body.id, points, bounds: [minX, minY, maxX, maxY] };
}

/** World-space points whose XY hull contains the footprint, or undefined when outside the band. */
function shapeOutline(shape: Shape, q: Quat, p: Vec3, band: HeightBand, meshes: MeshLibrary): number[] | undefined {
  const world = (v: Vec3): Vec3 => {
    const r = rotate(q, v);
    return [r[0] + p[0], r[1] + p[1], r[2] + p[2]];
  };
  switch (shape.type) {
    case 'box': {
      const [hx, hy, hz] = [shape.size[0] / 2, shape.size[1] / 2, shape.size[2] / 2];
      const corners: Vec3[] = [];
      for (const sx of [-1, 1]) for (const sy of [-1, 1]) for (const sz of [-1, 1]) corners.push(world([sx * hx, sy * hy, sz * hz]));
      return inBand(corners, band) ? flatten(corners) : undefined;
    }
    case 'mesh': {
      const v = meshes[shape.asset];
      if (!v) throw new Error(`mesh asset "${shape.asset}" was not loaded`);
      const pts: Vec3[] = [];
      for (let i = 0; i + 2 < v.length; i += 3) {
        pts.push(world([v[i]! * shape.scale[0], v[i + 1]! * shape.scale[1], v[i + 2]! * shape.scale[2]]));
      }
      return inBand(pts, band) ? flatten(pts) : undefined;
    }
    case 'sphere': {
      const dz = Math.max(0, band.lo - p[2], p[2] - band.hi);
      if (dz >= shape.radius) return undefined;
      return circle(p[0], p[1], Math.sqrt(shape.radius * shape.radius - dz * dz));
    }
    case 'cylinder': {
      const rim: Vec3[] = [];
      const r = shape.radius / cos(Math.PI / ROUND_SEGMENTS);
      for (const z of [-shape.height / 2, shape.height / 2]) {
        for (let k = 0; k < ROUND_SEGMENTS; k++) {
          const a = (2 * Math.PI * k) / ROUND_SEGMENTS;
          rim.push(world([r * cos(a), r * sin(a), z]));
        }
      }
      return inBand(rim, band) ? flatten(rim) : undefined;
    }
    case 'capsule': {
      const ends = [world([0, 0, -shape.height / 2]), world([0, 0, shape.height / 2])];
      const zs = ends.map((e) => e[2]);
      if (Math.max(...zs) + shape.radius <= band.lo || Math.min(...zs) - shape.radius >= band.hi) return undefined;
      return ends.flatMap((e) => circle(e[0], e[1], shape.radius));
    }
  }
}

function inBand(points: readonly Vec3[], band: HeightBand): boolean {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of points) {
    lo = Math.min(lo, v[2]);
    hi = Math.max(hi, v[2]);
  }
  return hi > band.lo && lo < band.hi;
}

function flatten(points: readonly Vec3[]): number[] {
  return points.flatMap((v) => [v[0], v[1]]);
}

/** Circumscribed regular polygon of a circle, flat xy. */
function circle(cx: number, cy: number, radius: number): number[] {
  const r = radius / cos(Math.PI / ROUND_SEGMENTS);
  const out: number[] = [];
  for (let k = 0; k < ROUND_SEGMENTS; k++) {
    const a = (2 * Math.PI * k) / ROUND_SEGMENTS;
    out.push(cx + r * cos(a), cy + r * sin(a));
  }
  return out;
}

/** Convex hull (Andrew's monotone chain) of flat xy points, counter-clockwise, collinear points dropped. */
export function convexHull(xy: readonly number[]): Float64Array {
  const n = xy.length / 2;
  const idx = Array.from({ length: n }, (_, i) => i);
  idx.sort((a, b) => xy[2 * a]! - xy[2 * b]! || xy[2 * a + 1]! - xy[2 * b + 1]!);
  const cross = (o: number, a: number, b: number): number =>
    (xy[2 * a]! - xy[2 * o]!) * (xy[2 * b + 1]! - xy[2 * o + 1]!) - (xy[2 * a + 1]! - xy[2 * o + 1]!) * (xy[2 * b]! - xy[2 * o]!);
  const lower: number[] = [];
  for (const i of idx) {
    while (lower.length >= 2 && cross(lower[lower.length - 2]!, lower[lower.length - 1]!, i) <= 0) lower.pop();
    lower.push(i);
  }
  const upper: number[] = [];
  for (let k = idx.length - 1; k >= 0; k--) {
    const i = idx[k]!;
    while (upper.length >= 2 && cross(upper[upper.length - 2]!, upper[upper.length - 1]!, i) <= 0) upper.pop();
    upper.push(i);
  }
  const hull = lower.slice(0, -1).concat(upper.slice(0, -1));
  const out = new Float64Array(hull.length * 2);
  hull.forEach((i, k) => {
    out[2 * k] = xy[2 * i]!;
    out[2 * k + 1] = xy[2 * i + 1]!;
  });
  return out;
}

/**
 * Distance in metres from point (px, py) to a counter-clockwise convex
 * polygon; 0 inside or on the boundary.
 */
export function distanceToPolygon(points: Float64Array, px: number, py: number): number {
  const n = points.length / 2;
  if (n === 1) return Math.hypot(px - points[0]!, py - points[1]!);
  let inside = n >= 3;
  let best = Infinity;
  for (let i = 0; i < n; i++) {
    const ax = points[2 * i]!;
    const ay = points[2 * i + 1]!;
    const j = i + 1 === n ? 0 : i + 1;
    const bx = points[2 * j]!;
    const by = points[2 * j + 1]!;
    const ex = bx - ax;
    const ey = by - ay;
    const wx = px - ax;
    const wy = py - ay;
    if (ex * wy - ey * wx < 0) inside = false;
    const len2 = ex * ex + ey * ey;
    const t = len2 > 0 ? Math.min(1, Math.max(0, (wx * ex + wy * ey) / len2)) : 0;
    const dx = wx - t * ex;
    const dy = wy - t * ey;
    best = Math.min(best, dx * dx + dy * dy);
  }
  return inside ? 0 : Math.sqrt(best);
}
