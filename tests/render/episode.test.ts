/**
 * A real tabletop-grasp episode (runEpisode in Node, its pose track)
 * rendered in Chromium: the target's mask follows its pose through the
 * lift, every frame labels the target, and screenshots of the RGB image
 * and of the colourised instance mask go to tests/render/out/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RenderedEpisode } from '../../renderer/frames/episode';
import type { CameraFrame } from '../../renderer/frames/types';
import type { PoseTrack } from '../../exporters/episode';
import { sample, type EpisodeSpec } from '../../scenes/sample';
import { loadRapier } from '../../workers/physics/rapier';
import { runEpisode } from '../../workers/rollout/run-episode';
import { allMeshes } from '../pipeline/helpers';
import { openRenderPage, type RenderPage } from './harness';
import { loadPreset } from './scenes';

let page: RenderPage;
let spec: EpisodeSpec;
let poses: PoseTrack;
let episode: RenderedEpisode;
const FRAMES = [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120];

beforeAll(async () => {
  spec = sample(loadPreset('tabletop-grasp'), 7, 0);
  const record = runEpisode(await loadRapier(), spec, {});
  expect(record.outcome).toBe('success');
  poses = record.poses!;
  page = await openRenderPage();
  episode = await page.render({ scene: spec.scene, poses, cameraIds: ['front', 'wrist'], frames: FRAMES, seed: record.seed });
  expect(page.errors).toEqual([]);
}, 120_000);
afterAll(async () => {
  await page?.close();
});

/** The world position of `id` at `frame` of the track, metres. */
function positionAt(id: string, frame: number): [number, number, number] {
  const k = poses.ids.indexOf(id);
  const o = (frame * poses.ids.length + k) * 7;
  return [poses.data[o]!, poses.data[o + 1]!, poses.data[o + 2]!];
}

/** [u, v] of a world point through the view's own K and [R|t]. */
function projectWith(view: CameraFrame, p: [number, number, number]): [number, number] {
  const E = view.extrinsics;
  const K = view.intrinsics;
  const q = [0, 1, 2].map((r) => E[r * 4]! * p[0] + E[r * 4 + 1]! * p[1] + E[r * 4 + 2]! * p[2] + E[r * 4 + 3]!) as [number, number, number];
  return [K[0]! * (q[0] / q[2]) + K[2]!, K[4]! * (q[1] / q[2]) + K[5]!];
}

function centroid(view: CameraFrame, id: number): [number, number] {
  let [sx, sy, n] = [0, 0, 0];
  view.instance!.forEach((v, i) => {
    if (v !== id) return;
    sx += (i % view.width) + 0.5;
    sy += Math.floor(i / view.width) + 0.5;
    n++;
  });
  return [sx / n, sy / n];
}

/** A fixed colour per instance id (golden-angle hues), black background. */
function colourise(mask: Uint16Array): Uint8Array {
  const out = new Uint8Array(mask.length * 4);
  mask.forEach((id, i) => {
    const h = ((id * 137.508) % 360) / 60;
    const x = 1 - Math.abs((h % 2) - 1);
    const [r, g, b] = id === 0 ? [0, 0, 0] : h < 1 ? [1, x, 0] : h < 2 ? [x, 1, 0] : h < 3 ? [0, 1, x] : h < 4 ? [0, x, 1] : h < 5 ? [x, 0, 1] : [1, 0, x];
    out.set([r * 230 + (id ? 25 : 0), g * 230 + (id ? 25 : 0), b * 230 + (id ? 25 : 0), 255], i * 4);
  });
  return out;
}

describe('a tabletop-grasp episode', () => {
  it('renders every requested frame for both cameras', () => {
    expect(episode.frames).toEqual(FRAMES);
    expect(episode.views).toHaveLength(FRAMES.length);
    for (const [front, wrist] of episode.views) {
      expect([front!.width, front!.height, front!.rgb!.length, front!.depth!.length]).toEqual([256, 256, 256 * 256 * 4, 256 * 256]);
      expect([wrist!.width, wrist!.height, wrist!.instance!.length]).toEqual([128, 128, 128 * 128]);
      expect(wrist!.semantic).toBeUndefined(); // the wrist camera asks for rgb, depth and instance only
    }
  });

  it("moves the target's mask with its pose", () => {
    const target = (spec.scene.task as { target: string }).target;
    const instanceId = spec.scene.bodies.find((b) => b.id === target)!.semantic.instanceId;
    const centroids: [number, number][] = [];
    const projected: [number, number][] = [];
    FRAMES.forEach((frame, i) => {
      const view = episode.views[i]![0]!;
      const box = view.boxes2d!.find((b) => b.instanceId === instanceId)!;
      expect(box, `frame ${frame}`).toBeDefined();
      const [u, v] = projectWith(view, positionAt(target, frame));
      expect(u).toBeGreaterThan(box.x0);
      expect(u).toBeLessThan(box.x1);
      expect(v).toBeGreaterThan(box.y0);
      expect(v).toBeLessThan(box.y1);
      centroids.push(centroid(view, instanceId));
      projected.push([u, v]);
    });
    const lifted = projected.reduce((best, p, i) => (p[1] < projected[best]![1] ? i : best), 0);
    const dp = [projected[lifted]![0] - projected[0]![0], projected[lifted]![1] - projected[0]![1]];
    const dc = [centroids[lifted]![0] - centroids[0]![0], centroids[lifted]![1] - centroids[0]![1]];
    expect(Math.hypot(dp[0]!, dp[1]!)).toBeGreaterThan(15); // the lift moves it visibly
    expect(Math.hypot(dc[0]! - dp[0]!, dc[1]! - dp[1]!)).toBeLessThan(3);
  });

  it('saves screenshots of RGB and instance masks', async () => {
    const [front] = episode.views[0]!;
    const lifted = episode.views[7]![0]!;
    const wrist = episode.views[3]![1]!;
    const files = [
      await page.savePng('tabletop-front-rgb', front!.rgb!, 256, 256),
      await page.savePng('tabletop-front-instance', colourise(front!.instance!), 256, 256),
      await page.savePng('tabletop-front-rgb-lifted', lifted.rgb!, 256, 256),
      await page.savePng('tabletop-wrist-rgb', wrist.rgb!, 128, 128),
    ];
    expect(files).toHaveLength(4);
  });
});

describe('every preset', () => {
  it('renders each camera at the document poses with the objects labeled, meshes included', async () => {
    for (const name of ['tabletop-grasp', 'bin-picking', 'shelf-pick', 'apartment-nav', 'warehouse-nav']) {
      const scene = loadPreset(name);
      const meshes = allMeshes();
      const rendered = await page.render({ scene, meshes, cameraIds: scene.cameras.map((c) => c.id) });
      expect(page.errors).toEqual([]);
      for (const view of rendered.views[0]!) {
        const seen = new Set(view.instance);
        expect(seen.size, `${name}/${view.cameraId}`).toBeGreaterThan(3);
        await page.savePng(`preset-${name}-${view.cameraId}`, view.rgb!, view.width, view.height);
      }
      // Mesh bodies (convex hulls) show up in the masks.
      const instances = new Set(rendered.views[0]!.flatMap((v) => [...new Set(v.instance)]));
      for (const body of scene.bodies.filter((b) => b.shape.type === 'mesh')) expect(instances.has(body.semantic.instanceId), `${name}/${body.id}`).toBe(true);
    }
  });

  it('labels the diff-drive base as one "mobile-base" instance seen from a camera beside it', async () => {
    const scene = loadPreset('warehouse-nav');
    const base = scene.robots[0]!;
    const [x, y] = base.pose.position;
    scene.cameras.push({ ...scene.cameras[0]!, id: 'close', position: [x + 1.2, y - 1.2, 1], lookAt: [x, y, 0.15], width: 160, height: 120 });
    const rendered = await page.render({ scene, cameraIds: ['close'] });
    const view = rendered.views[0]![0]!;
    const robot = rendered.instances.find((i) => i.kind === 'robot')!;
    expect(robot.className).toBe('mobile-base');
    const box = view.boxes2d!.find((b) => b.instanceId === robot.instanceId)!;
    expect(box.visiblePixels).toBeGreaterThan(500);
    expect(view.semantic![view.instance!.indexOf(robot.instanceId)]).toBe(rendered.classes.indexOf('mobile-base'));
    await page.savePng('preset-warehouse-nav-base-close', view.rgb!, view.width, view.height);
  });
});
