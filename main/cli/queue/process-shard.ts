/**
 * The BullMQ processor of a shard job: validates the job data, runs the shard
 * (run-shard.ts), reports progress to the queue, and when the worker is
 * stopping hands the job back to the queue without spending an attempt.
 */
import { randomUUID } from 'node:crypto';
import { UnrecoverableError, WaitingError, type Job } from 'bullmq';
import { JobCancelled } from '../../../workers/pipeline/run-rollouts';
import { attemptFolder } from './attempt-folder';
import { runShard } from './run-shard';
import { ShardJobData, SHARD_ATTEMPTS, shardFolder, type ShardJobProgress, type ShardJobResult } from './shard-job';

/** Writes one line of the worker's log. */
export type ShardLog = (line: string) => void;

export interface ProcessOptions {
  /** Rollout threads per shard. */
  threads: number;
  /** Overrides the job's episode timeout, seconds. */
  episodeTimeoutS: number | undefined;
  log: ShardLog;
}

/** The abort reason of a job whose lock this worker could not renew: another worker may own it now. */
export const LOCK_LOST = 'the job lock was lost';

/** Progress goes to Redis at most this often (milliseconds), and once more at the end. */
const PROGRESS_EVERY_MS = 250;

/** Runs one shard job; the returned value is stored with the completed job. */
export async function processShardJob(job: Job<ShardJobData, ShardJobResult>, token: string | undefined, signal: AbortSignal | undefined, options: ProcessOptions): Promise<ShardJobResult> {
  const parsed = ShardJobData.safeParse(job.data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UnrecoverableError(`job ${job.id}: not a shard job of this studio: data.${issue.path.join('.')}: ${issue.message}`);
  }
  const data = { ...parsed.data, ...(options.episodeTimeoutS ? { episodeTimeoutS: options.episodeTimeoutS } : {}) };
  const what = `shard ${data.shard.index}/${data.shard.count} (job ${job.id})`;
  const attempts = job.opts.attempts ?? SHARD_ATTEMPTS;
  // A folder per take of the job (BullMQ reuses lock tokens across jobs, so they cannot name it).
  const attempt = randomUUID();
  options.log(`${what} started, attempt ${job.attemptsMade + 1} of ${attempts} -> ${attemptFolder(shardFolder(data, data.shard.index, data.shard.count), attempt)}`);
  const started = performance.now();

  const progress = new ProgressReporter(job);
  const aborted = signal ?? new AbortController().signal;
  try {
    const result = await runShard(data, { attempt, threads: options.threads, signal: aborted, onProgress: (p) => progress.report(p) });
    await progress.flush();
    const resumed = result.replayed ? ` (${result.replayed} taken from an interrupted attempt)` : '';
    options.log(`${what} done: ${result.episodes} episodes${resumed} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return result;
  } catch (error) {
    await progress.flush().catch(() => undefined);
    if (error instanceof JobCancelled && aborted.reason === LOCK_LOST) {
      // Another worker has taken the job over (in its own attempt folder): leave the job to it.
      options.log(`${what} stopped: ${LOCK_LOST} (this worker could not reach Redis in time); another worker goes on with it`);
      throw new WaitingError();
    }
    if (error instanceof JobCancelled && token) {
      // Back to the waiting list with its attempt count unchanged; the journal keeps the episodes done so far.
      await job.moveToWait(token);
      options.log(`${what} handed back to the queue`);
      throw new WaitingError();
    }
    options.log(`${what} failed on attempt ${job.attemptsMade + 1} of ${attempts}: ${error instanceof Error ? error.message : String(error)}`);
    throw error;
  }
}

/** Sends job progress at most every PROGRESS_EVERY_MS, in order, never more than one update in flight. */
class ProgressReporter {
  private latest: ShardJobProgress | undefined;
  private sentAt = 0;
  private sending: Promise<void> = Promise.resolve();

  constructor(private readonly job: Job) {}

  report(progress: ShardJobProgress): void {
    this.latest = progress;
    const now = performance.now();
    if (now - this.sentAt < PROGRESS_EVERY_MS && progress.done < progress.total) return;
    this.sentAt = now;
    this.send();
  }

  flush(): Promise<void> {
    this.send();
    return this.sending;
  }

  private send(): void {
    const value = this.latest;
    if (!value) return;
    this.latest = undefined;
    // A failed update (Redis briefly away) only costs a bar update on the submitter.
    this.sending = this.sending.then(() => this.job.updateProgress({ ...value }).catch(() => undefined));
  }
}
