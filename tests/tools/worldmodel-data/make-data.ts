/**
 * Renders the training data of the bundled `transfer` world model
 * (assets/models/studio-transfer) with the studio's own renderer in headless
 * Chromium. Run:
 *
 *   npx tsx tests/tools/worldmodel-data/make-data.ts --out .scratch/wm-data --groups 1500
 *
 * Each group takes one preset (the five in turn), G episodes of it (poses
 * from the seeded sampler, each seen from its own random camera) and A
 * random appearances (appearance.ts), and renders every geometry under every
 * appearance, so any (geometry g1, appearance a) / (g2, b) / (g1, b) is a
 * structure / reference / target triplet. Files in --out (NumPy .npy, C order):
 *
 *   rgb_clean.npy  uint8  [N, G, A, S, S, 3]  exposure only (targets)
 *   rgb_full.npy   uint8  [N, G, A, S, S, 3]  exposure, blur and noise (structure sim rgb, references)
 *   depth.npy      uint16 [N, G, S, S]        metres / camera far x 65535, no hit = 65535
 *   edges.npy      uint8  [N, G, S, S]        1 where the instance id differs from its right or lower neighbour
 *   instance.npy   uint16 [N, G, S, S]        instance ids (0 = background)
 *   meta.json      the command, shapes, and per group its preset, episodes, cameras and imaging
 *
 * Options: --groups N (1500), --size S (64), --geometries G (4), --appearances
 * A (4), --seed (0), --pages K (render pages in one Chromium, 1; more did not
 * help on 2 cores). Measured: 1500 groups (24 000 renders at 64x64) took
 * 22.5 min at ~18 renders/s on 2 shared cores (36-44 renders/s when idle).
 * Same arguments, same files (on one machine: pixels come from SwiftShader).
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { loadMeshes, PRESETS_DIR, readSceneFile } from '../../../main/cli/scene-file';
import { applyImaging, type Imaging } from '../../../renderer/frames/imaging';
import { Rng } from '../../../scenes/rng';
import { sample } from '../../../scenes/sample';
import type { SceneDoc } from '../../../scenes/schema/scene';
import { buildAndServe, launchChromium } from '../../browser/serve';
import { DATA_CAMERA, randomAppearance, randomCamera, randomObjectMaterials, withValues, type Appearance } from './appearance';
import { NpyWriter } from './npy';
import type { GroupPixels, GroupRequest } from './page/main';

const PRESETS = ['tabletop-grasp', 'bin-picking', 'shelf-pick', 'warehouse-nav', 'apartment-nav'];

function usage(message: string): never {
  console.error(`make-data: ${message}`);
  process.exit(2);
}

function intArg(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < min || n > max) usage(`--${name}: expected an integer from ${min} to ${max}, got "${raw}"`);
  return n;
}

const { values: args } = parseArgs({
  options: {
    out: { type: 'string' }, groups: { type: 'string' }, size: { type: 'string' }, geometries: { type: 'string' },
    appearances: { type: 'string' }, seed: { type: 'string' }, pages: { type: 'string' },
  },
  strict: true,
});
if (!args.out) usage('--out <folder> is required');
const OUT = resolve(args.out);
const N = intArg('groups', args.groups, 1500, 1, 100_000);
const S = intArg('size', args.size, 64, 16, 512);
const G = intArg('geometries', args.geometries, 4, 2, 16);
const A = intArg('appearances', args.appearances, 4, 2, 16);
const SEED = intArg('seed', args.seed, 0, 0, 2 ** 31);
const PAGES = intArg('pages', args.pages, 1, 1, 8);

const scenes = PRESETS.map((name) => readSceneFile(join(PRESETS_DIR, `${name}.json`)).scene);
const meshes = Object.assign({}, ...scenes.map((s) => loadMeshes(s))) as Record<string, Float32Array>;

/** What a group is made of (recorded in meta.json). */
interface GroupPlan {
  preset: string;
  episodes: number[];
  cameras: { position: number[]; lookAt: number[]; fovYDeg: number; far: number; mounted: boolean }[];
  imaging: Imaging[];
  docs: SceneDoc[][];
}

function planGroup(n: number): GroupPlan {
  const p = n % PRESETS.length;
  const scene = scenes[p] as SceneDoc;
  const objects = randomObjectMaterials(Rng.fromKey('wm-objects', SEED, n), scene);
  const appearances: Appearance[] = Array.from({ length: A }, (_, a) => randomAppearance(Rng.fromKey('wm-appearance', SEED, n, a), scene));
  const episodes = Array.from({ length: G }, (_, g) => Math.floor(n / PRESETS.length) * G + g);
  const cameras = episodes.map((_, g) => randomCamera(Rng.fromKey('wm-camera', SEED, n, g), scene, S));
  const docs = episodes.map((episode, g) => {
    const geometry = withValues(sample(scene, SEED, episode).scene, [...objects, { path: '/cameras', value: [cameras[g]] }]);
    return appearances.map((app) => withValues(geometry, app.values));
  });
  return {
    preset: PRESETS[p] as string,
    episodes,
    cameras: cameras.map((c) => ({ position: c.position, lookAt: c.lookAt, fovYDeg: c.fovYDeg, far: c.far, mounted: c.attachTo !== undefined })),
    imaging: appearances.map((a) => a.imaging),
    docs,
  };
}

/** The files' rows for one rendered group. */
function processGroup(n: number, plan: GroupPlan, px: GroupPixels) {
  const rgb = Buffer.from(px.rgb, 'base64');
  const depth = new Float32Array(new Uint8Array(Buffer.from(px.depth, 'base64')).buffer);
  const instance = new Uint16Array(new Uint8Array(Buffer.from(px.instance, 'base64')).buffer);
  const P = S * S;
  const clean = new Uint8Array(G * A * P * 3);
  const full = new Uint8Array(G * A * P * 3);
  const depth16 = new Uint16Array(G * P);
  const edges = new Uint8Array(G * P);
  for (let g = 0; g < G; g++) {
    for (let a = 0; a < A; a++) {
      const raw = rgb.subarray((g * A + a) * P * 4, (g * A + a + 1) * P * 4);
      const im = plan.imaging[a] as Imaging;
      const c = new Uint8Array(raw);
      applyImaging(c, S, S, { noiseStd: 0, blurPx: 0, exposureEv: im.exposureEv }, Rng.fromKey('wm-unused', SEED, n));
      const f = new Uint8Array(raw);
      applyImaging(f, S, S, im, Rng.fromKey('wm-noise', SEED, n, g, a));
      const o = (g * A + a) * P * 3;
      for (let i = 0; i < P; i++) {
        for (let k = 0; k < 3; k++) {
          clean[o + i * 3 + k] = c[i * 4 + k] as number;
          full[o + i * 3 + k] = f[i * 4 + k] as number;
        }
      }
    }
    const far = plan.cameras[g]?.far as number;
    for (let i = 0; i < P; i++) {
      const d = depth[g * P + i] as number;
      depth16[g * P + i] = d <= 0 ? 65535 : Math.round(Math.min(1, d / far) * 65535);
      const id = instance[g * P + i];
      const x = i % S;
      const y = (i - x) / S;
      const right = x + 1 < S && instance[g * P + i + 1] !== id;
      const down = y + 1 < S && instance[g * P + i + S] !== id;
      edges[g * P + i] = right || down ? 1 : 0;
    }
  }
  return { clean, full, depth16, edges, instance: instance.slice(0, G * P) };
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const writers = {
    clean: new NpyWriter(join(OUT, 'rgb_clean.npy'), '|u1', [N, G, A, S, S, 3]),
    full: new NpyWriter(join(OUT, 'rgb_full.npy'), '|u1', [N, G, A, S, S, 3]),
    depth16: new NpyWriter(join(OUT, 'depth.npy'), '<u2', [N, G, S, S]),
    edges: new NpyWriter(join(OUT, 'edges.npy'), '|u1', [N, G, S, S]),
    instance: new NpyWriter(join(OUT, 'instance.npy'), '<u2', [N, G, S, S]),
  };
  const served = await buildAndServe(join(import.meta.dirname, 'page'));
  const chrome = await launchChromium();
  const t0 = performance.now();
  const groups: Omit<GroupPlan, 'docs'>[] = [];
  try {
    const packed = Object.fromEntries(Object.entries(meshes).map(([k, v]) => [k, Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64')]));
    const pages: Page[] = [];
    for (let k = 0; k < PAGES; k++) {
      const page = await chrome.browser.newPage();
      page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
      await page.goto(served.url);
      await page.waitForFunction(() => document.title === 'ready', undefined, { timeout: 60_000 });
      await page.evaluate((m) => (window as unknown as { init(m: Record<string, string>): void }).init(m), packed);
      pages.push(page);
    }
    let next = 0;
    let done = 0;
    let renderMs = 0;
    const stage = { buildMs: 0, rgbMs: 0, idsMs: 0 };
    const ready = new Map<number, { plan: GroupPlan; px: GroupPixels }>();
    const flush = () => {
      while (ready.has(done)) {
        const { plan, px } = ready.get(done) as { plan: GroupPlan; px: GroupPixels };
        ready.delete(done);
        const rows = processGroup(done, plan, px);
        for (const key of Object.keys(writers) as (keyof typeof writers)[]) writers[key].append(rows[key]);
        const { docs: _docs, ...summary } = plan;
        groups.push(summary);
        renderMs += px.ms;
        stage.buildMs += px.buildMs;
        stage.rgbMs += px.rgbMs;
        stage.idsMs += px.idsMs;
        done++;
        if (done % 10 === 0 || done === N) {
          const s = (performance.now() - t0) / 1000;
          console.error(`${done}/${N} groups, ${(done * G * A / s).toFixed(1)} renders/s, ${(renderMs / (done * G * A)).toFixed(1)} ms/render in the page (build ${(stage.buildMs / (done * G * A)).toFixed(1)}, rgb ${(stage.rgbMs / (done * G * A)).toFixed(1)}, labels ${(stage.idsMs / (done * G * A)).toFixed(1)}), ${s.toFixed(0)} s, eta ${((N - done) * s / done).toFixed(0)} s`);
        }
      }
    };
    await Promise.all(pages.map(async (page) => {
      while (next < N) {
        const n = next++;
        const plan = planGroup(n);
        const req: GroupRequest = { docs: plan.docs, cameraId: DATA_CAMERA };
        const px = await page.evaluate((r) => (window as unknown as { renderGroup(r: GroupRequest): GroupPixels }).renderGroup(r), req);
        ready.set(n, { plan, px });
        flush();
      }
    }));
  } finally {
    await chrome.close();
    await served.close();
  }
  for (const w of Object.values(writers)) w.close();
  const seconds = (performance.now() - t0) / 1000;
  const meta = {
    version: 1,
    command: `npx tsx tests/tools/worldmodel-data/make-data.ts --out ${args.out} --groups ${N} --size ${S} --geometries ${G} --appearances ${A} --seed ${SEED}`,
    groups: N, geometries: G, appearances: A, size: S, seed: SEED, presets: PRESETS,
    files: { rgb_clean: [N, G, A, S, S, 3], rgb_full: [N, G, A, S, S, 3], depth: [N, G, S, S], edges: [N, G, S, S], instance: [N, G, S, S] },
    renders: N * G * A, seconds: Math.round(seconds),
    perGroup: groups,
  };
  writeFileSync(join(OUT, 'meta.json.partial'), JSON.stringify(meta));
  renameSync(join(OUT, 'meta.json.partial'), join(OUT, 'meta.json'));
  console.error(`wrote ${N} groups (${N * G * A} renders) to ${OUT} in ${seconds.toFixed(0)} s`);
}

main().catch((error: unknown) => {
  console.error(`make-data: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
