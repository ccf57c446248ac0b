/**
 * Deterministic subsampling of frames so a report takes seconds to a minute
 * on any dataset size: at most `perGroup` frames of each group (episode or
 * clip), evenly spaced within it, and then as many groups as fit in
 * `maxFrames`, evenly spaced over the groups. No randomness: the same
 * source always gives the same frames.
 */
import { evenlySpaced } from '../../../exporters/sim2real/sampling';

export interface Sampling {
  /** Largest number of frames per set. */
  maxFrames: number;
  /** Largest number of frames per group. */
  perGroup: number;
}

/** The chosen groups (indices into `lengths`) and, for each, the chosen frame indices within it. */
export function chooseFrames(lengths: readonly number[], sampling: Sampling): Map<number, number[]> {
  const counts = lengths.map((n) => Math.min(n, sampling.perGroup));
  const total = (groups: number[]) => groups.reduce((s, g) => s + counts[g]!, 0);
  let lo = 1;
  let hi = lengths.length;
  // The largest number of evenly spaced groups whose frames fit (binary search; the sum grows with the count).
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (total(evenlySpaced(lengths.length, mid)) <= sampling.maxFrames) lo = mid;
    else hi = mid - 1;
  }
  const out = new Map<number, number[]>();
  for (const g of evenlySpaced(lengths.length, lo)) {
    if (counts[g]! > 0) out.set(g, evenlySpaced(lengths[g]!, Math.min(counts[g]!, sampling.maxFrames)));
  }
  return out;
}

/** Splits a video of `frames` frames into clips of `clipFrames` (the last may be shorter): the groups of a single video. */
export function clipLengths(frames: number, clipFrames: number): number[] {
  const out: number[] = [];
  for (let start = 0; start < frames; start += clipFrames) out.push(Math.min(clipFrames, frames - start));
  return out;
}
