/**
 * The job record written with every dataset: enough to regenerate it (scene,
 * seed, episode range, versions) and a summary of what came out. It is
 * written last; its presence marks the output complete.
 */
import type { SceneDoc } from '../scenes/schema/scene';
import type { EpisodeRecord, Outcome } from './episode';

export const JOB_FILE = 'studio_job.json';

export interface JobRecord {
  format: 'studio-job';
  formatVersion: 1;
  generator: { name: string; version: string; dependencies: Record<string, string> };
  scene: { file: string; name: string; document: SceneDoc };
  jobSeed: number;
  episodes: { first: number; count: number };
  summary: JobSummary;
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
