/**
 * Global planning for a navigation episode: the clearance grid of the scene,
 * the path the base follows (A* on the inflated grid with a clearance cost,
 * string-pulled) and the shortest feasible path length used for SPL (A* on
 * the radius-only grid without clearance cost, string-pulled, ending where
 * it enters the goal disk).
 */
import type { Body } from '../../scenes/schema/bodies';
import type { SceneDoc } from '../../scenes/schema/scene';
import type { MeshLibrary } from '../physics/mesh';
import { astar } from './astar';
import { footprintsInBand, type HeightBand } from './footprint';
import { buildClearanceGrid, cellAt, cellX, cellY, type ClearanceGrid } from './grid';
import { lineOfSight, makePolyline, stringPull, type Polyline } from './polyline';

/** A point on the floor and a radius, metres. */
export interface Disk {
  x: number;
  y: number;
  radius: number;
}

/** Clearance beyond the inflated radius that the A* cost still rewards, metres. */
export const PREFERRED_EXTRA_CLEARANCE = 0.4;
/** Weight of the clearance cost: a step at the inflated boundary costs (1 + weight) times its length. */
export const CLEARANCE_COST_WEIGHT = 1.5;
/** Extra clearance that smoothing shortcuts keep where the grid path did, metres. */
export const SMOOTHING_MARGIN = 0.15;

/**
 * Which scene bodies are on the map: enabled static and kinematic bodies
 * (neither moves during a navigation episode). Dynamic bodies are left off;
 * the base meets them as unmapped obstacles.
 */
export function isMapped(body: Body): boolean {
  return body.enabled && body.kind !== 'dynamic';
}

/**
 * The clearance grid of `scene` for a robot sweeping `band`, at `cellSize`
 * metres, covering the start and goal; clearances are exact up to `maxDistance` metres.
 */
export function buildNavGrid(
  scene: SceneDoc,
  band: HeightBand,
  meshes: MeshLibrary,
  cellSize: number,
  points: ReadonlyArray<readonly [number, number]>,
  maxDistance: number,
): ClearanceGrid {
  const footprints = footprintsInBand(scene.bodies, band, meshes, isMapped);
  return buildClearanceGrid(footprints, cellSize, points, maxDistance);
}

/**
 * The path the base follows from `start` into `goal`, or undefined when no
 * cell of the goal disk can be reached on the grid inflated to
 * `radius + inflation` metres. The search aims at the inner half of the goal
 * disk when that has free cells, and the path ends at the goal centre when
 * the centre is free and in sight.
 */
export function planPath(grid: ClearanceGrid, start: readonly [number, number], goal: Disk, radius: number, inflation: number): Polyline | undefined {
  const free = radius + inflation;
  const startCell = cellAt(grid, start[0], start[1]);
  const inner = hasFreeCellWithin(grid, goal.x, goal.y, goal.radius / 2, free) ? goal.radius / 2 : goal.radius;
  const preferred = free + PREFERRED_EXTRA_CLEARANCE;
  const cells = astar(grid, {
    start: startCell,
    goalX: goal.x,
    goalY: goal.y,
    goalRadius: inner,
    freeClearance: free,
    penalty: (c) => {
      const t = Math.min(1, Math.max(0, (preferred - c) / PREFERRED_EXTRA_CLEARANCE));
      return CLEARANCE_COST_WEIGHT * t * t;
    },
  });
  if (!cells) return undefined;
  const xy = cellsToPoints(grid, cells, start);
  const last = cells[cells.length - 1]!;
  const goalCell = cellAt(grid, goal.x, goal.y);
  const lastX = xy[xy.length - 2]!;
  const lastY = xy[xy.length - 1]!;
  if (goalCell >= 0 && last !== goalCell && grid.clearance[goalCell]! >= free && lineOfSight(grid, lastX, lastY, goal.x, goal.y, free)) {
    xy.push(goal.x, goal.y);
  }
  return makePolyline(stringPull(grid, xy, free + SMOOTHING_MARGIN, free));
}

/**
 * Length in metres of the shortest path from `start` to the boundary of the
 * goal disk for a robot of `radius` (no inflation, no clearance cost), or NaN
 * when the goal cannot be reached even so. 0 when the start is in the disk.
 */
export function shortestPathLength(grid: ClearanceGrid, start: readonly [number, number], goal: Disk, radius: number): number {
  if (Math.hypot(start[0] - goal.x, start[1] - goal.y) <= goal.radius) return 0;
  const cells = astar(grid, { start: cellAt(grid, start[0], start[1]), goalX: goal.x, goalY: goal.y, goalRadius: goal.radius, freeClearance: radius });
  if (!cells) return Number.NaN;
  const pulled = stringPull(grid, cellsToPoints(grid, cells, start), radius, radius);
  const n = pulled.length / 2;
  let length = 0;
  for (let i = 1; i < n; i++) {
    const ax = pulled[2 * i - 2]!;
    const ay = pulled[2 * i - 1]!;
    const bx = pulled[2 * i]!;
    const by = pulled[2 * i + 1]!;
    const segment = Math.hypot(bx - ax, by - ay);
    const entry = i === n - 1 ? segmentEntersDisk(ax, ay, bx, by, goal) : 1;
    length += segment * entry;
  }
  return length;
}

/** Fraction t in [0, 1] of segment a-b where it first enters the disk (1 if it never does). */
function segmentEntersDisk(ax: number, ay: number, bx: number, by: number, d: Disk): number {
  const ex = bx - ax;
  const ey = by - ay;
  const fx = ax - d.x;
  const fy = ay - d.y;
  const a = ex * ex + ey * ey;
  const c = fx * fx + fy * fy - d.radius * d.radius;
  if (c <= 0) return 0;
  if (a === 0) return 1;
  const b = 2 * (fx * ex + fy * ey);
  const disc = b * b - 4 * a * c;
  if (disc < 0) return 1;
  const t = (-b - Math.sqrt(disc)) / (2 * a);
  return t >= 0 && t <= 1 ? t : 1;
}

/** Flat xy: the exact start, then the centres of the cells after the start cell. */
function cellsToPoints(grid: ClearanceGrid, cells: Int32Array, start: readonly [number, number]): number[] {
  const xy = [start[0], start[1]];
  for (let k = 1; k < cells.length; k++) xy.push(cellX(grid, cells[k]!), cellY(grid, cells[k]!));
  return xy;
}

function hasFreeCellWithin(grid: ClearanceGrid, x: number, y: number, r: number, free: number): boolean {
  const c0 = Math.max(0, Math.floor((x - r - grid.originX) / grid.cellSize));
  const c1 = Math.min(grid.cols - 1, Math.floor((x + r - grid.originX) / grid.cellSize));
  const r0 = Math.max(0, Math.floor((y - r - grid.originY) / grid.cellSize));
  const r1 = Math.min(grid.rows - 1, Math.floor((y + r - grid.originY) / grid.cellSize));
  for (let row = r0; row <= r1; row++) {
    for (let col = c0; col <= c1; col++) {
      const i = row * grid.cols + col;
      if (grid.clearance[i]! >= free && Math.hypot(cellX(grid, i) - x, cellY(grid, i) - y) <= r) return true;
    }
  }
  return false;
}
