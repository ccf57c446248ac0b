/**
 * Label correctness in Chromium (SwiftShader): a box of known size and pose
 * seen by a known camera gives depth, masks, 2D and 3D boxes and camera
 * matrices that match an independent analytic model; a second box in front
 * gives the visible fraction the analytic model predicts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CameraFrame } from '../../renderer/frames/types';
import { corners, depthAt, distanceToBoundary, eulerMatrix, hull, pinhole, project, quatMatrix, type OBox, type Pinhole } from './analytic';
import { openRenderPage, type RenderPage } from './harness';
import { boxScene, type TestBox, type TestCamera } from './scenes';

const CAMERA: TestCamera = { position: [0.9, -0.7, 0.6], lookAt: [0, 0, 0.1], rollDeg: 7, fovYDeg: 25, width: 320, height: 240 };
const TARGET: TestBox = { id: 'crate', size: [0.3, 0.2, 0.1], position: [0.05, -0.02, 0.12], rotation: [10, -20, 35], instanceId: 7, className: 'crate', color: '#c04040' };
const FRONT: TestBox = { id: 'plank', size: [0.06, 0.5, 0.3], position: [0.3, -0.3, 0.2], rotation: [0, 0, 30], instanceId: 9, className: 'plank', color: '#4060c0' };
const SIDE: TestBox = { id: 'brick', size: [0.05, 0.05, 0.05], position: [-0.2, 0.6, 0.05], rotation: [0, 0, 0], instanceId: 12, className: 'brick' };

const obox = (b: TestBox): OBox => ({ center: b.position, size: b.size, R: eulerMatrix(b.rotation) });
const cam: Pinhole = pinhole(CAMERA.position, CAMERA.lookAt, CAMERA.rollDeg, CAMERA.fovYDeg, CAMERA.width, CAMERA.height);

let page: RenderPage;
beforeAll(async () => {
  page = await openRenderPage();
}, 120_000);
afterAll(async () => {
  await page?.close();
});

async function renderBoxes(boxes: TestBox[]): Promise<{ view: CameraFrame; classes: string[] }> {
  const episode = await page.render({ scene: boxScene(boxes, CAMERA), cameraIds: ['cam'] });
  expect(page.errors).toEqual([]);
  return { view: episode.views[0]![0]!, classes: episode.classes };
}

describe('labels of one box', () => {
  let view: CameraFrame;
  let classes: string[];
  const box = obox(TARGET);
  const W = CAMERA.width;
  const H = CAMERA.height;
  const polygon = hull(corners(box).map((p) => project(cam, p).slice(0, 2) as [number, number]));

  beforeAll(async () => {
    ({ view, classes } = await renderBoxes([TARGET]));
  }, 60_000);

  it('has the documented intrinsics and OpenCV extrinsics', () => {
    expect(view.intrinsics).toHaveLength(9);
    const K = [cam.f, 0, W / 2, 0, cam.f, H / 2, 0, 0, 1];
    view.intrinsics.forEach((k, i) => expect(k).toBeCloseTo(K[i]!, 9));
    const t = cam.R.map((row) => -(row[0] * cam.c[0] + row[1] * cam.c[1] + row[2] * cam.c[2]));
    const E = [...cam.R[0], t[0]!, ...cam.R[1], t[1]!, ...cam.R[2], t[2]!, 0, 0, 0, 1];
    view.extrinsics.forEach((e, i) => expect(e).toBeCloseTo(E[i]!, 9));
  });

  it('gives metric z-depth on the faces (1 mm + 0.2%) and 0 on the background', () => {
    let compared = 0;
    let worst = 0;
    for (let r = 0; r < H; r++) {
      for (let c = 0; c < W; c++) {
        const i = r * W + c;
        const z = depthAt(cam, box, c, r);
        const d = view.depth![i]!;
        if (view.instance![i] === 0) expect(d).toBe(0);
        if (z === null || view.instance![i] !== TARGET.instanceId) continue;
        worst = Math.max(worst, Math.abs(d - z) / (1e-3 + 2e-3 * z));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(2000);
    expect(worst).toBeLessThanOrEqual(1);
  });

  it('masks the projected polygon of the box (IoU > 0.98, differences only on edge pixels)', () => {
    let both = 0;
    let either = 0;
    for (let r = 0; r < H; r++) {
      for (let c = 0; c < W; c++) {
        const inside = depthAt(cam, box, c, r) !== null;
        const masked = view.instance![r * W + c] === TARGET.instanceId;
        if (inside && masked) both++;
        if (inside || masked) either++;
        if (inside !== masked) expect(distanceToBoundary(polygon, c + 0.5, r + 0.5)).toBeLessThan(1);
        expect(view.semantic![r * W + c]).toBe(masked ? classes.indexOf('crate') : 0);
      }
    }
    expect(both / either).toBeGreaterThan(0.98);
    expect(classes).toEqual(['background', 'crate', 'gripper']);
  });

  it('puts the 2D box on the projected corners (within 1 px) with the whole box visible', () => {
    const us = polygon.map((p) => p[0]);
    const vs = polygon.map((p) => p[1]);
    const [b] = view.boxes2d!;
    expect(view.boxes2d).toHaveLength(1);
    expect(b!.id).toBe('crate');
    expect(Math.abs(b!.x0 - Math.min(...us))).toBeLessThanOrEqual(1);
    expect(Math.abs(b!.x1 - Math.max(...us))).toBeLessThanOrEqual(1);
    expect(Math.abs(b!.y0 - Math.min(...vs))).toBeLessThanOrEqual(1);
    expect(Math.abs(b!.y1 - Math.max(...vs))).toBeLessThanOrEqual(1);
    expect(b!.visiblePixels).toBe(view.instance!.filter((id) => id === TARGET.instanceId).length);
    expect(b!.unoccludedPixels).toBe(b!.visiblePixels);
    expect(b!.visibleFraction).toBe(1);
  });

  it('gives the oriented 3D box and its projected corners', () => {
    const b = view.boxes3d!.find((x) => x.id === 'crate')!;
    expect(b.center).toEqual(TARGET.position);
    expect(b.size).toEqual(TARGET.size);
    const R = quatMatrix(b.quaternion);
    R.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(box.R[i]![j]!, 9)));
    corners(box).forEach((p, i) => {
      const [u, v, z] = project(cam, p);
      expect(b.corners[2 * i]).toBeCloseTo(u, 6);
      expect(b.corners[2 * i + 1]).toBeCloseTo(v, 6);
      expect(b.cornerDepths[i]).toBeCloseTo(z, 9);
    });
  });
});

describe('occlusion', () => {
  it('gives the visible fraction of a box partly hidden behind another', async () => {
    const { view } = await renderBoxes([TARGET, FRONT, SIDE]);
    const [target, front, side] = [obox(TARGET), obox(FRONT), obox(SIDE)];
    let unoccluded = 0;
    let visible = 0;
    let sideCount = 0;
    for (let r = 0; r < CAMERA.height; r++) {
      for (let c = 0; c < CAMERA.width; c++) {
        const zt = depthAt(cam, target, c, r);
        const zf = depthAt(cam, front, c, r);
        if (depthAt(cam, side, c, r) !== null) sideCount++;
        if (zt === null) continue;
        unoccluded++;
        if (zf === null || zt < zf) visible++;
      }
    }
    const expected = visible / unoccluded;
    expect(expected).toBeGreaterThan(0.2);
    expect(expected).toBeLessThan(0.8);
    const byId = new Map(view.boxes2d!.map((b) => [b.id, b]));
    const t = byId.get('crate')!;
    expect(Math.abs(t.visibleFraction - expected)).toBeLessThan(0.01);
    expect(Math.abs(t.unoccludedPixels - unoccluded) / unoccluded).toBeLessThan(0.01);
    expect(t.visiblePixels).toBe(view.instance!.filter((id) => id === TARGET.instanceId).length);
    expect(byId.get('plank')!.visibleFraction).toBe(1);
    expect(sideCount).toBeGreaterThan(0);
    expect(byId.get('brick')!.visibleFraction).toBe(1);
    expect(Math.abs(byId.get('brick')!.unoccludedPixels - sideCount)).toBeLessThanOrEqual(Math.max(2, sideCount * 0.05));
  });
});

