/**
 * A* over the 8-connected clearance grid to a disk-shaped goal region.
 * A cell is free when its clearance reaches `freeClearance`. A start inside
 * the inflated zone (too close to an obstacle) may escape: from a non-free
 * cell the search may enter non-free cells whose clearance strictly grows.
 */
import { cellX, cellY, type ClearanceGrid } from './grid';

export interface AStarQuery {
  /** Start cell index. */
  start: number;
  /** Goal region: centre (metres) and radius (metres); any free cell whose centre lies inside ends the search. */
  goalX: number;
  goalY: number;
  goalRadius: number;
  /** Minimum clearance of a free cell, metres. */
  freeClearance: number;
  /**
   * Extra cost factor (>= 0) of entering a free cell with this clearance
   * (metres); a step costs length * (1 + penalty). Defaults to 0 (shortest paths).
   */
  penalty?: (clearance: number) => number;
  /** Extra cost factor of escape steps through non-free cells (default 4). */
  escapePenalty?: number;
}

const SQRT2 = Math.SQRT2;

/** Cell indices from start to the first goal cell reached, or undefined when none can be reached. */
export function astar(grid: ClearanceGrid, q: AStarQuery): Int32Array | undefined {
  const { cols, rows, clearance, cellSize } = grid;
  const n = cols * rows;
  if (q.start < 0 || q.start >= n) return undefined;
  const free = q.freeClearance;
  const penalty = q.penalty;
  const escape = q.escapePenalty ?? 4;
  const r2 = q.goalRadius * q.goalRadius;
  const isTarget = (i: number): boolean => {
    if (clearance[i]! < free) return false;
    const dx = cellX(grid, i) - q.goalX;
    const dy = cellY(grid, i) - q.goalY;
    return dx * dx + dy * dy <= r2;
  };
  const heuristic = (i: number): number => Math.max(0, Math.hypot(cellX(grid, i) - q.goalX, cellY(grid, i) - q.goalY) - q.goalRadius);

  const g = new Float64Array(n).fill(Infinity);
  const parent = new Int32Array(n).fill(-1);
  const closed = new Uint8Array(n);
  const heap = new MinHeap();
  g[q.start] = 0;
  heap.push(heuristic(q.start), q.start);

  const dcs = [1, -1, 0, 0, 1, 1, -1, -1];
  const drs = [0, 0, 1, -1, 1, -1, 1, -1];
  while (heap.size > 0) {
    const u = heap.pop();
    if (closed[u]) continue;
    closed[u] = 1;
    if (isTarget(u)) return tracePath(parent, u);
    const cu = u % cols;
    const ru = (u - cu) / cols;
    const clrU = clearance[u]!;
    const uFree = clrU >= free;
    for (let k = 0; k < 8; k++) {
      const dc = dcs[k]!;
      const dr = drs[k]!;
      const c = cu + dc;
      const r = ru + dr;
      if (c < 0 || r < 0 || c >= cols || r >= rows) continue;
      const v = r * cols + c;
      if (closed[v]) continue;
      const clrV = clearance[v]!;
      const vFree = clrV >= free;
      if (!vFree && (uFree || clrV <= clrU)) continue;
      if (dc !== 0 && dr !== 0) {
        const need = Math.min(free, clrU);
        if (clearance[ru * cols + c]! < need || clearance[r * cols + cu]! < need) continue;
      }
      const length = dc !== 0 && dr !== 0 ? SQRT2 * cellSize : cellSize;
      const factor = vFree ? 1 + (penalty ? penalty(clrV) : 0) : 1 + escape;
      const cost = g[u]! + length * factor;
      if (cost < g[v]!) {
        g[v] = cost;
        parent[v] = u;
        heap.push(cost + heuristic(v), v);
      }
    }
  }
  return undefined;
}

function tracePath(parent: Int32Array, end: number): Int32Array {
  const cells: number[] = [];
  for (let i = end; i !== -1; i = parent[i]!) cells.push(i);
  cells.reverse();
  return Int32Array.from(cells);
}

/** Binary min-heap of (priority, cell) with FIFO order among equal priorities (deterministic). */
class MinHeap {
  private keys: number[] = [];
  private values: number[] = [];
  private order: number[] = [];
  private counter = 0;

  get size(): number {
    return this.keys.length;
  }

  push(key: number, value: number): void {
    const keys = this.keys;
    const values = this.values;
    const order = this.order;
    let i = keys.length;
    const seq = this.counter++;
    keys.push(key);
    values.push(value);
    order.push(seq);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (keys[p]! < key || (keys[p] === key && order[p]! < seq)) break;
      keys[i] = keys[p]!;
      values[i] = values[p]!;
      order[i] = order[p]!;
      i = p;
    }
    keys[i] = key;
    values[i] = value;
    order[i] = seq;
  }

  pop(): number {
    const keys = this.keys;
    const values = this.values;
    const order = this.order;
    const top = values[0]!;
    const lastKey = keys.pop()!;
    const lastValue = values.pop()!;
    const lastOrder = order.pop()!;
    const n = keys.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        let m = l;
        if (r < n && (keys[r]! < keys[l]! || (keys[r] === keys[l] && order[r]! < order[l]!))) m = r;
        if (keys[m]! > lastKey || (keys[m] === lastKey && order[m]! > lastOrder)) break;
        keys[i] = keys[m]!;
        values[i] = values[m]!;
        order[i] = order[m]!;
        i = m;
      }
      keys[i] = lastKey;
      values[i] = lastValue;
      order[i] = lastOrder;
    }
    return top;
  }
}
