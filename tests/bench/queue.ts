/**
 * Queue mode throughput: the same generate job run by one process with its
 * in-process worker pool, and through the BullMQ queue (its own throwaway
 * redis-server) with 1 and with 2 worker processes. Each figure is episodes
 * over the wall time of the command a user runs (generate, or generate
 * --queue with the workers already waiting), merge included, best of
 * `rounds` runs taken in turn (other load on the machine only slows a run
 * down); the outputs are checked to be byte-identical.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashTree, REPO } from '../cli/run-cli';
import { redisServerPath, startCli, startRedis, stopProcess, type CliProcess } from '../queue/processes';

export interface QueueFigures {
  /** Episodes per second of each run. */
  inProcess: number;
  oneWorker: number;
  twoWorkers: number;
  /** The three datasets hash the same, file by file. */
  identical: boolean;
}

/** Threads in all, whichever way the job runs (the machine's cores). */
const THREADS = 2;

/**
 * Runs `job` (generate arguments without --out) three ways; returns the rates,
 * or why it could not (no redis-server, no Redis driver).
 */
export async function queueVsInProcess(job: string[], shards: number, episodes: number, rounds = 2): Promise<QueueFigures | { notMeasured: string }> {
  try {
    redisServerPath();
  } catch (error) {
    return { notMeasured: (error as Error).message };
  }
  const scratch = mkdtempSync(join(tmpdir(), 'studio-bench-queue-'));
  const redis = await startRedis(join(scratch, 'redis'));
  try {
    const generate = (args: string[]) => {
      const t0 = performance.now();
      const run = spawnSync(process.execPath, ['--import', 'tsx', join(REPO, 'main/cli/generate.ts'), ...job, ...args], { cwd: REPO, encoding: 'utf8' });
      if (run.status !== 0) throw new Error(`generate ${args.join(' ')} failed (exit ${run.status}): ${run.stderr.trim().split('\n').at(-1)}`);
      return episodes / ((performance.now() - t0) / 1000);
    };
    const throughQueue = async (processes: number, out: string): Promise<number> => {
      const workers: CliProcess[] = [];
      try {
        for (let k = 0; k < processes; k++) workers.push(startCli('worker', ['--queue', redis.url, '--workers', String(THREADS / processes)]));
        for (const w of workers) await w.line(/waiting for shard jobs/, 60_000);
        return generate(['--queue', redis.url, '--shards', String(shards), '--out', join(scratch, out), '--force']);
      } catch (error) {
        const driver = workers.flatMap((w) => w.stderr).find((l) => /ioredis/.test(l));
        if (driver) throw new Error(driver, { cause: error });
        throw error;
      } finally {
        await Promise.all(workers.map((w) => stopProcess(w.child, 'SIGTERM')));
      }
    };
    let inProcess = 0;
    let oneWorker = 0;
    let twoWorkers = 0;
    for (let round = 0; round < rounds; round++) {
      inProcess = Math.max(inProcess, generate(['--workers', String(THREADS), '--out', join(scratch, 'in-process'), '--force']));
      oneWorker = Math.max(oneWorker, await throughQueue(1, 'queue-1'));
      twoWorkers = Math.max(twoWorkers, await throughQueue(2, 'queue-2'));
    }
    const reference = JSON.stringify(hashTree(join(scratch, 'in-process')));
    const identical = ['queue-1', 'queue-2'].every((d) => JSON.stringify(hashTree(join(scratch, d))) === reference);
    return { inProcess, oneWorker, twoWorkers, identical };
  } finally {
    await redis.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}
