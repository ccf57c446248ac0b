/**
 * Runs one whole generate job in this process and prints its peak resident
 * memory (worker threads included) as JSON: the bench starts it as a child
 * process per episode count. Usage: node --import tsx tests/bench/memory-job.ts <preset> <episodes> <format>
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileSink } from '../../main/cli/file-sink';
import { FORMATS } from '../../main/cli/formats';
import { generatorInfo } from '../../main/cli/generator-info';
import { loadMeshes, readSceneFile, resolveSceneArg } from '../../main/cli/scene-file';
import { runJob } from '../../workers/pipeline/run-job';
import { nodeSpawn } from '../../workers/pool/node-spawn';
import { createRolloutPool } from '../../workers/pool/rollout-pool';
import type { RolloutService } from '../../workers/rollout/service';

const [presetName = 'tabletop-grasp', episodesText = '1000', format = 'lerobot'] = process.argv.slice(2);
const loaded = readSceneFile(resolveSceneArg(presetName));
const dir = mkdtempSync(join(tmpdir(), 'studio-bench-memory-'));
const spawn = nodeSpawn<RolloutService>(new URL('../../workers/rollout/rollout.node-worker.ts', import.meta.url));
const pool = createRolloutPool(spawn, loadMeshes(loaded.scene), 2);
const t0 = performance.now();
try {
  const result = await runJob(
    { scene: loaded.scene, sceneFile: `${presetName}.json`, jobSeed: 0, episodeCount: Number(episodesText), generator: generatorInfo() },
    { pool, sink: new FileSink(dir), createWriter: FORMATS[format]!.writer },
  );
  const seconds = (performance.now() - t0) / 1000;
  process.stdout.write(JSON.stringify({ episodes: result.summary.episodes, seconds, peakRssMiB: process.resourceUsage().maxRSS / 1024 }) + '\n');
} finally {
  await pool.close();
  rmSync(dir, { recursive: true, force: true });
}
