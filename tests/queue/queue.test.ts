/**
 * Queue mode against a real redis-server: "generate --queue" puts a job's
 * shards on a BullMQ queue and three worker processes run them. One worker is
 * SIGKILLed mid-shard (its lock expires and another worker resumes the shard
 * from its journal), another is stopped with SIGTERM mid-shard (it hands the
 * shard back), a third is frozen past its lock (its shard is taken over; it
 * leaves it once woken), and the submitter itself is interrupted and run
 * again (the same job ids: nothing is queued twice). The merged dataset holds every
 * episode once and is byte-identical to a single-machine generate run.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJournal } from '../../exporters/journal';
import { hashTree, runCli } from '../cli/run-cli';
import { openDuckDB, sqlString } from '../lerobot/duckdb';
import { freePort, sleep, startCli, startRedis, stopProcess, type CliProcess, type RedisServer } from './processes';

const scratch = mkdtempSync(join(tmpdir(), 'studio-queue-'));
const EPISODES = 180;
const SHARDS = 6;
/** Stop a worker while its shard has between these many episodes journalled (shards hold 30). */
const MID_SHARD = [2, 20] as const;
const job = ['tabletop-grasp', '--no-cameras', '--episodes', String(EPISODES), '--seed', '4'];
/** Short lock and stalled-check times so a dead worker's shard is taken over within ~4 s. */
const workerArgs = ['--workers', '1', '--lock-duration', '3', '--stalled-interval', '1'];

let redis: RedisServer | undefined;
const workers: CliProcess[] = [];
const submitters: CliProcess[] = [];

async function startWorker(): Promise<CliProcess> {
  const worker = startCli('worker', ['--queue', redis!.url, ...workerArgs]);
  workers.push(worker);
  await worker.line(/waiting for shard jobs on redis:\/\//);
  return worker;
}

/** Episodes in a shard folder's journal (delivered and durable), 0 when it has none yet. */
function journalled(shardDir: string): number {
  const file = join(shardDir, '.studio-work', 'episodes.journal');
  return existsSync(file) ? decodeJournal(new Uint8Array(readFileSync(file))).records.length : 0;
}

/**
 * Waits until `worker` is running a shard that has at least `min` and at most
 * `max` episodes in its journal; returns the shard's index and folder.
 */
async function midShard(worker: CliProcess, min: number, max: number, timeoutMs = 60_000): Promise<{ index: number; dir: string }> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const started = worker.stdout.filter((l) => / started, attempt /.test(l));
    const last = started.at(-1);
    if (last) {
      const [, index, dir] = /shard (\d+)\/\d+ .* -> (.+)$/.exec(last)!;
      const finished = worker.stdout.some((l) => new RegExp(`shard ${index}/\\d+ .*(done|handed back|failed)`).test(l) && worker.stdout.indexOf(l) > worker.stdout.indexOf(last));
      const count = finished ? -1 : journalled(dir!);
      if (count >= min && count <= max) return { index: Number(index), dir: dir! };
    }
    await sleep(10);
  }
  throw new Error(`worker never got ${min} episodes into a shard; its log: ${worker.stdout.join(' | ')}`);
}

beforeAll(async () => {
  redis = await startRedis(join(scratch, 'redis'));
  await Promise.all([startWorker(), startWorker(), startWorker()]);
}, 60_000);

afterAll(async () => {
  await Promise.all([...workers, ...submitters].map((p) => stopProcess(p.child, 'SIGKILL')));
  await redis?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

describe('generate --queue with worker processes', () => {
  it('survives a killed, a stopped and a frozen worker and a restarted submitter, and merges the bytes of a single run', async () => {
    const out = join(scratch, 'queued');
    const submit = () => {
      const submitter = startCli('generate', [...job, '--queue', redis!.url, '--shards', String(SHARDS), '--out', out]);
      submitters.push(submitter);
      return submitter;
    };
    const first = submit();

    // A worker dies with kill -9 in the middle of a shard.
    const [victim, stopped, survivor] = workers as [CliProcess, CliProcess, CliProcess];
    const killed = await midShard(victim, ...MID_SHARD);
    victim.child.kill('SIGKILL');

    // The submitter is interrupted; the jobs stay on the queue.
    first.child.kill('SIGINT');
    expect(await first.exited).toBe(130);
    expect(first.stderr.join('\n')).toMatch(/cancelled; the shard jobs stay on the queue/);

    // Another worker is stopped with SIGTERM mid-shard: it hands its shard back and exits cleanly.
    const handedBack = await midShard(stopped, ...MID_SHARD);
    stopped.child.kill('SIGTERM');
    expect(await stopped.exited).toBe(0);
    expect(stopped.stdout.join('\n')).toMatch(new RegExp(`shard ${handedBack.index}/${SHARDS} .*handed back to the queue`));
    expect(stopped.stdout.at(-1)).toMatch(/stopped$/);
    const replacement = await startWorker();

    // Submitting the same job again adds no jobs: it waits for the same ones and merges.
    const second = submit();

    // A worker freezes (SIGSTOP) mid-shard for longer than its lock: another worker takes the shard over from its
    // journal, and the frozen one, woken (SIGCONT), finds its lock lost and leaves the shard alone.
    const frozen = await midShard(survivor, ...MID_SHARD);
    survivor.child.kill('SIGSTOP');
    await replacement.line(new RegExp(`shard ${frozen.index}/${SHARDS} .* started`), 90_000);
    survivor.child.kill('SIGCONT');
    await survivor.line(new RegExp(`shard ${frozen.index}/${SHARDS} .* stopped: the job lock was lost`), 30_000);

    expect(await second.exited, second.stderr.join('\n')).toBe(0);
    expect(second.stdout.join('\n')).toMatch(new RegExp(`^${EPISODES} episodes \\(${SHARDS} shards through redis://127\\.0\\.0\\.1:\\d+\\) -> `, 'm'));

    const allLogs = workers.flatMap((w) => w.stdout);
    // Every shard was finished once (submitting twice queued nothing twice); the killed, the handed-back and the
    // frozen shards were finished by other workers from their journals.
    for (let i = 0; i < SHARDS; i++) {
      const done = allLogs.filter((l) => new RegExp(`shard ${i}/${SHARDS} .* done: \\d+ episodes`).test(l));
      expect(done, `shard ${i}`).toHaveLength(1);
    }
    for (const shard of [killed, handedBack, frozen]) {
      const resumed = allLogs.find((l) => new RegExp(`shard ${shard.index}/${SHARDS} .* done: \\d+ episodes \\((\\d+) taken from an interrupted attempt\\)`).test(l));
      expect(resumed, `shard ${shard.index} resumed`).toBeDefined();
      expect(Number(/\((\d+) taken/.exec(resumed!)![1])).toBeGreaterThanOrEqual(2);
    }
    expect(existsSync(join(out, '.studio-work'))).toBe(false);

    // Every job episode once: the summary counts all of them; the data holds each episode that has frames
    // (an episode with no grasp candidate has none) once, in job order.
    const { summary } = JSON.parse(readFileSync(join(out, 'studio_job.json'), 'utf8')) as { summary: { episodes: number; outcomes: Record<string, number>; errored: unknown[] } };
    expect(summary.episodes).toBe(EPISODES);
    expect(Object.values(summary.outcomes).reduce((a, b) => a + b, 0)).toBe(EPISODES);
    const query = await openDuckDB();
    const rows = await query(`SELECT job_episode_index AS i FROM read_parquet(${sqlString(join(out, 'meta/job_episodes.parquet'))}) ORDER BY episode_index`);
    const indices = rows.map((r) => r.i as number);
    expect(indices.every((i, k) => k === 0 || i > indices[k - 1]!)).toBe(true);
    expect(indices[0]).toBeGreaterThanOrEqual(0);
    expect(indices.at(-1)).toBeLessThan(EPISODES);
    expect(indices).toHaveLength(EPISODES - (summary.outcomes.no_candidate ?? 0) - summary.errored.length);

    const single = join(scratch, 'single');
    const reference = runCli('generate', [...job, '--workers', '2', '--out', single], 120_000);
    expect(reference.code, reference.stderr).toBe(0);
    expect(hashTree(out)).toEqual(hashTree(single));

    // A worker keeps the rollout threads of a finished shard for its next one; idle, it still exits cleanly on SIGTERM.
    expect(replacement.stdout.join('\n')).toMatch(new RegExp(`shard ${frozen.index}/${SHARDS} .* done: \\d+ episodes`));
    replacement.child.kill('SIGTERM');
    expect(await Promise.race([replacement.exited, sleep(15_000).then(() => 'still running after 15 s')])).toBe(0);
  }, 240_000);

  it('names the Redis URL when nothing listens there, and refuses what queue mode cannot merge', async () => {
    const closed = `redis://127.0.0.1:${await freePort()}`;
    const worker = startCli('worker', ['--queue', closed]);
    expect(await worker.exited).toBe(6);
    expect(worker.stderr.join('\n')).toMatch(new RegExp(`^worker: cannot connect to redis at ${closed.replaceAll('.', '\\.')}: ECONNREFUSED`, 'm'));

    const cameras = runCli('generate', ['tabletop-grasp', '--episodes', '4', '--queue', redis!.url, '--out', join(scratch, 'cameras')]);
    expect(cameras.code).toBe(2);
    expect(cameras.stderr).toMatch(/has cameras \(.*\): add --no-cameras/);

    const badUrl = runCli('generate', [...job, '--queue', 'localhost:6379', '--out', join(scratch, 'bad-url')]);
    expect(badUrl.code).toBe(2);
    expect(badUrl.stderr).toMatch(/--queue: expected redis:\/\/ or rediss:\/\/, got "localhost:6379"/);
  });
});
