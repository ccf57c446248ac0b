/**
 * npm run generate -- <scene.json | preset> --episodes N --out DIR [--format F] [--seed S] [--workers W] [--resume]
 * Runs domain-randomized rollouts of a scene in worker threads and writes a
 * dataset with the job record that can regenerate it.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, join } from 'node:path';
import { loadSceneText } from '../../scenes/load';
import { formatProblem } from '../../scenes/problems';
import { JobCancelled } from '../../workers/pipeline/run-rollouts';
import { runJob } from '../../workers/pipeline/run-job';
import { nodeSpawn } from '../../workers/pool/node-spawn';
import { createRolloutPool } from '../../workers/pool/rollout-pool';
import type { RolloutService } from '../../workers/rollout/service';
import { intOption, numberOption, parse } from './args';
import { CliError, EXIT, EXIT_CODES_HELP, runCommand } from './exit-codes';
import { FileSink } from './file-sink';
import { DEFAULT_FORMAT, FORMATS } from './formats';
import { fileJournal } from './journal-file';
import { checkRealReference, writeRealReport } from './real-reference';
import { clearDataset, isComplete, JOURNAL, readSavedJob, removeWork, saveJob, WORK_DIR, type SavedJob } from './output-folder';
import { episodeProgress } from './progress';
import { generatorInfo } from './generator-info';
import { BROWSER_ENV, BrowserNotFoundError, openChromiumRenderer, type EpisodeRenderer } from './render-host';
import type { SceneDoc } from '../../scenes/schema/scene';
import type { MeshLibrary } from '../../workers/physics/mesh';
import { shardRange } from '../../exporters/job';
import { checkQueueFlags, DEFAULT_SHARDS, submitToQueue } from './queue/submit';
import { ASSETS_DIR, DEFAULT_PRESET, loadMeshes, presetNames, readSceneFile, resolveSceneArg } from './scene-file';
import { MAX_VARIATIONS, parseVariationOptions, prepareVariations, startVariations, type SavedVariations } from './variations';
import type { JobVariations } from '../../exporters/dataset-writer';

const DEFAULT_EPISODES = 20;
const DEFAULT_WORKERS = Math.max(1, Math.min(2, availableParallelism()));

const HELP = `Usage: npm run generate -- [scene.json | preset] [options]

Runs domain-randomized physics rollouts of a scene (Rapier, in worker
threads) and writes a labeled dataset. The same scene, seed and episode
count give byte-identical files for any number of workers.

Arguments:
  scene.json | preset   a scene file, or a preset name (default: ${DEFAULT_PRESET})
                        presets: ${presetNames().join(', ')}
Options:
  --episodes N          number of episodes (default ${DEFAULT_EPISODES})
  --out DIR             output folder (default: datasets/<scene name>)
  --format F            ${Object.entries(FORMATS).map(([k, v]) => `${k}: ${v.description}`).join('\n                        ')}
                        (default ${DEFAULT_FORMAT})
  --seed S              job seed, a non-negative integer (default 0)
  --workers W           worker threads (default ${DEFAULT_WORKERS})
  --shard I/N           run only shard I (0-based) of N: episodes floor(I*E/N) to
                        floor((I+1)*E/N)-1 of the E given by --episodes; combine
                        shard outputs with npm run merge
  --queue URL           run the job as shards on a BullMQ queue in Redis (redis://HOST:PORT):
                        workers (npm run worker -- --queue URL) run them; this command shows
                        their progress, waits for them and merges the shards into --out
                        (LeRobot without camera streams: --no-cameras or a scene without cameras)
  --shards N            shard jobs on the queue (default ${DEFAULT_SHARDS}, at most --episodes)
  --shared-dir PATH     folder the workers write the shards into, mounted at the same path on
                        every machine (default: DIR/${WORK_DIR}/shards, for workers on this one)
  --no-cameras          do not render the scene's cameras (no browser needed)
  --variations K        also write K world-model variations of every RGB camera (1..${MAX_VARIATIONS}), as
                        streams observation.images.<camera>_var<k> (LeRobot), variation k
                        conditioned on one frame of --reference, with scores and provenance
  --reference PATH      what the variations look like: a video file or a folder of images
                        (colour or greyscale); frames are picked from it by --seed
  --world-model DIR     a model folder with manifest.json (default assets/models/studio-transfer)
  --real PATH           also measure the dataset's Sim2Real gap against real data (a folder of
                        images or videos, a video, a LeRobot dataset or a robomimic file): writes
                        meta/sim2real.json and meta/sim2real.html, as npm run gap does (lerobot only)
  --render-workers K    render workers in the headless browser (default ${DEFAULT_WORKERS})
  --resume              finish an interrupted job in --out (same job, same bytes)
  --force               replace a dataset (complete or unfinished) in --out
  --episode-timeout S   seconds before a stuck episode's worker is replaced (default 120)
  --debug               print stack traces of internal errors
  -h, --help            show this help

The folder is complete when DIR/studio_job.json exists (written last: scene,
seed, versions, summary). An interrupted job keeps DIR/${WORK_DIR}/ so that
--resume can finish it.

${EXIT_CODES_HELP}`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, {
    help: { type: 'boolean', short: 'h' },
    episodes: { type: 'string' },
    out: { type: 'string' },
    format: { type: 'string' },
    seed: { type: 'string' },
    workers: { type: 'string' },
    'episode-timeout': { type: 'string' },
    resume: { type: 'boolean' },
    force: { type: 'boolean' },
    shard: { type: 'string' },
    'no-cameras': { type: 'boolean' },
    'render-workers': { type: 'string' },
    variations: { type: 'string' },
    reference: { type: 'string' },
    'world-model': { type: 'string' },
    queue: { type: 'string' },
    shards: { type: 'string' },
    'shared-dir': { type: 'string' },
    real: { type: 'string' },
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return EXIT.ok;
  }
  if (positionals.length > 1) throw new CliError(EXIT.usage, `give one scene, got ${positionals.length}: ${positionals.join(' ')}`);
  if (values.resume && values.force) throw new CliError(EXIT.usage, '--resume and --force exclude each other');
  checkQueueFlags(values);
  const workers = intOption('workers', values.workers, DEFAULT_WORKERS, 1, 256);
  const timeoutS = numberOption('episode-timeout', values['episode-timeout'], 120, 1, 86_400);

  const job = values.resume ? resumedJob(values, positionals[0]) : newJob(values, positionals[0]);
  const loaded = loadSaved(job);
  const out = job.out;
  if (values.queue !== undefined) {
    checkRealReference(values.real, { format: job.saved.format, shard: false, queue: true });
    return submitToQueue({ out, saved: job.saved, scene: loaded.scene, queue: values.queue, shards: values.shards, sharedDir: values['shared-dir'], episodeTimeoutS: timeoutS });
  }
  const real = checkRealReference(values.real, { format: job.saved.format, shard: job.saved.shard !== undefined, queue: false });
  const meshes = loadMeshes(loaded.scene);
  const format = FORMATS[job.saved.format]!;
  const variations = job.saved.variations && { saved: job.saved.variations, model: await prepareVariations(job.saved.variations, loaded.scene) };
  const renderWorkers = intOption('render-workers', values['render-workers'] as string | undefined, DEFAULT_WORKERS, 1, 64);
  // The browser is checked before anything is written, so a missing one leaves no unfinished job behind.
  const renderer = await openRendererIfNeeded(loaded.scene, job.saved, meshes, renderWorkers);
  if (renderer && variations) {
    try {
      process.stdout.write(`${await startVariations(renderer, variations.saved, variations.model, job.saved.jobSeed, renderWorkers)}\n`);
    } catch (error) {
      await renderer.close();
      throw error;
    }
  }
  if (!values.resume) saveJob(out, job.saved);

  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const spawn = nodeSpawn<RolloutService>(new URL('../../workers/rollout/rollout.node-worker.ts', import.meta.url));
  const pool = createRolloutPool(spawn, meshes, workers, timeoutS * 1000);
  const range = shardRange(job.saved.episodes, job.saved.shard);
  const progress = episodeProgress(range.count, loaded.scene.name);
  try {
    const result = await runJob(
      {
        scene: loaded.scene,
        sceneFile: job.saved.sceneFile,
        jobSeed: job.saved.jobSeed,
        episodeCount: range.count,
        firstEpisode: range.first,
        ...(job.saved.shard ? { shard: { ...job.saved.shard, jobEpisodes: job.saved.episodes } } : {}),
        generator: generatorInfo(),
        ...(variations ? { variations: jobVariations(variations.saved) } : {}),
      },
      {
        pool,
        sink: new FileSink(out),
        createWriter: format.writer,
        journal: fileJournal(join(out, WORK_DIR, JOURNAL)),
        signal: controller.signal,
        onEpisode: (record) => progress.tick(record.success),
        ...(real ? {
          beforeComplete: async () => {
            progress.stop();
            process.stdout.write(`${(await writeRealReport(out, real, job.saved.jobSeed)).join('\n')}\n`);
          },
        } : {}),
        ...(renderer ? { render: (spec, record) => renderer.render(spec, record, { coco: job.saved.format === 'coco', ...(variations ? { variations: true } : {}) }), renderAhead: 2 } : {}),
      },
    );
    progress.stop();
    removeWork(out);
    const { summary } = result;
    const outcomes = Object.entries(summary.outcomes).map(([k, v]) => `${k} ${v}`).join(', ');
    const resumed = result.replayed ? ` (${result.replayed} taken from the interrupted run)` : '';
    const part = job.saved.shard ? ` (shard ${job.saved.shard.index}/${job.saved.shard.count}: episodes ${range.first}-${range.first + range.count - 1})` : '';
    process.stdout.write(`${summary.episodes} episodes${part} -> ${out} [${job.saved.format}]${resumed} (success ${(100 * summary.successRate).toFixed(1)}%: ${outcomes})\n`);
    return EXIT.ok;
  } catch (error) {
    progress.stop();
    if (error instanceof JobCancelled) throw new CliError(EXIT.cancelled, `cancelled; ${out} is not complete: finish it with --resume --out ${out}`);
    throw error;
  } finally {
    await pool.close();
    await renderer?.close();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** The variation settings as the job record keeps them: names, not this machine's paths. */
function jobVariations(saved: SavedVariations): JobVariations {
  return { count: saved.count, reference: basename(saved.reference), worldModel: { folder: basename(saved.worldModel), sha256: saved.modelSha256 } };
}

type Values = ReturnType<typeof parse>['values'];
interface Job {
  out: string;
  saved: SavedJob;
}

function newJob(values: Values, sceneArg: string | undefined): Job {
  const file = resolveSceneArg(sceneArg ?? DEFAULT_PRESET);
  const loaded = readSceneFile(file);
  const format = (values.format as string | undefined) ?? DEFAULT_FORMAT;
  if (!FORMATS[format]) throw new CliError(EXIT.usage, `--format: expected one of ${Object.keys(FORMATS).join(', ')}, got "${format}"`);
  const out = (values.out as string | undefined) ?? join('datasets', basename(file, '.json'));
  if (isComplete(out) || readSavedJob(out)) {
    if (!values.force) {
      const what = isComplete(out) ? 'a complete dataset' : `an unfinished job (finish it with --resume --out ${out})`;
      throw new CliError(EXIT.output, `${out} already holds ${what}; use --force to replace it or choose another --out`);
    }
    clearDataset(out);
  }
  return {
    out,
    saved: {
      sceneFile: basename(file),
      sceneText: loaded.text,
      jobSeed: intOption('seed', values.seed as string | undefined, 0, 0, Number.MAX_SAFE_INTEGER),
      episodes: intOption('episodes', values.episodes as string | undefined, DEFAULT_EPISODES, 1, 100_000_000),
      format,
      ...(values.shard === undefined ? {} : { shard: parseShard(values.shard as string) }),
      ...(values['no-cameras'] ? { noCameras: true } : {}),
      ...withVariations(values, format),
    },
  };
}

/** The job's variations (--variations, --reference, --world-model), if it asks for any. */
function withVariations(values: Values, format: string): { variations?: NonNullable<SavedJob['variations']> } {
  const saved = parseVariationOptions({ variations: values.variations as string | undefined, reference: values.reference as string | undefined, worldModel: values['world-model'] as string | undefined }, format, Boolean(values['no-cameras']));
  return saved ? { variations: saved } : {};
}

/** Formats whose datasets hold camera streams; the others do not render. */
const FORMATS_WITH_CAMERAS = new Set(['lerobot', 'coco']);

/**
 * Opens the headless renderer when the job renders cameras: the scene has
 * cameras, the format stores them, and --no-cameras was not given. Fails at
 * once (exit 6) when no browser is found.
 */
async function openRendererIfNeeded(scene: SceneDoc, saved: SavedJob, meshes: MeshLibrary, workers: number): Promise<EpisodeRenderer | undefined> {
  if (saved.noCameras || scene.cameras.length === 0 || !FORMATS_WITH_CAMERAS.has(saved.format)) {
    if (saved.format === 'coco') throw new CliError(EXIT.usage, '--format coco writes rendered frames: it needs a scene with cameras and no --no-cameras');
    return undefined;
  }
  try {
    return await openChromiumRenderer({ workers, meshes, onWarning: (message) => process.stderr.write(`warning: ${message}\n`) });
  } catch (error) {
    if (error instanceof BrowserNotFoundError || (error instanceof Error && error.message.startsWith(BROWSER_ENV))) throw new CliError(EXIT.environment, error.message);
    throw error;
  }
}

/** "I/N" with 0 <= I < N. */
function parseShard(text: string): { index: number; count: number } {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || !(count >= 1) || !(index < count)) throw new CliError(EXIT.usage, `--shard: expected I/N with 0 <= I < N (e.g. 0/4), got "${text}"`);
  return { index, count };
}

function resumedJob(values: Values, sceneArg: string | undefined): Job {
  const out = values.out as string | undefined;
  if (!out) throw new CliError(EXIT.usage, '--resume needs --out DIR, the folder of the interrupted job');
  const saved = readSavedJob(out);
  if (!saved) {
    throw new CliError(EXIT.output, isComplete(out) ? `${out} is already complete; nothing to resume` : `${out} holds no interrupted job to resume`);
  }
  const given: [string, unknown, unknown][] = [
    ['scene', sceneArg && basename(resolveSceneArg(sceneArg)), saved.sceneFile],
    ['--episodes', values.episodes && Number(values.episodes), saved.episodes],
    ['--seed', values.seed && Number(values.seed), saved.jobSeed],
    ['--format', values.format, saved.format],
    ['--shard', values.shard, saved.shard && `${saved.shard.index}/${saved.shard.count}`],
    ['--no-cameras', values['no-cameras'], saved.noCameras],
    ['--variations', values.variations && Number(values.variations), saved.variations?.count],
  ];
  for (const [name, value, savedValue] of given) {
    if (value !== undefined && value !== savedValue) {
      throw new CliError(EXIT.usage, `${name} ${String(value)} differs from the interrupted job's ${String(savedValue)}; --resume finishes the same job`);
    }
  }
  return { out, saved };
}

/** Validates the saved scene text again (it is the job's source of truth on resume). */
function loadSaved(job: Job) {
  const result = loadSceneText(job.saved.sceneText, job.saved.sceneFile, { assetExists: (p) => existsSync(join(ASSETS_DIR, p)) });
  if (!result.ok) throw new CliError(EXIT.invalidScene, formatProblem(result.problem));
  return { scene: result.scene };
}

await runCommand('generate', main);
