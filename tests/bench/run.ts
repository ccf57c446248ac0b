/**
 * npm run bench [-- --quick] [-- --skip-memory] [-- --only=physics,rollouts,queue,export,render,worldmodel,memory]
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
import { blenderRenderSeconds, exportGlbs, hasBlender } from './blender';
import { exportVsRaw } from './export';
import { fmt, report } from './measure';
import { engineVsRaw } from './physics';
import { renderFramesPerSecond } from './render';
import { queueVsInProcess } from './queue';
import { poolEpisodesPerSecond } from './throughput';
import { worldModelSection } from './worldmodel';

const quick = process.argv.includes('--quick');
const skipMemory = process.argv.includes('--skip-memory');
/** `--only physics,render`: run just those sections (physics, rollouts, queue, export, render, worldmodel, memory). */
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');
const want = (section: string): boolean => !only || only.includes(section);
const scale = quick ? 0.25 : 1;
const n = (count: number) => Math.max(2, Math.round(count * scale));
const out = (line: string) => process.stdout.write(`${line}\n`);

function preset(name: string) {
  const { scene } = readSceneFile(resolveSceneArg(name));
  return { scene, meshes: loadMeshes(scene) };
}

out(`npm run bench${quick ? ' -- --quick' : ''}: node ${process.version}, ${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown CPU'})`);
const R = await loadRapier();

if (want('physics')) {
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
}

if (want('rollouts')) {
  out('\n[rollouts] episodes/s through the worker pool (worker_threads), job seed 1, after a warm-up job');
  for (const [name, episodes, label] of [['tabletop-grasp', n(200), 'grasp validations'], ['apartment-nav', n(60), 'navigation episodes'], ['warehouse-nav', n(12), 'navigation episodes']] as const) {
    const { scene, meshes } = preset(name);
    const one = await poolEpisodesPerSecond(scene, meshes, 1, episodes);
    const two = await poolEpisodesPerSecond(scene, meshes, 2, episodes);
    report(`${name}: ${label}/s, 1 worker (${episodes} ep)`, one.rate, 'ep/s');
    report(`${name}: ${label}/s, 2 workers (${episodes} ep)`, two.rate, 'ep/s', { value: two.rate / one.rate, against: '1 worker', aim: '>= 1.7' });
    if (name === 'tabletop-grasp') out(`  (aim: >= 40 grasp validations/s on 2 cores; success rate ${fmt(100 * two.successRate)}%)`);
  }
}

if (want('queue')) {
  const episodes = n(400);
  const shards = 4;
  const job = ['tabletop-grasp', '--no-cameras', '--episodes', String(episodes), '--seed', '1'];
  out(`\n[queue] episodes/s of "generate ${job.join(' ')}" (lerobot, 2 threads in all), wall time of the command, merge included:`);
  out(`  in one process (--workers 2) vs "--queue redis://... --shards ${shards}" with 1 worker process (--workers 2) and 2 (--workers 1 each), own redis-server; best of 2 runs each`);
  const q = await queueVsInProcess(job, shards, episodes);
  if ('notMeasured' in q) out(`  not measured: ${q.notMeasured}`);
  else {
    report(`in-process pool (${episodes} ep)`, q.inProcess, 'ep/s');
    report(`queue, 1 worker process (${shards} shards)`, q.oneWorker, 'ep/s', { value: q.oneWorker / q.inProcess, against: 'in-process pool', aim: '>= 0.8' });
    report(`queue, 2 worker processes (${shards} shards)`, q.twoWorkers, 'ep/s', { value: q.twoWorkers / q.inProcess, against: 'in-process pool', aim: '>= 0.8' });
    out(`  outputs byte-identical to the in-process run: ${q.identical ? 'yes' : 'NO'}`);
  }
}

if (want('export')) {
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
}

if (want('render')) {
  out('\n[render] labeled frames through the headless render host (tabletop-grasp: front 256x256 + wrist 128x128, AV1 + depth PNG + labels), job seed 5');
  {
    const { scene, meshes } = preset('tabletop-grasp');
    const episodes = [...Array(n(8) + 1).keys()].map((i) => {
      const spec = sample(scene, 5, i);
      return { spec, record: runEpisode(R, spec, meshes) };
    });
    const one = await renderFramesPerSecond(episodes, meshes, 1);
    const two = await renderFramesPerSecond(episodes, meshes, 2);
    report(`1 render worker (${episodes.length - 1} episodes)`, one, 'frames/s');
    report(`2 render workers`, two, 'frames/s', { value: two / one, against: '1 render worker' });
    out('  per-pass figures against a bare three.js render of the same scene (256x256 and 640x480):');
    const passes = spawnSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '../render/bench.ts')], { encoding: 'utf8' });
    out(passes.status === 0 ? passes.stdout.trim().split('\n').map((l) => `    ${l}`).join('\n') : `    render pass bench failed: ${passes.stderr.split('\n')[0]}`);
    const allAt640 = passes.status === 0 ? /^640x480:.*all incl\. boxes ([\d.]+)/m.exec(passes.stdout)?.[1] : undefined;
    if (!hasBlender()) out('  not measured: Blender Cycles on the same scene (Debian package blender is not installed here).');
    else {
      out('  Blender (Debian blender) on the same scene, exported to glTF (sample(preset, 7, 0), home poses, front camera), one frame, seconds in bpy.ops.render.render:');
      const sizes = [[256, 256], [640, 480]] as const;
      const glbs = await exportGlbs(sample(scene, 7, 0).scene, meshes, 'front', sizes);
      try {
        sizes.forEach(([width, height], k) => {
          const glb = glbs.files[k] as string;
          // 128 samples per pixel is Kubric's default for Cycles; 16 is a fast, noisy setting.
          const runs = [['CYCLES', 16], ['CYCLES', 128], ['BLENDER_EEVEE', 16]] as const;
          for (const [engine, samples] of runs) {
            const name = `${engine === 'CYCLES' ? 'Cycles (CPU)' : 'EEVEE'}, ${samples} samples, ${width}x${height}`;
            const r = blenderRenderSeconds(glb, join(glbs.dir, `${engine}-${samples}-${width}x${height}.png`), width, height, samples, engine);
            if ('error' in r) {
              out(`    ${name}: failed headless: ${r.error}`);
              continue;
            }
            // The studio's full labeled render is measured at 256x256 (front) above; 640x480 is compared with the per-pass "all incl. boxes" figure.
            const studio = width === 256 ? { fps: one, what: 'full labeled render, 1 worker' } : allAt640 ? { fps: Number(allAt640), what: 'all passes incl. boxes, 640x480' } : undefined;
            const ratio = studio ? `; studio ${fmt(studio.fps)} frames/s (${studio.what}) = ${fmt(studio.fps * r.seconds, 0)}x Blender's rate${engine === 'CYCLES' ? ' (aim >= 100x)' : ''}` : '';
            out(`    ${name}: ${fmt(r.seconds, 3)} s/frame (${fmt(1 / r.seconds, 2)} frames/s)${ratio}`);
          }
        });
      } finally {
        glbs.close();
      }
    }
  }
}

if (want('worldmodel')) worldModelSection(out, n(64));

if (!skipMemory && want('memory')) {
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
