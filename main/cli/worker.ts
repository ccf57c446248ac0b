/**
 * npm run worker -- --queue redis://HOST:PORT [--concurrency C] [--workers W]
 * Takes shard jobs that "generate --queue" put on a BullMQ queue in Redis and
 * runs them with the generate pipeline, writing each shard into the shared
 * folder the job names. Stops cleanly on SIGINT/SIGTERM.
 */
import { hostname } from 'node:os';
import { Worker, type Job } from 'bullmq';
import { intOption, numberOption, parse } from './args';
import { CliError, EXIT, EXIT_CODES_HELP, runCommand } from './exit-codes';
import { LOCK_LOST, processShardJob, type ShardLog } from './queue/process-shard';
import { checkReachable, openClient, parseRedisUrl } from './queue/redis';
import { closeKeptPool } from './queue/run-shard';
import { QUEUE_NAME, type ShardJobData, type ShardJobResult } from './queue/shard-job';

const HELP = `Usage: npm run worker -- --queue redis://HOST:PORT [options]

Runs the shard jobs that "npm run generate -- <scene> --queue redis://HOST:PORT"
puts on the queue, on this machine, until stopped (Ctrl-C or SIGTERM). Start
as many workers, on as many machines, as you like: each shard is written into
the shared folder the submitter named (--shared-dir), which must be mounted
at the same path on every machine (NFS or a shared volume in a cluster; on
one machine it is just a folder).

A shard job that fails is retried with exponential backoff (3 attempts); a
worker that dies (kill -9, a lost machine) loses its job's lock, and after
--lock-duration another worker takes the job over and resumes the shard
from its journal. The result is byte-identical to a single-machine run.

Options:
  --queue URL               redis://[[user]:password@]host[:port][/db] (rediss:// for TLS)
  --concurrency C           shard jobs this worker runs at once (default 1)
  --workers W               rollout threads per shard job (default 2)
  --episode-timeout S       seconds before a stuck episode's thread is replaced (default: the submitter's)
  --lock-duration S         seconds a job's lock lives unless renewed (renewed every S/2);
                            a dead worker's job is taken over after about this long (default 30)
  --stalled-interval S      seconds between checks for jobs of dead workers (default 30)
  --debug                   print stack traces of internal errors
  -h, --help                show this help

On SIGINT or SIGTERM the worker stops its running shards, hands them back to
the queue (their journals keep what was done, so no attempt is spent), and
exits with 0; a second signal exits at once.

${EXIT_CODES_HELP}`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, {
    help: { type: 'boolean', short: 'h' },
    queue: { type: 'string' },
    concurrency: { type: 'string' },
    workers: { type: 'string' },
    'episode-timeout': { type: 'string' },
    'lock-duration': { type: 'string' },
    'stalled-interval': { type: 'string' },
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return EXIT.ok;
  }
  if (positionals.length) throw new CliError(EXIT.usage, `unexpected argument "${positionals[0]}" (see --help)`);
  if (!values.queue) throw new CliError(EXIT.usage, '--queue redis://HOST:PORT is required: the Redis server the submitter (generate --queue) uses');
  const target = parseRedisUrl(values.queue);
  const concurrency = intOption('concurrency', values.concurrency, 1, 1, 64);
  const threads = intOption('workers', values.workers, 2, 1, 256);
  const episodeTimeoutS = values['episode-timeout'] === undefined ? undefined : numberOption('episode-timeout', values['episode-timeout'], 120, 1, 86_400);
  const lockDurationMs = 1000 * numberOption('lock-duration', values['lock-duration'], 30, 0.5, 3600);
  const stalledIntervalMs = 1000 * numberOption('stalled-interval', values['stalled-interval'], 30, 0.5, 3600);
  await checkReachable(target);

  const name = `${hostname()}:${process.pid}`;
  const log: ShardLog = (line) => process.stdout.write(`worker ${name}: ${line}\n`);
  const worker = await openClient(
    target,
    () =>
      new Worker<ShardJobData, ShardJobResult>(QUEUE_NAME, (job: Job<ShardJobData, ShardJobResult>, token?: string, signal?: AbortSignal) => processShardJob(job, token, signal, { threads, episodeTimeoutS, log }), {
        connection: target.options,
        concurrency,
        lockDuration: lockDurationMs,
        stalledInterval: stalledIntervalMs,
        // A shard whose worker died is taken over from its journal; a job that keeps killing its workers fails after 3 takeovers.
        maxStalledCount: 3,
        name,
        autorun: false,
      }),
  );
  let lastError = '';
  worker.on('error', (error) => {
    // ioredis reconnects on its own; say so once per distinct problem.
    if (error.message !== lastError) process.stderr.write(`worker ${name}: redis at ${target.label}: ${error.message}\n`);
    lastError = error.message;
  });
  worker.on('ready', () => (lastError = ''));
  // A job whose lock could not be renewed may be running on another worker by now: stop it here.
  worker.on('lockRenewalFailed', (jobIds: string[]) => {
    for (const id of jobIds) worker.cancelJob(id, LOCK_LOST);
  });

  const stopped = new Promise<string>((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.once(signal, () => process.exit(EXIT.cancelled)); // a second signal: leave at once
      resolve(signal);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  log(`waiting for shard jobs on ${target.label} (queue ${QUEUE_NAME}, ${concurrency} at a time, ${threads} rollout thread${threads === 1 ? '' : 's'} each)`);
  const running = worker.run();
  const signal = await stopped;
  log(`${signal}: stopping; running shards go back to the queue`);
  worker.cancelAllJobs(`worker stopped by ${signal}`);
  await worker.close();
  await running;
  await closeKeptPool();
  log('stopped');
  return EXIT.ok;
}

await runCommand('worker', main);
