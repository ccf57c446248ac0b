/**
 * The window runs the same rollout service in Web Workers: in Debian's
 * Chromium, a pool of 2 Web Workers produces the same records, bit for bit,
 * as the Node engine in-process (Rapier's deterministic build is identical
 * across runtimes).
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sample } from '../../scenes/sample';
import { loadRapier } from '../../workers/physics/rapier';
import { runEpisode } from '../../workers/rollout/run-episode';
import { allMeshes, preset } from '../pipeline/helpers';
import type { PlainRecord } from './pool-page/main';
import { buildAndServe, launchChromium, type ServedPage } from './serve';

let page: ServedPage;
let chrome: Awaited<ReturnType<typeof launchChromium>>;

beforeAll(async () => {
  page = await buildAndServe(join(import.meta.dirname, 'pool-page'));
  chrome = await launchChromium();
}, 180_000);

afterAll(async () => {
  await chrome?.close();
  await page?.close();
});

describe('rollout pool in Web Workers (Chromium)', () => {
  it('gives the same records as Node, bit for bit, with 2 workers', async () => {
    const scene = preset('tabletop-grasp');
    const meshes = Object.fromEntries(Object.entries(allMeshes()).map(([k, v]) => [k, Array.from(v)]));
    const tab = await chrome.browser.newPage();
    const errors: string[] = [];
    tab.on('pageerror', (e) => errors.push(e.message));
    await tab.goto(page.url);
    await tab.waitForFunction(() => document.title === 'ready');
    const fromBrowser = (await tab.evaluate(
      ([s, m]) => (window as unknown as { runPool: (...a: unknown[]) => Promise<unknown> }).runPool(s, m, 2, 6, 4),
      [scene, meshes] as const,
    )) as PlainRecord[];
    expect(errors).toEqual([]);
    expect(fromBrowser.map((r) => r.episodeIndex)).toEqual([0, 1, 2, 3, 4, 5]);

    const R = await loadRapier();
    const library = allMeshes();
    fromBrowser.forEach((b, i) => {
      const n = runEpisode(R, sample(scene, 4, i), library);
      expect(b.outcome).toBe(n.outcome);
      expect(b.frames).toBe(n.frames);
      for (const [name, c] of Object.entries(n.channels)) {
        expect(Float32Array.from(b.channels[name]!.data)).toEqual(c.data);
      }
      expect(Float32Array.from(b.poses!.data)).toEqual(n.poses!.data);
    });
  });
});
