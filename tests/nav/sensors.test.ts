/**
 * Ray-cast sensors against known geometry: lidar ranges and depth pixels
 * without noise, and the statistics of their noise (bias, Gaussian spread,
 * dropout as 0, "no return").
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SceneDoc } from '../../scenes/schema/scene';
import { DepthCamera, DriveBase, Lidar, lidarAngles, lidarNames, depthNames, RayCaster, runNavigationEpisode } from '../../workers/nav';
import type { Rapier } from '../../workers/physics/rapier';
import { buildWorld, type BuiltWorld } from '../../workers/physics/world';
import { navScene, rapier, specOf, wall } from './builders';

let R: Rapier;
beforeAll(async () => {
  R = await rapier();
});

const worlds: BuiltWorld[] = [];
afterEach(() => {
  for (const w of worlds.splice(0)) w.world.free();
});

/** The scene's world with the base added, freed after the test. */
function rig(scene: SceneDoc): { built: BuiltWorld; base: DriveBase } {
  const robot = scene.robots[0]!;
  if (robot.type !== 'diff-drive') throw new Error('needs a diff-drive robot');
  const built = buildWorld(R, scene, {});
  worlds.push(built);
  return { built, base: new DriveBase(R, built, robot) };
}

/** Walls of a closed 4 x 4 m room centred on the origin (inner faces at +-1.95 m). */
const ROOM = [
  wall('n', [0, 2], [4.1, 0.1], { height: 2 }),
  wall('s', [0, -2], [4.1, 0.1], { height: 2 }),
  wall('e', [2, 0], [0.1, 4.1], { height: 2 }),
  wall('w', [-2, 0], [0.1, 4.1], { height: 2 }),
];

/** Distance from (0, 0) to the room's inner walls along direction angle a (radians). */
function roomRange(a: number): number {
  return Math.min(1.95 / Math.abs(Math.cos(a)), 1.95 / Math.abs(Math.sin(a)));
}

describe('lidar', () => {
  it('spreads rays counter-clockwise over the field of view, centred on the heading', () => {
    const full = lidarAngles({ rays: 4, fovDeg: 360 });
    expect(Array.from(full)).toEqual([-Math.PI, -Math.PI / 2, 0, Math.PI / 2]);
    const partial = lidarAngles({ rays: 3, fovDeg: 90 });
    expect(Array.from(partial).map((a) => (a * 180) / Math.PI)).toEqual([-45, 0, 45].map((d) => expect.closeTo(d, 12)));
    expect(lidarNames(360).slice(0, 2)).toEqual(['range_000', 'range_001']);
  });

  it('reads a wall at a known distance within 1 cm without noise', () => {
    for (const yawDeg of [0, 90, 33]) {
      const scene = navScene({ bodies: ROOM, start: [0, 0, yawDeg], goal: [1, 1], robot: { lidar: { rays: 360, fovDeg: 360, rangeMin: 0.05, rangeMax: 8, mountHeight: 0.2 } } });
      const record = runNavigationEpisode(R, specOf(scene), {});
      const scan = record.channels['observation.scan']!;
      expect(scan.names).toHaveLength(360);
      const angles = lidarAngles({ rays: 360, fovDeg: 360 });
      const yaw = (yawDeg * Math.PI) / 180;
      for (let i = 0; i < 360; i++) expect(Math.abs(scan.data[i]! - roomRange(yaw + angles[i]!))).toBeLessThan(0.01);
      expect(scan.data[180]).toBeCloseTo(yawDeg === 33 ? 1.95 / Math.cos(yaw) : 1.95, 2);
    }
  });

  it('clips to rangeMax where nothing is hit and to rangeMin up close', () => {
    const scene = navScene({ bodies: [wall('near', [0.3, 0], [0.1, 0.2])], start: [0, 0, 0], goal: [-2, 0], robot: { lidar: { rays: 4, fovDeg: 360, rangeMin: 0.5, rangeMax: 3, mountHeight: 0.2 } } });
    const { built, base } = rig(scene);
    const lidar = new Lidar(R, built.world, { rays: 4, fovDeg: 360, rangeMin: 0.5, rangeMax: 3, mountHeight: 0.2, noise: { gaussianStd: 0, bias: 0, dropout: 0 } }, base.body, 'seed');
    const out = new Float32Array(4);
    lidar.scan(base.pose, base.floorZ, out);
    expect(Array.from(out)).toEqual([3, 3, 0.5, 3]);
  });

  it('has the configured bias, spread and dropout', () => {
    const scene = navScene({ bodies: ROOM, start: [0, 0, 0], goal: [1, 1] });
    const { built, base } = rig(scene);
    const noise = { gaussianStd: 0.03, bias: 0.02, dropout: 0.1 };
    const spec = { rays: 360, fovDeg: 360, rangeMin: 0.05, rangeMax: 8, mountHeight: 0.2 };
    const lidar = new Lidar(R, built.world, { ...spec, noise }, base.body, '00000000000000000000000000000042');
    const angles = lidarAngles(spec);
    const out = new Float32Array(360);
    const residuals: number[] = [];
    let dropped = 0;
    const scans = 100;
    for (let k = 0; k < scans; k++) {
      lidar.scan(base.pose, base.floorZ, out);
      for (let i = 0; i < 360; i++) {
        if (out[i] === 0) dropped++;
        else residuals.push(out[i]! - roomRange(angles[i]!));
      }
    }
    const n = residuals.length;
    const mean = residuals.reduce((a, b) => a + b, 0) / n;
    const std = Math.sqrt(residuals.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
    const total = scans * 360;
    // Float32 storage adds < 1e-6 m; the tolerances are 5 standard errors.
    expect(Math.abs(mean - noise.bias)).toBeLessThan((5 * noise.gaussianStd) / Math.sqrt(n));
    expect(Math.abs(std / noise.gaussianStd - 1)).toBeLessThan(5 / Math.sqrt(2 * n));
    expect(Math.abs(dropped / total - noise.dropout)).toBeLessThan(5 * Math.sqrt((noise.dropout * (1 - noise.dropout)) / total));
  });
});

describe('depth camera', () => {
  it('measures z-depth of a facing wall and of the floor', () => {
    const depth = { width: 16, height: 12, fovYDeg: 45, rangeMax: 6, mountHeight: 0.3, noise: { gaussianStd: 0, bias: 0, dropout: 0 } };
    const scene = navScene({ bodies: [wall('front', [3, 0], [0.1, 8], { height: 2 })], start: [0, 0, 0], goal: [-2, 0], robot: { depth } });
    const record = runNavigationEpisode(R, specOf(scene), {});
    const image = record.channels['observation.depth']!;
    expect(image.names).toEqual(depthNames(16, 12));
    expect(image.names[17]).toBe('d_01_01');
    const f = 6 / Math.tan((22.5 * Math.PI) / 180);
    for (let r = 0; r < 12; r++) {
      const down = (r + 0.5 - 6) / f; // metres of drop per metre forward
      const floorDepth = down > 0 ? 0.3 / down : Infinity;
      for (let c = 0; c < 16; c++) expect(Math.abs(image.data[r * 16 + c]! - Math.min(2.95, floorDepth))).toBeLessThan(0.01);
    }
  });

  it('has the configured bias, spread and dropout', () => {
    const scene = navScene({ bodies: ROOM, start: [0, 0, 0], goal: [1, 1] });
    const { built, base } = rig(scene);
    const clean = { width: 8, height: 6, fovYDeg: 30, rangeMax: 6, mountHeight: 0.6, noise: { gaussianStd: 0, bias: 0, dropout: 0 } };
    const truth = new Float32Array(48);
    new DepthCamera(R, built.world, clean, base.body, 'a').render(base.pose, base.floorZ, truth);
    const noise = { gaussianStd: 0.05, bias: -0.03, dropout: 0.2 };
    const camera = new DepthCamera(R, built.world, { ...clean, noise }, base.body, 'b');
    const out = new Float32Array(48);
    const residuals: number[] = [];
    let dropped = 0;
    for (let k = 0; k < 400; k++) {
      camera.render(base.pose, base.floorZ, out);
      for (let i = 0; i < 48; i++) {
        if (out[i] === 0) dropped++;
        else residuals.push(out[i]! - truth[i]!);
      }
    }
    const n = residuals.length;
    const mean = residuals.reduce((a, b) => a + b, 0) / n;
    const std = Math.sqrt(residuals.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
    expect(Math.abs(mean - noise.bias)).toBeLessThan((5 * noise.gaussianStd) / Math.sqrt(n));
    expect(Math.abs(std / noise.gaussianStd - 1)).toBeLessThan(5 / Math.sqrt(2 * n));
    expect(Math.abs(dropped / (400 * 48) - noise.dropout)).toBeLessThan(5 * Math.sqrt((0.2 * 0.8) / (400 * 48)));
  });
});

describe('ray caster', () => {
  it('returns what world.castRay returns', () => {
    const scene = navScene({ bodies: [...ROOM, wall('box', [1, 1], [0.5, 0.5], { yawDeg: 30 })], start: [0, 0, 0], goal: [1, 1] });
    const { built, base } = rig(scene);
    const ray = new R.Ray({ x: 0.1, y: -0.2, z: 0.25 }, { x: 1, y: 0, z: 0 });
    const caster = new RayCaster(R, built.world, base.body);
    caster.from(0.1, -0.2, 0.25, (cast) => {
      for (let k = 0; k < 200; k++) {
        const a = k * 0.0314159;
        const dz = -0.3 + (k % 7) * 0.1;
        const norm = Math.hypot(1, dz);
        ray.dir = { x: Math.cos(a) / norm, y: Math.sin(a) / norm, z: dz / norm };
        const expected = built.world.castRay(ray, 5, true, R.QueryFilterFlags.EXCLUDE_SENSORS, undefined, undefined, base.body);
        expect(cast(ray.dir.x, ray.dir.y, ray.dir.z, 5)).toBe(expected ? expected.timeOfImpact : -1);
      }
    });
  });
});
