/**
 * The base in the physics world and its actuation: commands are delayed and
 * perturbed as configured, walls stop the base, and collisions are counted
 * as contact episodes.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../scenes/rng';
import { Actuator, DriveBase, makePolyline, PathFollower, defaultFollowerParams, wrapAngle } from '../../workers/nav';
import type { Rapier } from '../../workers/physics/rapier';
import { buildWorld, type BuiltWorld } from '../../workers/physics/world';
import { navScene, rapier, wall } from './builders';

let R: Rapier;
beforeAll(async () => {
  R = await rapier();
});

const worlds: BuiltWorld[] = [];
const bases: DriveBase[] = [];
afterEach(() => {
  for (const b of bases.splice(0)) b.free();
  for (const w of worlds.splice(0)) w.world.free();
});

/** A base of radius 0.2 m at the origin heading +X, with a wall whose near face is at x = 0.95 m. */
function baseBeforeWall(stepHz = 240): { base: DriveBase; dt: number } {
  const scene = navScene({ bodies: [wall('w', [1, 0], [0.1, 4])], start: [0, 0, 0], goal: [-2, 0], stepHz });
  const robot = scene.robots[0]!;
  if (robot.type !== 'diff-drive') throw new Error('needs a diff-drive robot');
  const built = buildWorld(R, scene, {});
  worlds.push(built);
  const base = new DriveBase(R, built, robot);
  bases.push(base);
  return { base, dt: built.dt };
}

function drive(base: DriveBase, dt: number, linear: number, angular: number, seconds: number): void {
  for (let s = 0; s < Math.round(seconds / dt); s++) base.step(linear, angular, dt);
}

describe('actuation', () => {
  it('applies a command after the latency, rounded to whole steps', () => {
    const actuator = new Actuator({ maxLinear: 1, maxAngular: 1, noiseStd: 0, latency: 0.05 }, 240, new Rng([1, 2, 3, 4]));
    actuator.issue(10, { linear: 0.5, angular: -0.25 });
    expect(actuator.at(21)).toEqual({ linear: 0, angular: 0 });
    expect(actuator.at(22)).toEqual({ linear: 0.5, angular: -0.25 });
    actuator.issue(30, { linear: 0.1, angular: 0 });
    expect(actuator.at(41)).toEqual({ linear: 0.5, angular: -0.25 });
    expect(actuator.at(42)).toEqual({ linear: 0.1, angular: 0 });
  });

  it('scales commands by relative noise of the configured spread and saturates at the limits', () => {
    const actuator = new Actuator({ maxLinear: 10, maxAngular: 10, noiseStd: 0.1, latency: 0 }, 240, Rng.fromKey('actuation test'));
    const ratios: number[] = [];
    for (let k = 0; k < 20000; k++) ratios.push(actuator.issue(k, { linear: 2, angular: 1 }).linear / 2);
    const mean = ratios.reduce((a, b) => a + b, 0) / ratios.length;
    const std = Math.sqrt(ratios.reduce((a, b) => a + (b - mean) ** 2, 0) / (ratios.length - 1));
    expect(Math.abs(mean - 1)).toBeLessThan(5 * (0.1 / Math.sqrt(20000)));
    expect(Math.abs(std / 0.1 - 1)).toBeLessThan(5 / Math.sqrt(2 * 20000));
    const saturated = new Actuator({ maxLinear: 1, maxAngular: 1, noiseStd: 0.5, latency: 0 }, 240, Rng.fromKey('saturation'));
    for (let k = 0; k < 1000; k++) expect(Math.abs(saturated.issue(k, { linear: 1, angular: -1 }).linear)).toBeLessThanOrEqual(1);
  });
});

describe('drive base', () => {
  it('drives straight and turns at the commanded rates', () => {
    const { base, dt } = baseBeforeWall();
    drive(base, dt, 0.5, 0, 1);
    expect(base.pose.x).toBeCloseTo(0.5, 4);
    expect(base.linearVelocity).toBeCloseTo(0.5, 4);
    drive(base, dt, 0, Math.PI / 2, 1);
    expect(base.pose.yaw).toBeCloseTo(Math.PI / 2, 9);
    expect(base.pose.x).toBeCloseTo(0.5, 4);
    expect(base.collisions).toBe(0);
  });

  it('stops at a wall instead of passing through it, even at top speed', () => {
    const { base, dt } = baseBeforeWall();
    for (let s = 0; s < 480; s++) {
      base.step(5, 0, dt);
      expect(base.pose.x).toBeLessThanOrEqual(0.95 - 0.2 + 1e-3);
    }
    expect(base.pose.x).toBeGreaterThan(0.95 - 0.2 - 0.01);
    expect(base.linearVelocity).toBeCloseTo(0, 2);
    expect(base.inContact).toBe(true);
  });

  it('counts each contact episode once, however long it lasts', () => {
    const { base, dt } = baseBeforeWall();
    drive(base, dt, 1, 0, 2);
    expect(base.collisions).toBe(1);
    drive(base, dt, 0.5, 0, 1);
    expect(base.collisions).toBe(1);
    drive(base, dt, -0.5, 0, 0.5);
    expect(base.inContact).toBe(false);
    drive(base, dt, 0.5, 0, 1);
    expect(base.collisions).toBe(2);
  });

  it('slides along a wall it meets at an angle', () => {
    const { base, dt } = baseBeforeWall();
    base.pose.yaw = Math.PI / 4;
    drive(base, dt, 0.5, 0, 4);
    expect(base.pose.x).toBeLessThanOrEqual(0.75 + 1e-3);
    expect(base.pose.y).toBeGreaterThan(1.0);
    expect(base.collisions).toBe(1);
  });
});

describe('path follower', () => {
  it('converges onto a straight path from an offset start and arrives at its end', () => {
    const { base, dt } = baseBeforeWall();
    base.pose.y = 0.3;
    base.pose.yaw = wrapAngle(2);
    const path = makePolyline([0, -1, -3, -1]);
    const follower = new PathFollower(path, defaultFollowerParams(0.8, 2));
    for (let k = 0; k < 100; k++) {
      const command = follower.command(base.pose);
      drive(base, dt, command.linear, command.angular, 0.1);
    }
    expect(Math.hypot(base.pose.x + 3, base.pose.y + 1)).toBeLessThan(0.1);
    expect(follower.remaining).toBeLessThan(0.1);
  });
});
