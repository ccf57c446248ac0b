/**
 * Test helpers for the frame renderer: the test page built with vite and
 * served on loopback, Debian's Chromium, scene builders and file output.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { RenderedEpisode } from '../../renderer/frames/episode';
import type { PoseTrack } from '../../exporters/episode';
import type { SceneDoc } from '../../scenes/schema/scene';
import type { MeshLibrary } from '../../workers/physics/mesh';
import { buildAndServe, launchChromium } from '../browser/serve';
import type { RenderRequest } from './page/main';
import { decode } from './wire';

/** Where screenshots go (ignored by git). */
export const OUT_DIR = join(import.meta.dirname, 'out');

export interface RenderPage {
  /** Renders on the page (`where: 'page'`) or in the page's Web Worker. */
  render(req: Request, where?: 'page' | 'worker'): Promise<RenderedEpisode>;
  /** Writes RGBA8 pixels as tests/render/out/<name>.png and returns the path. */
  savePng(name: string, rgba: Uint8Array, width: number, height: number): Promise<string>;
  bench(req: Request, frames: number, warmup: number): Promise<Record<string, number>>;
  /** Messages of uncaught page errors so far. */
  errors: string[];
  close(): Promise<void>;
}

/** A request with the test's own types. */
export interface Request {
  scene: SceneDoc;
  meshes?: MeshLibrary;
  poses?: PoseTrack | null;
  cameraIds: string[];
  frames?: number[];
  seed?: string;
  channels?: RenderRequest['channels'];
}

function toWire(req: Request): RenderRequest {
  return {
    scene: req.scene,
    meshes: Object.fromEntries(Object.entries(req.meshes ?? {}).map(([k, v]) => [k, Array.from(v)])),
    poses: req.poses ? { ids: req.poses.ids, data: Array.from(req.poses.data) } : null,
    cameraIds: req.cameraIds,
    ...(req.frames ? { frames: req.frames } : {}),
    ...(req.seed === undefined ? {} : { seed: req.seed }),
    ...(req.channels ? { channels: req.channels } : {}),
  };
}

/** Builds and serves the test page and opens it in Chromium. */
export async function openRenderPage(): Promise<RenderPage> {
  const served = await buildAndServe(join(import.meta.dirname, 'page'));
  const chrome = await launchChromium();
  const page: Page = await chrome.browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(served.url);
  await page.waitForFunction(() => document.title === 'ready', undefined, { timeout: 60_000 });
  const call = (fn: string, ...args: unknown[]): Promise<unknown> =>
    page.evaluate(([name, a]) => (window as unknown as Record<string, (...x: unknown[]) => unknown>)[name as string]!(...(a as unknown[])), [fn, args] as const);
  return {
    errors,
    async render(req, where = 'page') {
      return decode<RenderedEpisode>(await call(where === 'page' ? 'renderPage' : 'renderWorker', toWire(req)));
    },
    async savePng(name, rgba, width, height) {
      let s = '';
      for (let i = 0; i < rgba.length; i += 0x8000) s += String.fromCharCode(...rgba.subarray(i, i + 0x8000));
      const b64 = (await call('png', btoa(s), width, height)) as string;
      mkdirSync(OUT_DIR, { recursive: true });
      const file = join(OUT_DIR, `${name}.png`);
      writeFileSync(file, Buffer.from(b64, 'base64'));
      return file;
    },
    async bench(req, frames, warmup) {
      return (await call('bench', toWire(req), frames, warmup)) as Record<string, number>;
    },
    async close() {
      await chrome.close();
      await served.close();
    },
  };
}
