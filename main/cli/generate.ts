/**
 * npm run generate -- <scene.json | preset> --episodes N --out DIR [--seed S] [--workers W]
 * Runs domain-randomized rollouts of a scene in worker threads and writes
 * the episodes with the job record that can regenerate them.
 */
import { availableParallelism } from 'node:os';
import { JobCancelled, runRollouts } from '../../workers/pipeline/run-rollouts';
import { nodeSpawn } from '../../workers/pool/node-spawn';
import { createRolloutPool } from '../../workers/pool/rollout-pool';
import type { RolloutService } from '../../workers/rollout/service';
import { intOption, numberOption, parse } from './args';
import { CliError, EXIT, EXIT_CODES_HELP, runCommand } from './exit-codes';
import { FileSink } from './file-sink';
import { episodeProgress } from './progress';
import { DEFAULT_PRESET, loadMeshes, presetNames, readSceneFile, resolveSceneArg } from './scene-file';
import { writeEpisodesOutput } from './write-output';

const DEFAULT_EPISODES = 20;
const DEFAULT_WORKERS = Math.max(1, Math.min(2, availableParallelism()));

const HELP = `Usage: npm run generate -- [scene.json | preset] [options]

Runs domain-randomized physics rollouts of a scene (Rapier, in worker
threads) and writes the labeled episodes to a folder. The same scene, seed
and episode count give byte-identical files for any number of workers.

Arguments:
  scene.json | preset   a scene file, or a preset name (default: ${DEFAULT_PRESET})
                        presets: ${presetNames().join(', ')}
Options:
  --episodes N          number of episodes (default ${DEFAULT_EPISODES})
  --out DIR             output folder (default: datasets/<scene name>)
  --seed S              job seed, a non-negative integer (default 0)
  --workers W           worker threads (default ${DEFAULT_WORKERS})
  --episode-timeout S   seconds before a stuck episode's worker is replaced (default 120)
  --force               overwrite a complete output in DIR
  --debug               print stack traces of internal errors
  -h, --help            show this help

Output (an interim format until the dataset exporters land):
  DIR/episodes.jsonl    one JSON object per episode, in episode order: outcome,
                        metrics, randomized values, time series channels
  DIR/job.json          the scene, seed, versions and a summary; written last,
                        so its presence means the output is complete

${EXIT_CODES_HELP}`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, {
    help: { type: 'boolean', short: 'h' },
    episodes: { type: 'string' },
    out: { type: 'string' },
    seed: { type: 'string' },
    workers: { type: 'string' },
    'episode-timeout': { type: 'string' },
    force: { type: 'boolean' },
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return EXIT.ok;
  }
  if (positionals.length > 1) throw new CliError(EXIT.usage, `give one scene, got ${positionals.length}: ${positionals.join(' ')}`);
  const episodes = intOption('episodes', values.episodes, DEFAULT_EPISODES, 1, 100_000_000);
  const jobSeed = intOption('seed', values.seed, 0, 0, Number.MAX_SAFE_INTEGER);
  const workers = intOption('workers', values.workers, DEFAULT_WORKERS, 1, 256);
  const timeoutS = numberOption('episode-timeout', values['episode-timeout'], 120, 1, 86_400);

  const sceneFile = resolveSceneArg(positionals[0] ?? DEFAULT_PRESET);
  const loaded = readSceneFile(sceneFile);
  const meshes = loadMeshes(loaded.scene);
  const outDir = values.out ?? `datasets/${loaded.scene.name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  const sink = new FileSink(outDir);

  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const spawn = nodeSpawn<RolloutService>(new URL('../../workers/rollout/rollout.node-worker.ts', import.meta.url));
  const pool = createRolloutPool(spawn, meshes, workers, timeoutS * 1000);
  const progress = episodeProgress(episodes, loaded.scene.name);
  try {
    const summary = await writeEpisodesOutput({
      sink,
      loaded,
      jobSeed,
      episodes,
      force: values.force ?? false,
      run: (onRecord) =>
        runRollouts(pool, { scene: loaded.scene, jobSeed, episodes: [...Array(episodes).keys()] }, {
          signal: controller.signal,
          onRecord: (record) => {
            progress.tick(record.success);
            return onRecord(record);
          },
        }),
    });
    progress.stop();
    const outcomes = Object.entries(summary.outcomes).map(([k, v]) => `${k} ${v}`).join(', ');
    process.stdout.write(`${episodes} episodes -> ${sink.root} (success ${(100 * summary.successRate).toFixed(1)}%: ${outcomes})\n`);
    return EXIT.ok;
  } catch (error) {
    progress.stop();
    if (error instanceof JobCancelled) throw new CliError(EXIT.cancelled, `cancelled; ${sink.root} is not marked complete`);
    throw error;
  } finally {
    await pool.close();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

await runCommand('generate', main);
