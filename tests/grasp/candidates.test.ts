/**
 * Antipodal candidate sampling: contacts on the target's surface with
 * normals opposite within the friction cone, approach directions as the
 * task restricts them, widths the gripper can span, seeded by the episode.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { planGrasps, runGraspEpisode, type GraspCandidate } from '../../workers/grasp';
import type { Vec3 } from '../../workers/physics/math';
import { loadRapier, type Rapier } from '../../workers/physics/rapier';
import { boxOnTable, graspScene, specOf, TABLE_TOP } from './builders';

let R: Rapier;
beforeAll(async () => {
  R = await loadRapier();
});

const dot = (a: Vec3, b: Vec3): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const len = (a: Vec3): number => Math.hypot(a[0], a[1], a[2]);
const deg = (rad: number): number => (rad * 180) / Math.PI;

/** Half extents of the test box, metres. */
const HALF: Vec3 = [0.04, 0.025, 0.03];
const boxScene = (approachDirections: 'top' | 'side' | 'any', maxOpening = 0.12) =>
  graspScene({
    target: boxOnTable('box', [2 * HALF[0], 2 * HALF[1], 2 * HALF[2]], 0.5),
    gripper: { maxOpening },
    task: { approachDirections, frictionConeDeg: 15 },
  });

/** Outward normal of the box face a point lies on (the box is axis-aligned at (0, 0, TABLE_TOP + HALF z)). */
function faceNormal(p: Vec3): Vec3 {
  const local: Vec3 = [p[0], p[1], p[2] - (TABLE_TOP + HALF[2])];
  const k = [0, 1, 2].reduce((best, i) => (Math.abs(local[i]!) / HALF[i]! > Math.abs(local[best]!) / HALF[best]! ? i : best), 0);
  const n: Vec3 = [0, 0, 0];
  n[k] = Math.sign(local[k]!);
  return n;
}

function expectAntipodal(c: GraspCandidate, coneDeg: number, maxWidth: number): void {
  const [p1, p2] = c.contacts;
  expect(Math.abs(len(c.closingAxis) - 1)).toBeLessThan(1e-9);
  expect(Math.abs(len(c.approach) - 1)).toBeLessThan(1e-9);
  expect(Math.abs(dot(c.closingAxis, c.approach))).toBeLessThan(1e-9);
  // Both contacts lie on the surface, on faces whose normals oppose each other within the cone of the closing axis.
  const n1 = faceNormal(p1);
  const n2 = faceNormal(p2);
  expect(deg(Math.acos(Math.min(1, -dot(n1, c.closingAxis))))).toBeLessThanOrEqual(coneDeg + 1e-6);
  expect(deg(Math.acos(Math.min(1, dot(n2, c.closingAxis))))).toBeLessThanOrEqual(coneDeg + 1e-6);
  expect(c.width).toBeLessThanOrEqual(maxWidth);
  expect(Math.abs(len([p2[0] - p1[0], p2[1] - p1[1], p2[2] - p1[2]]) - c.width)).toBeLessThan(1e-9);
}

describe('antipodal grasp candidates', () => {
  it('approach a box from straight above with a horizontal closing axis (top)', () => {
    const set = planGrasps(R, specOf(boxScene('top')), {});
    expect(set.candidates.length).toBeGreaterThan(5);
    for (const c of set.candidates) {
      expect(c.approach).toEqual([0, 0, -1]);
      expect(Math.abs(c.closingAxis[2])).toBeLessThan(1e-9);
      expectAntipodal(c, 15, 0.11);
      // Never pinching through the top and bottom faces, which the table blocks.
      expect(Math.abs(faceNormal(c.contacts[0])[2])).toBe(0);
    }
  });

  it('approach horizontally from the side (side)', () => {
    const set = planGrasps(R, specOf(boxScene('side')), {});
    expect(set.candidates.length).toBeGreaterThan(5);
    for (const c of set.candidates) {
      expect(Math.abs(c.approach[2])).toBeLessThan(1e-9);
      expectAntipodal(c, 15, 0.11);
    }
  });

  it('approach from any direction perpendicular to the closing axis, never through the table (any)', () => {
    const set = planGrasps(R, specOf(boxScene('any')), {});
    expect(set.candidates.length).toBeGreaterThan(5);
    const tilts = set.candidates.map((c) => deg(Math.acos(-c.approach[2])));
    expect(Math.max(...tilts) - Math.min(...tilts)).toBeGreaterThan(20);
    for (const c of set.candidates) {
      expectAntipodal(c, 15, 0.11);
      // Coming up from below the table top is impossible for the open gripper.
      expect(c.approach[2]).toBeLessThan(0.5);
    }
  });

  it('excludes widths the gripper cannot span, down to no candidate at all', () => {
    // The box is 5, 6 and 8 cm across; an 8 cm opening leaves only the 5 and 6 cm spans.
    const set = planGrasps(R, specOf(boxScene('top', 0.08)), {});
    expect(set.candidates.length).toBeGreaterThan(0);
    for (const c of set.candidates) expect(c.width).toBeLessThanOrEqual(0.07);

    const none = runGraspEpisode(R, specOf(boxScene('top', 0.05)), {});
    expect(none.outcome).toBe('no_candidate');
    expect(none.frames).toBe(0);
    expect(none.metrics.candidateCount).toBe(0);
    expect(none.detail).toMatch(/no reachable antipodal grasp on "box": \d+ surface points, \d+ antipodal pairs/);
    for (const channel of Object.values(none.channels)) expect(channel.data.length).toBe(0);
  });

  it('are drawn from the episode seed', () => {
    const scene = boxScene('any');
    const a = planGrasps(R, specOf(scene, 7, 0), {});
    const b = planGrasps(R, specOf(scene, 7, 0), {});
    const c = planGrasps(R, specOf(scene, 7, 1), {});
    expect(b).toEqual(a);
    expect(c.candidates).not.toEqual(a.candidates);
  });
});
