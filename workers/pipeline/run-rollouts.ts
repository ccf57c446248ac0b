/**
 * The rollout stage of the job pipeline: sample -> rollout on a worker pool,
 * delivered strictly in episode order whatever the worker count, with one
 * retry per episode and a failed record (never a lost or duplicated episode)
 * when the retry fails too.
 */
import { sample, type EpisodeSpec } from '../../scenes/sample';
import type { SceneDoc } from '../../scenes/schema/scene';
import type { EpisodeRecord } from '../episode';
import type { WorkerPool } from '../pool/worker-pool';
import type { RolloutService } from '../rollout/service';

export interface RolloutJob {
  scene: SceneDoc;
  jobSeed: number;
  /** Episode indices to run, in delivery order. */
  episodes: readonly number[];
}

export interface RolloutOptions {
  /** Called once per episode, in the order of `job.episodes`; awaited (back-pressure). */
  onRecord: (record: EpisodeRecord) => void | Promise<void>;
  signal?: AbortSignal;
  /** Most episodes started but not yet delivered; defaults to 4 per worker. */
  window?: number;
  /** Attempts per episode before it is recorded as failed (default 2: one retry). */
  maxAttempts?: number;
}

export class JobCancelled extends Error {
  override name = 'JobCancelled';
}

/** Runs every episode of `job`; resolves when all were delivered. */
export async function runRollouts(pool: WorkerPool<RolloutService>, job: RolloutJob, options: RolloutOptions): Promise<void> {
  const window = options.window ?? pool.size * 4;
  const maxAttempts = options.maxAttempts ?? 2;
  const done = new Map<number, EpisodeRecord>();
  let delivered = 0;
  let delivering: Promise<void> = Promise.resolve();
  const inFlight = new Set<Promise<void>>();

  const deliverReady = (): Promise<void> => {
    delivering = delivering.then(async () => {
      while (delivered < job.episodes.length && done.has(delivered)) {
        const record = done.get(delivered) as EpisodeRecord;
        done.delete(delivered);
        delivered++;
        await options.onRecord(record);
      }
    });
    return delivering;
  };

  for (let k = 0; k < job.episodes.length; k++) {
    throwIfCancelled(options.signal);
    while (k - delivered >= window || inFlight.size >= window) {
      // Each task settles only after its delivery, so this waits for real progress.
      await (inFlight.size > 0 ? Promise.race(inFlight) : delivering);
      throwIfCancelled(options.signal);
    }
    const spec = sample(job.scene, job.jobSeed, job.episodes[k] as number);
    const task: Promise<void> = runWithRetry(pool, spec, maxAttempts, options.signal).then((record) => {
      done.set(k, record);
      inFlight.delete(task);
      return deliverReady();
    });
    task.catch(() => undefined); // observed below via Promise.all/race; avoids unhandled rejections on cancel
    inFlight.add(task);
  }
  await Promise.all(inFlight);
  await deliverReady();
  throwIfCancelled(options.signal);
}

async function runWithRetry(pool: WorkerPool<RolloutService>, spec: EpisodeSpec, maxAttempts: number, signal?: AbortSignal): Promise<EpisodeRecord> {
  let lastError: unknown;
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    throwIfCancelled(signal);
    try {
      const record = await pool.run((api) => api.run(spec, attempt));
      return { ...record, attempts: attempt };
    } catch (error) {
      if (signal?.aborted) throw new JobCancelled('the job was cancelled');
      lastError = error;
    }
  }
  return failedRecord(spec, lastError, maxAttempts);
}

/** The record of an episode that could not be run; it keeps its place in the dataset. */
export function failedRecord(spec: EpisodeSpec, error: unknown, attempts: number): EpisodeRecord {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return {
    episodeIndex: spec.episodeIndex,
    seed: spec.seed,
    task: spec.scene.task.type,
    success: false,
    outcome: 'error',
    detail: message.split('\n')[0] as string,
    fps: spec.scene.task.recordFps,
    frames: 0,
    channels: {},
    metrics: {},
    resolved: spec.resolved,
    attempts,
  };
}

function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new JobCancelled('the job was cancelled');
}
