/**
 * Frame renderer speed in Chromium (SwiftShader): frames per second of the
 * tabletop-grasp front camera at 256x256 and 640x480 for RGB only, labels
 * only, RGB + depth + segmentation, and everything, and the cost of the
 * boxes (2D boxes' visible fractions need the unoccluded renders), against a bare three.js
 * render of the same scene (RGB, no readback but a 1-pixel sync).
 * Run: npx tsx tests/render/bench.ts
 */
import { sample } from '../../scenes/sample';
import { loadRapier } from '../../workers/physics/rapier';
import { runEpisode } from '../../workers/rollout/run-episode';
import { openRenderPage } from './harness';
import { loadPreset } from './scenes';

const FRAMES = 100;
const WARMUP = 10;

const spec = sample(loadPreset('tabletop-grasp'), 7, 0);
const record = runEpisode(await loadRapier(), spec, {});
const page = await openRenderPage();
try {
  for (const [width, height] of [[256, 256], [640, 480]] as const) {
    const scene = structuredClone(spec.scene);
    const front = scene.cameras.find((c) => c.id === 'front')!;
    Object.assign(front, { width, height });
    const ms = await page.bench({ scene, poses: record.poses!, cameraIds: ['front'] }, FRAMES, WARMUP);
    const fps = (m: number | undefined): string => (1000 / (m as number)).toFixed(1);
    console.log(`${width}x${height}: bare three.js ${fps(ms.bareMs)} fps | rgb ${fps(ms.rgbMs)} | labels ${fps(ms.labelsMs)} | rgb+depth+seg ${fps(ms.rgbDepthSegMs)} (${((ms.rgbDepthSegMs as number) / (ms.bareMs as number)).toFixed(2)}x bare) | all incl. boxes ${fps(ms.allMs)} | boxes cost ${((ms.labelsBoxesMs as number) - (ms.labelsMs as number)).toFixed(2)} ms/frame (labels ${(ms.labelsMs as number).toFixed(2)} -> with boxes ${(ms.labelsBoxesMs as number).toFixed(2)} ms)`);
  }
  if (page.errors.length) throw new Error(page.errors.join('\n'));
} finally {
  await page.close();
}
