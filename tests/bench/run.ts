/**
 * npm run bench [-- --quick] [-- --skip-memory]
 * Speed figures as ratios against references measured in the same run (these
 * machines are noisy). Each section names its inputs.
 */
import { spawnSync } from 'node:child_process';
import { availableParallelism, cpus } from 'node:os';
import { join } from 'node:path';
import { createLeRobotWriter } from '../../exporters/lerobot';
import { createRobomimicWriter } from '../../exporters/robomimic';
import type { EpisodeRecord } from '../../exporters/episode';
import { loadMeshes, readSceneFile, resolveSceneArg } from '../../main/cli/scene-file';
import { loadRapier } from '../../workers/physics/rapier';
import { sample } from '../../scenes/sample';
import { taskText } from '../../scenes/task-text';
import { runEpisode } from '../../workers/rollout/run-episode';
import { exportVsRaw } from './export';
import { fmt, report } from './measure';
import { engineVsRaw } from './physics';
import { poolEpisodesPerSecond } from './throughput';

const quick = process.argv.includes('--quick');
const skipMemory = process.argv.includes('--skip-memory');
const scale = quick ? 0.25 : 1;
const n = (count: number) => Math.max(2, Math.round(count * scale));
const out = (line: string) => process.stdout.write(`${line}\n`);

function preset(name: string) {
  const { scene } = readSceneFile(resolveSceneArg(name));
  return { scene, meshes: loadMeshes(scene) };
}

out(`npm run bench${quick ? ' -- --quick' : ''}: node ${process.version}, ${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown CPU'})`);
const R = await loadRapier();

out('\n[physics] rollout engine vs raw Rapier stepping of the same world: time inside world.step() of the same episodes, one thread, job seed 7');
for (const [name, episodes] of [['tabletop-grasp', n(60)], ['bin-picking', n(40)], ['warehouse-nav', n(6)], ['apartment-nav', n(20)]] as const) {
  const { scene, meshes } = preset(name);
  const r = engineVsRaw(R, scene, meshes, episodes, Math.max(2, Math.round(episodes / 5)));
  report(`${name} (${episodes} episodes, ${fmt(r.stepsPerEpisode, 0)} steps each)`, r.engineStepsPerSecond, 'steps/s', {
    value: r.engineStepsPerSecond / r.rawStepsPerSecond,
    against: `raw stepping ${fmt(r.rawStepsPerSecond, 0)} steps/s; ${fmt(r.episodesPerSecond)} ep/s`,
    aim: '>= 0.9',
  });
}

out('\n[rollouts] episodes/s through the worker pool (worker_threads), job seed 1, after a warm-up job');
for (const [name, episodes, label] of [['tabletop-grasp', n(200), 'grasp validations'], ['apartment-nav', n(60), 'navigation episodes'], ['warehouse-nav', n(12), 'navigation episodes']] as const) {
  const { scene, meshes } = preset(name);
  const one = await poolEpisodesPerSecond(scene, meshes, 1, episodes);
  const two = await poolEpisodesPerSecond(scene, meshes, 2, episodes);
  report(`${name}: ${label}/s, 1 worker (${episodes} ep)`, one.rate, 'ep/s');
  report(`${name}: ${label}/s, 2 workers (${episodes} ep)`, two.rate, 'ep/s', { value: two.rate / one.rate, against: '1 worker', aim: '>= 1.7' });
  if (name === 'tabletop-grasp') out(`  (aim: >= 40 grasp validations/s on 2 cores; success rate ${fmt(100 * two.successRate)}%)`);
}

out('\n[export] dataset writers vs a raw sequential write of the same bytes (real tabletop-grasp records, cycled)');
{
  const { scene, meshes } = preset('tabletop-grasp');
  const records: EpisodeRecord[] = [];
  const tasks: string[] = [];
  for (let i = 0; i < 100; i++) {
    const spec = sample(scene, 3, i);
    records.push(runEpisode(R, spec, meshes));
    tasks.push(taskText(spec.scene));
  }
  for (const [format, factory] of [['lerobot', createLeRobotWriter], ['robomimic', createRobomimicWriter]] as const) {
    const episodes = n(2000);
    const f = await exportVsRaw(factory, scene, records, tasks, episodes);
    const mbps = f.bytes / 1e6 / f.writerSeconds;
    report(`${format}: ${episodes} episodes, ${fmt(f.bytes / 1e6)} MB written`, mbps, 'MB/s', { value: f.rawSyncedSeconds / f.writerSeconds, against: `raw write + fsync ${fmt(f.bytes / 1e6 / f.rawSyncedSeconds)} MB/s`, aim: '>= 0.5' });
    out(`    ${fmt(episodes / f.writerSeconds, 0)} episodes/s written; raw write without fsync ${fmt(f.bytes / 1e6 / f.rawSeconds)} MB/s (ratio ${fmt(f.rawSeconds / f.writerSeconds, 3)})`);
  }
}

if (!skipMemory) {
  out('\n[memory] peak resident memory of a whole generate job (tabletop-grasp, 2 workers, lerobot), one child process per size');
  const sizes = quick ? [250, 2500] : [1000, 10000];
  const peaks: number[] = [];
  for (const episodes of sizes) {
    const child = spawnSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'memory-job.ts'), 'tabletop-grasp', String(episodes), 'lerobot'], { encoding: 'utf8' });
    if (child.status !== 0) throw new Error(`memory job failed: ${child.stderr}`);
    const figures = JSON.parse(child.stdout.trim().split('\n').pop() as string) as { peakRssMiB: number; seconds: number };
    peaks.push(figures.peakRssMiB);
    report(`${episodes} episodes (${fmt(figures.seconds)} s)`, figures.peakRssMiB, 'MiB peak RSS', peaks.length > 1 ? { value: figures.peakRssMiB / (peaks[0] as number), against: `${sizes[0]} episodes`, aim: '<= 1.2' } : undefined);
  }
}
