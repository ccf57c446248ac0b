/** Writes a job's episodes and, last, its job record, through a Sink. */
import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EpisodeRecord } from '../../exporters/episode';
import { EpisodesJsonlWriter } from '../../exporters/episodes-jsonl';
import { JOB_FILE, SummaryBuilder, type JobRecord, type JobSummary } from '../../exporters/job';
import type { Sink } from '../../exporters/sink';
import { CliError, EXIT } from './exit-codes';
import type { LoadedScene } from './scene-file';

interface PackageJson {
  name: string;
  version: string;
  dependencies: Record<string, string>;
}
const PACKAGE: PackageJson = JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), '../../package.json'), 'utf8'));

export interface EpisodesOutput {
  sink: Sink;
  loaded: LoadedScene;
  jobSeed: number;
  episodes: number;
  /** Replace a complete output already in the sink. */
  force: boolean;
  /** Runs the job, handing each record (in episode order) to `onRecord`. */
  run: (onRecord: (record: EpisodeRecord) => Promise<void>) => Promise<void>;
}

/** Streams episodes, then writes the job record; on failure nothing is marked complete. */
export async function writeEpisodesOutput(o: EpisodesOutput): Promise<JobSummary> {
  if ((await o.sink.readFile(JOB_FILE)) !== undefined) {
    if (!o.force) throw new CliError(EXIT.output, `the output folder already holds a complete job (${JOB_FILE}); use --force to replace it or choose another --out`);
    await o.sink.remove(JOB_FILE);
  }
  let writer: EpisodesJsonlWriter;
  try {
    writer = await EpisodesJsonlWriter.open(o.sink);
  } catch (error) {
    throw new CliError(EXIT.output, `cannot write the output folder: ${(error as Error).message}`);
  }
  const summary = new SummaryBuilder();
  try {
    await o.run(async (record) => {
      summary.add(record);
      await writer.write(record);
    });
    await writer.finish();
  } catch (error) {
    await writer.abort();
    throw error;
  }
  const job: JobRecord = {
    format: 'studio-episodes-jsonl',
    formatVersion: 1,
    generator: { name: PACKAGE.name, version: PACKAGE.version, dependencies: PACKAGE.dependencies },
    scene: { file: basename(o.loaded.file), name: o.loaded.scene.name, document: o.loaded.scene },
    jobSeed: o.jobSeed,
    episodes: { first: 0, count: o.episodes },
    summary: summary.build(),
  };
  await o.sink.writeFile(JOB_FILE, JSON.stringify(job, null, 2) + '\n');
  return job.summary;
}
