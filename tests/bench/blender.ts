/**
 * Blender on the same scene: the scene exported to glTF in Chromium (three's
 * GLTFExporter on the SceneView, home poses), rendered by Debian's blender
 * with tests/bench/blender_render.py.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SceneDoc } from '../../scenes/schema/scene';
import type { MeshLibrary } from '../../workers/physics/mesh';
import { buildAndServe, launchChromium } from '../browser/serve';

/** Whether a `blender` executable is on PATH. */
export function hasBlender(): boolean {
  return spawnSync('blender', ['-b', '--version'], { encoding: 'utf8' }).status === 0;
}

/** A temp folder with `<camera>-<w>x<h>.glb` for each size, and a cleanup. */
export async function exportGlbs(scene: SceneDoc, meshes: MeshLibrary, cameraId: string, sizes: readonly (readonly [number, number])[]): Promise<{ files: string[]; dir: string; close(): void }> {
  const dir = mkdtempSync(join(tmpdir(), 'studio-blender-'));
  const served = await buildAndServe(join(import.meta.dirname, 'gltf-page'));
  const chrome = await launchChromium();
  try {
    const page = await chrome.browser.newPage();
    await page.goto(served.url);
    await page.waitForFunction(() => document.title === 'ready', undefined, { timeout: 60_000 });
    const wireMeshes = Object.fromEntries(Object.entries(meshes).map(([k, v]) => [k, Array.from(v)]));
    const files: string[] = [];
    for (const [width, height] of sizes) {
      const doc = structuredClone(scene);
      const camera = doc.cameras.find((c) => c.id === cameraId);
      if (!camera) throw new Error(`no camera "${cameraId}" in the scene`);
      Object.assign(camera, { width, height });
      const b64 = await page.evaluate(
        ([d, m, id]) => (window as unknown as { exportGlb(d: unknown, m: unknown, id: string): Promise<string> }).exportGlb(d, m, id),
        [doc, wireMeshes, cameraId] as const,
      );
      const file = join(dir, `${cameraId}-${width}x${height}.glb`);
      writeFileSync(file, Buffer.from(b64, 'base64'));
      files.push(file);
    }
    return { files, dir, close: () => rmSync(dir, { recursive: true, force: true }) };
  } finally {
    await chrome.close();
    await served.close();
  }
}

/** Seconds Blender spends in bpy.ops.render.render for one frame (import and start-up excluded). */
export function blenderRenderSeconds(glb: string, outPng: string, width: number, height: number, samples: number, engine: 'CYCLES' | 'BLENDER_EEVEE'): { seconds: number } | { error: string } {
  const script = join(import.meta.dirname, 'blender_render.py');
  const run = spawnSync('blender', ['-b', '--factory-startup', '--python-exit-code', '1', '-P', script, '--', glb, outPng, String(width), String(height), String(samples), engine], { encoding: 'utf8', timeout: 600_000 });
  const line = run.stdout?.split('\n').find((l) => l.startsWith('render_seconds '));
  if (run.status !== 0 || !line) {
    const why = `${run.stderr ?? ''}\n${run.stdout ?? ''}`.split('\n').filter((l) => /error|fail|unable|cannot/i.test(l))[0] ?? `exit ${run.status ?? run.signal}`;
    return { error: why.trim() };
  }
  return { seconds: Number(line.slice('render_seconds '.length)) };
}
