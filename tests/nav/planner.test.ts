/**
 * The occupancy grid and the global planner: footprints of scene bodies in
 * the robot's height band, clearance values, A* through gaps, inflation, and
 * the shortest path length used for SPL.
 */
import { describe, expect, it } from 'vitest';
import type { SceneDoc } from '../../scenes/schema/scene';
import {
  astar,
  bodyFootprint,
  buildNavGrid,
  cellAt,
  clearanceAt,
  GROUND_CLEARANCE,
  planPath,
  shortestPathLength,
  type ClearanceGrid,
  type Disk,
  type Polyline,
} from '../../workers/nav';
import { navScene, wall } from './builders';

const RADIUS = 0.2;
const INFLATION = 0.05;

function gridOf(scene: SceneDoc): ClearanceGrid {
  const robot = scene.robots[0]!;
  const task = scene.task;
  if (robot.type !== 'diff-drive' || task.type !== 'navigation') throw new Error('not a navigation scene');
  const start: [number, number] = [robot.pose.position[0], robot.pose.position[1]];
  return buildNavGrid(scene, { lo: GROUND_CLEARANCE, hi: robot.height }, {}, task.cellSize, [start, task.goal.position], 1);
}

function goalOf(scene: SceneDoc): Disk {
  const task = scene.task;
  if (task.type !== 'navigation') throw new Error('not a navigation scene');
  return { x: task.goal.position[0], y: task.goal.position[1], radius: task.goal.radius };
}

function startOf(scene: SceneDoc): [number, number] {
  const p = scene.robots[0]!.pose.position;
  return [p[0], p[1]];
}

/** The y values where the polyline crosses the vertical line x = x0. */
function crossingsAtX(path: Polyline, x0: number): number[] {
  const ys: number[] = [];
  for (let i = 1; i < path.xy.length / 2; i++) {
    const [ax, ay, bx, by] = [path.xy[2 * i - 2]!, path.xy[2 * i - 1]!, path.xy[2 * i]!, path.xy[2 * i + 1]!];
    if ((ax - x0) * (bx - x0) <= 0 && ax !== bx) ys.push(ay + ((x0 - ax) / (bx - ax)) * (by - ay));
  }
  return ys;
}

/** The smallest clearance met along the polyline (sampled every 2 cm), metres. */
function minClearanceAlong(grid: ClearanceGrid, path: Polyline): number {
  let low = Infinity;
  for (let i = 1; i < path.xy.length / 2; i++) {
    const [ax, ay, bx, by] = [path.xy[2 * i - 2]!, path.xy[2 * i - 1]!, path.xy[2 * i]!, path.xy[2 * i + 1]!];
    const n = Math.ceil(Math.hypot(bx - ax, by - ay) / 0.02);
    for (let k = 0; k <= n; k++) low = Math.min(low, clearanceAt(grid, ax + ((bx - ax) * k) / n, ay + ((by - ay) * k) / n));
  }
  return low;
}

/** A wall across x = 1.5 from y = -3 to 3 with a gap of `gap` metres centred at y = 1.5. */
function wallWithGap(gap: number): ReturnType<typeof wall>[] {
  const lowTop = 1.5 - gap / 2;
  const highBottom = 1.5 + gap / 2;
  return [
    wall('wall-low', [1.5, (-3 + lowTop) / 2], [0.1, lowTop + 3]),
    wall('wall-high', [1.5, (highBottom + 3) / 2], [0.1, 3 - highBottom]),
  ];
}

/** A 2 x 2 m room centred at (x, y) whose west wall has a door `door` metres wide centred on y (none when 0). */
function roomAround(x: number, y: number, door: number): ReturnType<typeof wall>[] {
  const walls = [wall('n', [x, y + 1], [2.1, 0.1]), wall('s', [x, y - 1], [2.1, 0.1]), wall('e', [x + 1, y], [0.1, 2.1])];
  if (door === 0) return [...walls, wall('w', [x - 1, y], [0.1, 2.1])];
  const piece = (2.1 - door) / 2;
  return [...walls, wall('w-low', [x - 1, y - door / 2 - piece / 2], [0.1, piece]), wall('w-high', [x - 1, y + door / 2 + piece / 2], [0.1, piece])];
}

describe('footprints', () => {
  it('projects a box rotated about Z to its rotated rectangle', () => {
    const body = navScene({ bodies: [wall('b', [1, 2], [2, 1], { yawDeg: 90 })] }).bodies[1]!;
    const fp = bodyFootprint(body, { lo: 0.02, hi: 0.3 }, {})!;
    expect(fp.points.length).toBe(8);
    expect(fp.bounds[0]).toBeCloseTo(0.5, 9);
    expect(fp.bounds[2]).toBeCloseTo(1.5, 9);
    expect(fp.bounds[1]).toBeCloseTo(1, 9);
    expect(fp.bounds[3]).toBeCloseTo(3, 9);
  });

  it('projects a mesh to the hull of its scaled, posed vertices', () => {
    const scene = navScene({
      bodies: [{ id: 'rock', kind: 'static', shape: { type: 'mesh', asset: 'meshes/tetra.obj', scale: [2, 1, 1] }, pose: { position: [1, 1, 0] }, semantic: { class: 'rock', instanceId: 1 } }],
    });
    const tetra = new Float32Array([0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1]);
    const fp = bodyFootprint(scene.bodies[1]!, { lo: 0.02, hi: 0.3 }, { 'meshes/tetra.obj': tetra })!;
    expect(fp.points.length).toBe(6);
    expect(fp.bounds).toEqual([1, 1, 3, 2]);
  });

  it('ignores bodies entirely above or below the height band', () => {
    const scene = navScene({ bodies: [wall('shelf', [1, 0], [1, 1], { height: 0.2, bottom: 0.5 })] });
    expect(bodyFootprint(scene.bodies[0]!, { lo: 0.02, hi: 0.3 }, {})).toBeUndefined(); // the floor slab
    expect(bodyFootprint(scene.bodies[1]!, { lo: 0.02, hi: 0.3 }, {})).toBeUndefined();
    expect(bodyFootprint(scene.bodies[1]!, { lo: 0.02, hi: 0.6 }, {})).toBeDefined();
  });
});

describe('clearance grid', () => {
  it('holds the exact distance from each cell centre to the nearest obstacle', () => {
    const scene = navScene({ bodies: [wall('w', [2, 0], [0.1, 2])] });
    const grid = gridOf(scene);
    const i = cellAt(grid, 1.0, 0.0);
    const cx = grid.originX + ((i % grid.cols) + 0.5) * grid.cellSize;
    expect(grid.clearance[i]).toBeCloseTo(1.95 - cx, 9);
    expect(clearanceAt(grid, 2, 0)).toBe(0);
    const corner = cellAt(grid, 2.6, 1.6);
    const ccx = grid.originX + ((corner % grid.cols) + 0.5) * grid.cellSize;
    const ccy = grid.originY + (Math.floor(corner / grid.cols) + 0.5) * grid.cellSize;
    expect(grid.clearance[corner]).toBeCloseTo(Math.min(1, Math.hypot(ccx - 2.05, ccy - 1)), 9);
  });
});

describe('A* planning', () => {
  it('goes through the gap of a wall, keeping the inflated clearance', () => {
    const scene = navScene({ bodies: wallWithGap(1.0), start: [0, 0, 0], goal: [3, 0] });
    const grid = gridOf(scene);
    const path = planPath(grid, startOf(scene), goalOf(scene), RADIUS, INFLATION)!;
    expect(path).toBeDefined();
    const ys = crossingsAtX(path, 1.5);
    expect(ys).toHaveLength(1);
    expect(ys[0]).toBeGreaterThan(1.0 + RADIUS + INFLATION - 0.03);
    expect(ys[0]).toBeLessThan(2.0 - RADIUS - INFLATION + 0.03);
    expect(minClearanceAlong(grid, path)).toBeGreaterThanOrEqual(RADIUS + INFLATION - grid.cellSize);
    const n = path.xy.length / 2;
    expect(Math.hypot(path.xy[2 * n - 2]! - 3, path.xy[2 * n - 1]!)).toBeLessThan(0.3);
  });

  it('finds no path when the goal is walled in', () => {
    const scene = navScene({ bodies: roomAround(3, 0, 0), start: [0, 0, 0], goal: [3, 0] });
    const grid = gridOf(scene);
    expect(planPath(grid, startOf(scene), goalOf(scene), RADIUS, INFLATION)).toBeUndefined();
    expect(shortestPathLength(grid, startOf(scene), goalOf(scene), RADIUS)).toBeNaN();
  });

  it('refuses a door the robot fits through only without inflation', () => {
    const scene = navScene({ bodies: roomAround(3, 0, 0.45), start: [0, 0, 0], goal: [3, 0] });
    const grid = gridOf(scene);
    expect(planPath(grid, startOf(scene), goalOf(scene), RADIUS, INFLATION)).toBeUndefined();
    expect(shortestPathLength(grid, startOf(scene), goalOf(scene), RADIUS)).toBeCloseTo(2.7, 1);
    const wider = navScene({ bodies: roomAround(3, 0, 0.6), start: [0, 0, 0], goal: [3, 0] });
    expect(planPath(gridOf(wider), startOf(wider), goalOf(wider), RADIUS, INFLATION)).toBeDefined();
  });

  it('escapes from a start inside the inflated zone', () => {
    const scene = navScene({ bodies: [wall('w', [0.27, 0], [0.1, 2])], start: [0, 0, 0], goal: [-3, 0] });
    const grid = gridOf(scene);
    expect(clearanceAt(grid, 0, 0)).toBeLessThan(RADIUS + INFLATION);
    const path = planPath(grid, [0, 0], goalOf(scene), RADIUS, INFLATION)!;
    expect(path).toBeDefined();
    expect(path.xy[2]).toBeLessThan(0);
  });

  it('moves diagonally on an open grid', () => {
    const grid: ClearanceGrid = { originX: 0, originY: 0, cellSize: 1, cols: 10, rows: 10, clearance: new Float64Array(100).fill(5), maxDistance: 5 };
    const cells = astar(grid, { start: 0, goalX: 7.5, goalY: 7.5, goalRadius: 0.1, freeClearance: 1 })!;
    expect(Array.from(cells)).toEqual([0, 11, 22, 33, 44, 55, 66, 77]);
  });
});

describe('shortest path length', () => {
  it('is the straight line to the goal disk in open space', () => {
    const scene = navScene({ start: [0, 0, 0], goal: [3, 0], goalRadius: 0.3 });
    expect(shortestPathLength(gridOf(scene), [0, 0], goalOf(scene), RADIUS)).toBeCloseTo(2.7, 2);
  });

  it('bends around a wall close to the true geodesic', () => {
    const scene = navScene({ bodies: [wall('w', [1.5, 0], [0.1, 2])], start: [0, 0, 0], goal: [3, 0], goalRadius: 0.3 });
    const length = shortestPathLength(gridOf(scene), [0, 0], goalOf(scene), RADIUS);
    // Geodesic for a 0.2 m disk: tangents to the two corners inflated by 0.2 m, and the straight run along the wall's end.
    const cornerX = 1.45;
    const cornerY = 1.0;
    const geodesicBound = 2 * Math.hypot(cornerX, cornerY + RADIUS) + 0.1 - 0.3;
    expect(length).toBeGreaterThan(geodesicBound - 0.1);
    expect(length).toBeLessThan(geodesicBound + 0.1);
  });
});
