/**
 * Paths on the floor: polylines with arc-length parametrization, and
 * string-pulling (line-of-sight shortcuts) of grid paths against the
 * clearance grid.
 */
import { clearanceAt, type ClearanceGrid } from './grid';

/** A polyline on the floor, metres. */
export interface Polyline {
  /** Flat [x0, y0, x1, y1, ...]. */
  xy: Float64Array;
  /** Arc length at each vertex, metres; cumulative[0] = 0. */
  cumulative: Float64Array;
  /** Total length, metres. */
  length: number;
}

/** Builds a polyline from flat xy (at least one point). */
export function makePolyline(xy: ArrayLike<number>): Polyline {
  const pts = Float64Array.from(xy);
  const n = pts.length / 2;
  const cumulative = new Float64Array(n);
  for (let i = 1; i < n; i++) {
    cumulative[i] = cumulative[i - 1]! + Math.hypot(pts[2 * i]! - pts[2 * i - 2]!, pts[2 * i + 1]! - pts[2 * i - 1]!);
  }
  return { xy: pts, cumulative, length: n > 0 ? cumulative[n - 1]! : 0 };
}

/** The point at arc length `s` (clamped to [0, length]), metres. */
export function pointAt(p: Polyline, s: number): [number, number] {
  const n = p.cumulative.length;
  if (n === 1 || s <= 0) return [p.xy[0]!, p.xy[1]!];
  if (s >= p.length) return [p.xy[2 * n - 2]!, p.xy[2 * n - 1]!];
  let i = 1;
  while (i < n - 1 && p.cumulative[i]! < s) i++;
  const s0 = p.cumulative[i - 1]!;
  const seg = p.cumulative[i]! - s0;
  const t = seg > 0 ? (s - s0) / seg : 0;
  return [p.xy[2 * i - 2]! + t * (p.xy[2 * i]! - p.xy[2 * i - 2]!), p.xy[2 * i - 1]! + t * (p.xy[2 * i + 1]! - p.xy[2 * i - 1]!)];
}

/**
 * Arc length of the point of the polyline closest to (x, y), searched only
 * on the part between arc lengths sMin and sMax. Returns [s, distance].
 */
export function projectOnto(p: Polyline, x: number, y: number, sMin: number, sMax: number): [number, number] {
  const n = p.cumulative.length;
  if (n === 1) return [0, Math.hypot(x - p.xy[0]!, y - p.xy[1]!)];
  let bestS = Math.max(0, Math.min(sMin, p.length));
  let bestD = Infinity;
  for (let i = 1; i < n; i++) {
    const s0 = p.cumulative[i - 1]!;
    const s1 = p.cumulative[i]!;
    if (s1 < sMin || s0 > sMax) continue;
    const ax = p.xy[2 * i - 2]!;
    const ay = p.xy[2 * i - 1]!;
    const ex = p.xy[2 * i]! - ax;
    const ey = p.xy[2 * i + 1]! - ay;
    const len2 = ex * ex + ey * ey;
    let t = len2 > 0 ? ((x - ax) * ex + (y - ay) * ey) / len2 : 0;
    const seg = s1 - s0;
    const tMin = seg > 0 ? Math.max(0, (sMin - s0) / seg) : 0;
    const tMax = seg > 0 ? Math.min(1, (sMax - s0) / seg) : 1;
    t = Math.min(tMax, Math.max(tMin, t));
    const d = Math.hypot(x - (ax + t * ex), y - (ay + t * ey));
    if (d < bestD) {
      bestD = d;
      bestS = s0 + t * seg;
    }
  }
  return [bestS, bestD];
}

/** Whether every sample of segment a-b (every quarter cell) has clearance >= required. */
export function lineOfSight(grid: ClearanceGrid, ax: number, ay: number, bx: number, by: number, required: number): boolean {
  const length = Math.hypot(bx - ax, by - ay);
  const steps = Math.max(1, Math.ceil(length / (grid.cellSize / 4)));
  for (let k = 0; k <= steps; k++) {
    const t = k / steps;
    if (clearanceAt(grid, ax + t * (bx - ax), ay + t * (by - ay)) < required) return false;
  }
  return true;
}

/**
 * Greedy string pulling: from each kept vertex, jumps to the furthest later
 * vertex in sight. A shortcut must keep a clearance of at least
 * min(`target`, the lowest clearance of the vertices it replaces), so it
 * never runs closer to obstacles than `target` unless the original path did.
 * Vertices before the first one with clearance >= `free` (a start inside the
 * inflated zone escaping) are kept as they are. Returns flat xy of the kept
 * vertices (first and last always kept).
 */
export function stringPull(grid: ClearanceGrid, xy: ArrayLike<number>, target: number, free: number): number[] {
  const n = xy.length / 2;
  const clr = new Float64Array(n);
  for (let i = 0; i < n; i++) clr[i] = clearanceAt(grid, xy[2 * i]!, xy[2 * i + 1]!);
  const out: number[] = [];
  let i = 0;
  while (i < n - 1 && clr[i]! < free) {
    out.push(xy[2 * i]!, xy[2 * i + 1]!);
    i++;
  }
  out.push(xy[2 * i]!, xy[2 * i + 1]!);
  while (i < n - 1) {
    let best = i + 1;
    let low = Math.min(clr[i]!, clr[i + 1]!);
    for (let j = i + 2; j < n; j++) {
      low = Math.min(low, clr[j]!);
      if (!lineOfSight(grid, xy[2 * i]!, xy[2 * i + 1]!, xy[2 * j]!, xy[2 * j + 1]!, Math.min(target, low))) break;
      best = j;
    }
    out.push(xy[2 * best]!, xy[2 * best + 1]!);
    i = best;
  }
  return out;
}
