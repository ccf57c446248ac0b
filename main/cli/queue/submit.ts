/**
 * generate --queue: puts the shards of a job on a BullMQ queue in Redis,
 * follows the workers' progress, waits for every shard, then merges the
 * shards into the output folder. Submitting the same job again adds nothing
 * (job ids come from the job's hash): it waits for the same jobs, retries
 * failed ones and reruns shards whose output is gone.
 */
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Queue, QueueEvents, type Job } from 'bullmq';
import { JOB_FILE, shardRange, type JobRecord } from '../../../exporters/job';
import type { SceneDoc } from '../../../scenes/schema/scene';
import { intOption } from '../args';
import { CliError, EXIT } from '../exit-codes';
import { generatorInfo } from '../generator-info';
import { isComplete, removeWork, WORK_DIR, type SavedJob } from '../output-folder';
import { mergeShardFolders } from './merge-step';
import { checkReachable, openClient, parseRedisUrl } from './redis';
import { JOB_NAME, jobFolder, jobHash, QUEUE_NAME, RETRY_DELAY_MS, SHARD_ATTEMPTS, ShardJobData, shardFolder, shardJobId, shortHash, type ShardJobResult } from './shard-job';
import { ShardProgress } from './shard-progress';

/** Shards of a job when --shards is not given (fewer when the job has fewer episodes). */
export const DEFAULT_SHARDS = 8;
/** How often the submitter asks Redis for the state of its jobs besides the events, milliseconds. */
const POLL_MS = 1000;

export interface QueueFlags {
  queue?: unknown;
  shards?: unknown;
  'shared-dir'?: unknown;
  resume?: unknown;
  shard?: unknown;
}

/** Refuses flags that do not go together with (or without) --queue. */
export function checkQueueFlags(values: QueueFlags): void {
  if (values.queue === undefined) {
    if (values.shards !== undefined || values['shared-dir'] !== undefined) throw new CliError(EXIT.usage, '--shards and --shared-dir go with --queue redis://HOST:PORT');
    return;
  }
  if (values.resume) throw new CliError(EXIT.usage, '--queue and --resume exclude each other: to finish a queued job, run the same command again');
  if (values.shard !== undefined) throw new CliError(EXIT.usage, '--queue and --shard exclude each other: --queue makes the shards itself (--shards N)');
}

export interface Submission {
  out: string;
  saved: SavedJob;
  scene: SceneDoc;
  /** --queue, --shards and --shared-dir as given. */
  queue: string;
  shards: string | undefined;
  sharedDir: string | undefined;
  /** Seconds before a stuck episode's rollout thread is replaced on the workers. */
  episodeTimeoutS: number;
}

type ShardJob = Job<ShardJobData, ShardJobResult>;

/** Runs a generate job through the queue; returns the exit code. */
export async function submitToQueue(sub: Submission): Promise<number> {
  const { saved, scene } = sub;
  const target = parseRedisUrl(sub.queue);
  if (saved.format !== 'lerobot') throw new CliError(EXIT.usage, `--queue: the shards are merged into one dataset and merge combines LeRobot datasets: use --format lerobot, not "${saved.format}"`);
  if (!saved.noCameras && scene.cameras.length > 0) {
    throw new CliError(EXIT.usage, `--queue: merge takes shards without camera streams, and ${saved.sceneFile} has cameras (${scene.cameras.map((c) => c.id).join(', ')}): add --no-cameras`);
  }
  const count = intOption('shards', sub.shards, Math.min(DEFAULT_SHARDS, saved.episodes), 1, saved.episodes);
  const defaultShared = sub.sharedDir === undefined;
  const sharedDir = resolve(sub.sharedDir ?? join(sub.out, WORK_DIR, 'shards'));
  await checkReachable(target);

  const generator = generatorInfo();
  const hash = jobHash({ sceneFile: saved.sceneFile, sceneText: saved.sceneText, jobSeed: saved.jobSeed, episodes: saved.episodes, format: 'lerobot', noCameras: !!saved.noCameras, shards: count, generator });
  const base = {
    kind: 'studio-generate-shard',
    version: 1,
    jobHash: hash,
    sceneFile: saved.sceneFile,
    sceneText: saved.sceneText,
    jobSeed: saved.jobSeed,
    episodes: saved.episodes,
    format: 'lerobot',
    noCameras: !!saved.noCameras,
    sharedDir,
    generator,
    episodeTimeoutS: sub.episodeTimeoutS,
  } as const;
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const progress = new ShardProgress(saved.episodes, `${scene.name} (${count} shards)`);
  let events: QueueEvents | undefined;
  let queue: Queue<ShardJobData, ShardJobResult> | undefined;
  try {
    events = await openClient(target, () => new QueueEvents(QUEUE_NAME, { connection: target.options }));
    queue = await openClient(target, () => new Queue<ShardJobData, ShardJobResult>(QUEUE_NAME, { connection: target.options }));
    try {
      mkdirSync(jobFolder(base), { recursive: true }); // workers check that it exists: proof the shared folder is mounted
    } catch (error) {
      throw new CliError(EXIT.output, `--shared-dir: cannot create ${jobFolder(base)}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
    // Listening before adding: no progress report is missed.
    let wake: () => void = () => undefined;
    events.on('progress', ({ jobId, data }) => progress.update(jobId, data));
    events.on('completed', () => wake());
    events.on('failed', () => wake());
    const datas = await enqueue(queue, base, count);
    process.stderr.write(`queued ${count} shard jobs (${shortHash(hash)}-shard-*) on ${target.label}; start workers with: npm run worker -- --queue ${target.label}\n`);
    progress.start();

    const pending = new Map(datas.map((data, i) => [shardJobId(hash, i, count), data]));
    while (pending.size) {
      for (const [id, data] of pending) {
        const state = await queue.getJobState(id);
        if (state === 'completed') {
          const job = (await queue.getJob(id)) as ShardJob;
          progress.complete(id, job.returnvalue?.episodes ?? shardRange(data.episodes, data.shard).count, job.returnvalue?.successes ?? 0);
          pending.delete(id);
        } else if (state === 'failed') {
          const job = (await queue.getJob(id)) as ShardJob | undefined;
          throw new CliError(EXIT.internal, `shard ${data.shard.index}/${count} (job ${id}) failed after ${job?.attemptsMade ?? SHARD_ATTEMPTS} attempts: ${job?.failedReason ?? 'no reason given'}; fix it and run the same command again to retry`);
        } else if (state === 'unknown') {
          await addShard(queue, data, id); // removed from the queue by someone: put it back
        }
      }
      if (!pending.size) break;
      await new Promise<void>((done) => {
        const timer = setTimeout(() => wake(), POLL_MS);
        wake = () => {
          clearTimeout(timer);
          controller.signal.removeEventListener('abort', wake);
          done();
        };
        controller.signal.addEventListener('abort', wake, { once: true });
      });
      if (controller.signal.aborted) {
        throw new CliError(EXIT.cancelled, `cancelled; the shard jobs stay on the queue and workers go on: run the same command again to wait for them and merge into ${sub.out}`);
      }
    }
    progress.stop();

    const dirs = datas.map((data) => shardFolder(data, data.shard.index, count));
    await mergeShardFolders(sub.out, dirs, controller.signal);
    const jobs = queue;
    await Promise.all(datas.map((_, i) => jobs.remove(shardJobId(hash, i, count))));
    for (const folder of new Set(datas.map((d) => jobFolder(d)))) rmSync(folder, { recursive: true, force: true });
    if (defaultShared) removeWork(sub.out);
    const { summary } = JSON.parse(readFileSync(join(sub.out, JOB_FILE), 'utf8')) as JobRecord;
    const outcomes = Object.entries(summary.outcomes).map(([k, v]) => `${k} ${v}`).join(', ');
    process.stdout.write(`${summary.episodes} episodes (${count} shards through ${target.label}) -> ${sub.out} [lerobot] (success ${(100 * summary.successRate).toFixed(1)}%: ${outcomes})\n`);
    return EXIT.ok;
  } finally {
    progress.stop();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await Promise.allSettled([events?.close(), queue?.close()]);
  }
}

/**
 * Adds the job's shards, or takes over the jobs a submission of the same job
 * left: failed ones are retried, completed ones whose folder is gone are run
 * again. Returns each shard's data (that of the job on the queue).
 */
async function enqueue(queue: Queue<ShardJobData, ShardJobResult>, base: Omit<ShardJobData, 'shard'>, count: number): Promise<ShardJobData[]> {
  const datas: ShardJobData[] = [];
  for (let index = 0; index < count; index++) {
    const data: ShardJobData = { ...base, shard: { index, count } };
    const id = shardJobId(base.jobHash, index, count);
    const existing = (await queue.getJob(id)) as ShardJob | undefined;
    const state = existing ? await existing.getState() : 'unknown';
    const theirs = existing && ShardJobData.safeParse(existing.data);
    if (!existing || !theirs?.success || state === 'unknown') {
      await existing?.remove();
      await addShard(queue, data, id);
      datas.push(data);
    } else if (state === 'completed' && !isComplete(shardFolder(theirs.data, index, count))) {
      await existing.remove();
      await addShard(queue, data, id);
      datas.push(data);
    } else {
      if (state === 'failed') await existing.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
      datas.push(theirs.data); // waiting, running or done: its output goes where its data says
    }
  }
  return datas;
}

function addShard(queue: Queue<ShardJobData, ShardJobResult>, data: ShardJobData, jobId: string): Promise<unknown> {
  return queue.add(JOB_NAME, data, {
    jobId,
    attempts: SHARD_ATTEMPTS,
    backoff: { type: 'exponential', delay: RETRY_DELAY_MS },
    // Kept until the submitter has merged the shards (then it removes them): a resubmission finds them.
    removeOnComplete: false,
    removeOnFail: false,
  });
}
