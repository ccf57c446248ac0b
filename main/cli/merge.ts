/**
 * npm run merge -- OUT SHARD_DIR...
 * Combines the LeRobot v3.0 datasets of a job's shards (generate --shard I/N)
 * into one dataset, byte-identical to a single run of the whole job: the
 * shards' episodes are read back and written again in job order.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { JOB_FILE, combineSummaries, type JobRecord } from '../../exporters/job';
import { createLeRobotWriter } from '../../exporters/lerobot';
import { parse } from './args';
import { CliError, EXIT, EXIT_CODES_HELP, runCommand } from './exit-codes';
import { FileSink } from './file-sink';
import { shardRecords } from './merge/shard-records';
import { clearDataset, isComplete } from './output-folder';
import { episodeProgress } from './progress';

const HELP = `Usage: npm run merge -- OUT SHARD_DIR... [--force]

Combines the LeRobot datasets written by "generate --shard I/N" for every I of
one job into one LeRobot v3.0 dataset in OUT: episodes renumbered, statistics
merged exactly. The result is byte-identical to running the whole job on one
machine. Every shard must be complete (studio_job.json) and come from the
same scene, seed and episode count; together they must cover the job once.

${EXIT_CODES_HELP}`;

interface Shard {
  dir: string;
  job: JobRecord;
}

function readShard(dir: string): Shard {
  const file = join(dir, JOB_FILE);
  if (!existsSync(file)) throw new CliError(EXIT.damaged, `${dir}: not a complete dataset (no ${JOB_FILE}); finish it with generate --resume --out ${dir}`);
  let job: JobRecord;
  try {
    job = JSON.parse(readFileSync(file, 'utf8')) as JobRecord;
  } catch (error) {
    throw new CliError(EXIT.damaged, `${file}: not JSON (${(error as Error).message})`);
  }
  if (!job.shard) throw new CliError(EXIT.usage, `${dir}: not a shard (its ${JOB_FILE} has no "shard"); merge takes the outputs of generate --shard I/N`);
  if (!existsSync(join(dir, 'meta/info.json'))) throw new CliError(EXIT.usage, `${dir}: not a LeRobot dataset (no meta/info.json); merge combines LeRobot shards`);
  const info = JSON.parse(readFileSync(join(dir, 'meta/info.json'), 'utf8')) as { features: Record<string, { dtype: string }> };
  const media = Object.entries(info.features).filter(([, f]) => f.dtype === 'video' || f.dtype === 'image').map(([k]) => k);
  if (media.length) throw new CliError(EXIT.usage, `${dir}: has camera streams (${media.join(', ')}); merge combines shards made with --no-cameras only, for now`);
  return { dir, job };
}

/** Shards sorted by index, checked to be one job, covering it exactly once. */
function checkShards(shards: Shard[]): Shard[] {
  const sorted = [...shards].sort((a, b) => a.job.shard!.index - b.job.shard!.index);
  const first = sorted[0]!.job;
  for (const { dir, job } of sorted) {
    const same: [string, unknown, unknown][] = [
      ['scene', JSON.stringify(job.scene), JSON.stringify(first.scene)],
      ['job seed', job.jobSeed, first.jobSeed],
      ['job episodes', job.shard!.jobEpisodes, first.shard!.jobEpisodes],
      ['shard count', job.shard!.count, first.shard!.count],
      ['generator', JSON.stringify(job.generator), JSON.stringify(first.generator)],
    ];
    for (const [what, value, expected] of same) {
      if (value !== expected) throw new CliError(EXIT.usage, `${dir}: ${what} differs from ${sorted[0]!.dir}'s (${String(value).slice(0, 80)} vs ${String(expected).slice(0, 80)})`);
    }
  }
  let next = 0;
  for (const { dir, job } of sorted) {
    if (job.episodes.first !== next) {
      throw new CliError(EXIT.usage, `${dir}: holds episodes ${job.episodes.first}-${job.episodes.first + job.episodes.count - 1}, expected the next to start at ${next} (a shard is missing or given twice)`);
    }
    next += job.episodes.count;
  }
  if (next !== first.shard!.jobEpisodes) throw new CliError(EXIT.usage, `the shards hold episodes 0-${next - 1} of a job of ${first.shard!.jobEpisodes}: a shard is missing`);
  return sorted;
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { help: { type: 'boolean', short: 'h' }, force: { type: 'boolean' } });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return EXIT.ok;
  }
  const [out, ...dirs] = positionals;
  if (!out || dirs.length === 0) throw new CliError(EXIT.usage, 'give OUT and at least one SHARD_DIR (see --help)');
  if (isComplete(out)) {
    if (!values.force) throw new CliError(EXIT.output, `${out} already holds a complete dataset; use --force to replace it`);
    clearDataset(out);
  }
  const shards = checkShards(dirs.map(readShard));
  const job = shards[0]!.job;
  const total = job.shard!.jobEpisodes;
  const sink = new FileSink(out);
  const writer = await createLeRobotWriter(sink, { scene: job.scene.document, sceneFile: job.scene.file, jobSeed: job.jobSeed, episodeCount: total, generator: job.generator });
  const progress = episodeProgress(shards.reduce((n, s) => n + s.job.summary.episodes - s.job.summary.errored.length, 0), `merge ${job.scene.name}`);
  try {
    for (const shard of shards) {
      for await (const { record, task } of shardRecords(shard.dir, job.scene.document.task.type)) {
        await writer.addEpisode(record, task);
        progress.tick(record.success);
      }
    }
    await writer.finalize();
  } catch (error) {
    await writer.abort();
    throw error;
  } finally {
    progress.stop();
  }
  const { shard: _shard, ...rest } = job;
  const merged: JobRecord = { ...rest, episodes: { first: 0, count: total }, summary: combineSummaries(shards.map((s) => s.job.summary)) };
  await sink.writeFile(JOB_FILE, JSON.stringify(merged, null, 2) + '\n');
  process.stdout.write(`${shards.length} shards, ${merged.summary.episodes} episodes -> ${out} (success ${(100 * merged.summary.successRate).toFixed(1)}%)\n`);
  return EXIT.ok;
}

await runCommand('merge', main);
