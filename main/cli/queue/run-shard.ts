/**
 * Runs one shard job in a worker process with the generate pipeline: the
 * shard folder in the shared directory becomes a `generate --shard I/N`
 * output. Each attempt writes a folder of its own (attempt-folder.ts) that
 * resumes from the journal an earlier attempt left (the --resume machinery),
 * so the bytes are those of one clean run.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UnrecoverableError } from 'bullmq';
import { JOB_FILE, shardRange, type JobRecord } from '../../../exporters/job';
import { loadSceneText } from '../../../scenes/load';
import { formatProblem } from '../../../scenes/problems';
import { runJob } from '../../../workers/pipeline/run-job';
import { nodeSpawn } from '../../../workers/pool/node-spawn';
import { createRolloutPool } from '../../../workers/pool/rollout-pool';
import type { WorkerPool } from '../../../workers/pool/worker-pool';
import type { MeshLibrary } from '../../../workers/physics/mesh';
import type { RolloutService } from '../../../workers/rollout/service';
import { FileSink } from '../file-sink';
import { FORMATS } from '../formats';
import { generatorInfo } from '../generator-info';
import { fileJournal } from '../journal-file';
import { isComplete, JOURNAL, removeWork, saveJob, WORK_DIR } from '../output-folder';
import { ASSETS_DIR, loadMeshes } from '../scene-file';
import { finishAttempt, startAttempt } from './attempt-folder';
import { jobFolder, savedJobOf, shardFolder, type ShardJobData, type ShardJobProgress, type ShardJobResult } from './shard-job';

const spawn = nodeSpawn<RolloutService>(new URL('../../../workers/rollout/rollout.node-worker.ts', import.meta.url));

export interface ShardRunOptions {
  /** A name unique to this attempt (a folder name). */
  attempt: string;
  /** Rollout threads for this shard. */
  threads: number;
  signal: AbortSignal;
  /** Called per delivered episode with the running counts. */
  onProgress: (progress: ShardJobProgress) => void;
}

/**
 * Runs shard `data.shard` of the job into its folder and returns its counts.
 * A shard already complete in the folder is not run again. Throws
 * UnrecoverableError for data no attempt can run (invalid scene), JobCancelled
 * when `signal` aborts, and plain errors (retried by the queue) otherwise.
 */
export async function runShard(data: ShardJobData, options: ShardRunOptions): Promise<ShardJobResult> {
  const dir = shardFolder(data, data.shard.index, data.shard.count);
  // The submitter made the job folder; if it is not here, the shared folder is not mounted on this machine, and
  // writing anyway would put the shard on a local disk the submitter never sees.
  if (!existsSync(jobFolder(data))) {
    throw new Error(`${jobFolder(data)}: not found on this worker; mount the submitter's shared folder (--shared-dir) at the same path on every machine`);
  }
  const mine = generatorInfo();
  if (JSON.stringify(mine) !== JSON.stringify(data.generator)) {
    throw new Error(`this worker runs ${mine.name} ${mine.version} with other dependencies than the submitter's ${data.generator.name} ${data.generator.version}: shards of one job must come from one build`);
  }
  const range = shardRange(data.episodes, data.shard);
  if (isComplete(dir)) {
    const done = JSON.parse(readFileSync(join(dir, JOB_FILE), 'utf8')) as JobRecord;
    return { dir, episodes: done.summary.episodes, successes: done.summary.successes, replayed: 0 };
  }
  const loaded = loadSceneText(data.sceneText, data.sceneFile, { assetExists: (p) => existsSync(join(ASSETS_DIR, p)) });
  if (!loaded.ok) throw new UnrecoverableError(formatProblem(loaded.problem));
  const scene = loaded.scene;

  const attemptDir = startAttempt(dir, options.attempt);
  saveJob(attemptDir, savedJobOf(data));

  const pool = takePool(loadMeshes(scene), options.threads, data.episodeTimeoutS * 1000);
  let healthy = false;
  let done = 0;
  let successes = 0;
  try {
    const result = await runJob(
      {
        scene,
        sceneFile: data.sceneFile,
        jobSeed: data.jobSeed,
        episodeCount: range.count,
        firstEpisode: range.first,
        shard: { ...data.shard, jobEpisodes: data.episodes },
        generator: data.generator,
      },
      {
        pool,
        sink: new FileSink(attemptDir),
        createWriter: FORMATS[data.format]!.writer,
        journal: fileJournal(join(attemptDir, WORK_DIR, JOURNAL)),
        signal: options.signal,
        onEpisode: (record) => {
          done++;
          if (record.success) successes++;
          options.onProgress({ done, successes, total: range.count });
        },
      },
    );
    healthy = true;
    removeWork(attemptDir);
    finishAttempt(dir, attemptDir);
    return { dir, episodes: result.summary.episodes, successes: result.summary.successes, replayed: result.replayed };
  } finally {
    await givePoolBack(pool, healthy);
  }
}

/**
 * The rollout threads of a finished shard, kept for the next shard job of
 * this process with the same meshes, size and time limit: starting them
 * costs seconds per shard. Rollouts hold no state between episodes, so the
 * bytes do not depend on it. Only a pool whose shard succeeded is kept.
 */
let kept: { key: string; pool: WorkerPool<RolloutService> } | undefined;

function takePool(meshes: MeshLibrary, threads: number, timeoutMs: number): KeyedPool {
  const key = JSON.stringify([Object.keys(meshes).sort(), threads, timeoutMs]);
  if (kept?.key === key) {
    const { pool } = kept;
    kept = undefined;
    return Object.assign(pool, { key });
  }
  return Object.assign(createRolloutPool(spawn, meshes, threads, timeoutMs), { key });
}

type KeyedPool = WorkerPool<RolloutService> & { key: string };

async function givePoolBack(pool: KeyedPool, healthy: boolean): Promise<void> {
  if (healthy && kept === undefined) {
    kept = { key: pool.key, pool };
    return;
  }
  await pool.close();
}

/** Stops the kept rollout threads (the worker process cannot exit while they run). */
export async function closeKeptPool(): Promise<void> {
  const pool = kept?.pool;
  kept = undefined;
  await pool?.close();
}
