/**
 * The job record written with every dataset: enough to regenerate it (scene,
 * seed, episode range, versions) and a summary of what came out. It is
 * written last; its presence marks the output complete.
 */
import type { SceneDoc } from '../scenes/schema/scene';
import type { JobVariations } from './dataset-writer';
import type { EpisodeRecord, Outcome } from './episode';

export const JOB_FILE = 'studio_job.json';

export interface JobRecord {
  format: 'studio-job';
  formatVersion: 1;
  generator: { name: string; version: string; dependencies: Record<string, string> };
  scene: { file: string; name: string; document: SceneDoc };
  jobSeed: number;
  episodes: { first: number; count: number };
  /** Present on a shard's output: which part of which job it holds. */
  shard?: { index: number; count: number; jobEpisodes: number };
  /** Present when the camera streams have world-model variations. */
  variations?: JobVariations;
  summary: JobSummary;
}

/** The summary of consecutive parts of one job (shards in order), as if the job had run at once. */
export function combineSummaries(parts: readonly JobSummary[]): JobSummary {
  const outcomes: Partial<Record<Outcome, number>> = {};
  for (const part of parts) for (const [k, v] of Object.entries(part.outcomes)) outcomes[k as Outcome] = (outcomes[k as Outcome] ?? 0) + (v ?? 0);
  const episodes = parts.reduce((n, p) => n + p.episodes, 0);
  const successes = parts.reduce((n, p) => n + p.successes, 0);
  return {
    episodes,
    successes,
    successRate: episodes ? successes / episodes : 0,
    outcomes: Object.fromEntries(Object.entries(outcomes).sort(([a], [b]) => a.localeCompare(b))),
    errored: parts.flatMap((p) => p.errored),
  };
}

export interface JobSummary {
  episodes: number;
  successes: number;
  successRate: number;
  outcomes: Partial<Record<Outcome, number>>;
  /** Episodes that could not be run even after a retry. */
  errored: { episodeIndex: number; detail: string }[];
}

/** Accumulates the summary as records arrive (in episode order). */
export class SummaryBuilder {
  private episodes = 0;
  private successes = 0;
  private readonly outcomes: Partial<Record<Outcome, number>> = {};
  private readonly errored: { episodeIndex: number; detail: string }[] = [];

  add(record: EpisodeRecord): void {
    this.episodes++;
    if (record.success) this.successes++;
    this.outcomes[record.outcome] = (this.outcomes[record.outcome] ?? 0) + 1;
    if (record.outcome === 'error') this.errored.push({ episodeIndex: record.episodeIndex, detail: record.detail });
  }

  build(): JobSummary {
    const sortedOutcomes = Object.fromEntries(Object.entries(this.outcomes).sort(([a], [b]) => a.localeCompare(b)));
    return {
      episodes: this.episodes,
      successes: this.successes,
      successRate: this.episodes ? this.successes / this.episodes : 0,
      outcomes: sortedOutcomes,
      errored: this.errored,
    };
  }
}

/** The episodes a run covers: all of them, or shard I of N (a contiguous, disjoint range). */
export function shardRange(episodes: number, shard: { index: number; count: number } | undefined): { first: number; count: number } {
  if (!shard) return { first: 0, count: episodes };
  const first = Math.floor((shard.index * episodes) / shard.count);
  const end = Math.floor(((shard.index + 1) * episodes) / shard.count);
  return { first, count: end - first };
}
