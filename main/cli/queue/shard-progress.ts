/**
 * The submitter's progress bar, fed by the workers' job progress (BullMQ
 * QueueEvents). An attempt that resumes a shard counts its episodes again
 * from zero (replayed ones included), so only counts above the highest seen
 * move the bar.
 */
import { episodeProgress, type ProgressBar } from '../progress';
import type { ShardJobProgress } from './shard-job';

export class ShardProgress {
  private bar: ProgressBar | undefined;
  private readonly seen = new Map<string, { done: number; successes: number }>();
  /** Episodes (and their success flags) reported before the bar was shown. */
  private readonly early: boolean[] = [];

  /** `total`: episodes of the whole job; `label`: printed before the bar. */
  constructor(
    private readonly total: number,
    private readonly label: string,
  ) {}

  /** Shows the bar (reports may arrive before: they are counted then). */
  start(): void {
    this.bar = episodeProgress(this.total, this.label);
    for (const success of this.early.splice(0)) this.bar.tick(success);
  }

  /** A progress report of job `jobId` (ignored if it is not a shard progress). */
  update(jobId: string, progress: unknown): void {
    const p = progress as Partial<ShardJobProgress> | undefined;
    if (!p || typeof p.done !== 'number' || typeof p.successes !== 'number') return;
    const seen = this.seen.get(jobId) ?? { done: 0, successes: 0 };
    const more = p.done - seen.done;
    if (more <= 0) return;
    const moreSuccesses = Math.max(0, Math.min(more, p.successes - seen.successes));
    for (let k = 0; k < more; k++) {
      if (this.bar) this.bar.tick(k < moreSuccesses);
      else this.early.push(k < moreSuccesses);
    }
    this.seen.set(jobId, { done: p.done, successes: seen.successes + moreSuccesses });
  }

  /** A shard job finished with these totals: the bar catches up with any progress it missed. */
  complete(jobId: string, episodes: number, successes: number): void {
    this.update(jobId, { done: episodes, successes, total: episodes });
  }

  stop(): void {
    this.bar?.stop();
    this.bar = undefined;
  }
}
