/**
 * The occupancy grid of a navigation episode, stored as a clearance map: for
 * each cell, the distance in metres from the cell centre to the nearest
 * obstacle footprint (0 inside one), capped at `maxDistance`. A cell is free
 * for a robot of radius r with inflation m when its clearance is >= r + m;
 * thresholding one map gives both the inflated grid and the radius-only grid.
 */
import { distanceToPolygon, type Footprint } from './footprint';

/** Largest grid accepted (cells); beyond it the cell size is too fine for the scene. */
export const MAX_GRID_CELLS = 4_000_000;

export interface ClearanceGrid {
  /** World X, Y of the lower-left corner of cell (0, 0), metres. */
  originX: number;
  originY: number;
  /** Edge of a square cell, metres. */
  cellSize: number;
  cols: number;
  rows: number;
  /** Row-major (index = row * cols + col): metres from the cell centre to the nearest footprint. */
  clearance: Float64Array;
  /** Clearances are capped here, metres. */
  maxDistance: number;
}

/**
 * Rasterizes `footprints` into a clearance grid covering them and the
 * `include` points (start, goal), padded by `maxDistance` plus two cells.
 * Throws when the grid would exceed MAX_GRID_CELLS.
 */
export function buildClearanceGrid(
  footprints: readonly Footprint[],
  cellSize: number,
  include: ReadonlyArray<readonly [number, number]>,
  maxDistance: number,
): ClearanceGrid {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const f of footprints) {
    minX = Math.min(minX, f.bounds[0]);
    minY = Math.min(minY, f.bounds[1]);
    maxX = Math.max(maxX, f.bounds[2]);
    maxY = Math.max(maxY, f.bounds[3]);
  }
  for (const [x, y] of include) {
    minX = Math.min(minX, x);
    minY = Math.min(minY, y);
    maxX = Math.max(maxX, x);
    maxY = Math.max(maxY, y);
  }
  const pad = maxDistance + 2 * cellSize;
  const originX = minX - pad;
  const originY = minY - pad;
  const cols = Math.ceil((maxX + pad - originX) / cellSize);
  const rows = Math.ceil((maxY + pad - originY) / cellSize);
  if (cols * rows > MAX_GRID_CELLS) {
    throw new Error(
      `occupancy grid of ${cols} x ${rows} cells (${((maxX - minX) + 2 * pad).toFixed(1)} x ${((maxY - minY) + 2 * pad).toFixed(1)} m at ${cellSize} m) exceeds ${MAX_GRID_CELLS} cells; raise task.cellSize`,
    );
  }
  const clearance = new Float64Array(cols * rows).fill(maxDistance);
  for (const f of footprints) {
    const c0 = Math.max(0, Math.floor((f.bounds[0] - maxDistance - originX) / cellSize));
    const c1 = Math.min(cols - 1, Math.floor((f.bounds[2] + maxDistance - originX) / cellSize));
    const r0 = Math.max(0, Math.floor((f.bounds[1] - maxDistance - originY) / cellSize));
    const r1 = Math.min(rows - 1, Math.floor((f.bounds[3] + maxDistance - originY) / cellSize));
    for (let r = r0; r <= r1; r++) {
      const y = originY + (r + 0.5) * cellSize;
      const row = r * cols;
      for (let c = c0; c <= c1; c++) {
        const d = distanceToPolygon(f.points, originX + (c + 0.5) * cellSize, y);
        if (d < clearance[row + c]!) clearance[row + c] = d;
      }
    }
  }
  return { originX, originY, cellSize, cols, rows, clearance, maxDistance };
}

/** Index of the cell containing world point (x, y), or -1 outside the grid. */
export function cellAt(grid: ClearanceGrid, x: number, y: number): number {
  const c = Math.floor((x - grid.originX) / grid.cellSize);
  const r = Math.floor((y - grid.originY) / grid.cellSize);
  if (c < 0 || r < 0 || c >= grid.cols || r >= grid.rows) return -1;
  return r * grid.cols + c;
}

/** World X of the centre of cell `index`, metres. */
export function cellX(grid: ClearanceGrid, index: number): number {
  return grid.originX + ((index % grid.cols) + 0.5) * grid.cellSize;
}

/** World Y of the centre of cell `index`, metres. */
export function cellY(grid: ClearanceGrid, index: number): number {
  return grid.originY + (Math.floor(index / grid.cols) + 0.5) * grid.cellSize;
}

/** Clearance at world point (x, y) (of its cell), metres; 0 outside the grid. */
export function clearanceAt(grid: ClearanceGrid, x: number, y: number): number {
  const i = cellAt(grid, x, y);
  return i < 0 ? 0 : grid.clearance[i]!;
}
