/**
 * Which frames the Sim2Real report reads, as `npm run gap` chooses them
 * (main/cli/gap/select.ts): at most `perGroup` evenly spaced frames of each
 * group (episode, clip or image), then as many evenly spaced groups as fit
 * in `maxFrames`. No randomness: the same lengths give the same frames.
 */
import { evenlySpaced } from '../../../exporters/sim2real/sampling';

/** The defaults of `npm run gap`. */
export const GAP_DEFAULTS = { size: 128, maxFrames: 400, perGroup: 16, clipFrames: 60 } as const;

/** The chosen groups (indices into `lengths`) and, for each, the chosen frame indices within it. */
export function chooseFrames(lengths: readonly number[], maxFrames: number = GAP_DEFAULTS.maxFrames, perGroup: number = GAP_DEFAULTS.perGroup): Map<number, number[]> {
  const counts = lengths.map((n) => Math.min(n, perGroup));
  const total = (groups: number[]) => groups.reduce((s, g) => s + counts[g]!, 0);
  let lo = 1;
  let hi = lengths.length;
  // The largest number of evenly spaced groups whose frames fit (the sum grows with the count).
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (total(evenlySpaced(lengths.length, mid)) <= maxFrames) lo = mid;
    else hi = mid - 1;
  }
  const out = new Map<number, number[]>();
  for (const g of evenlySpaced(lengths.length, lo)) {
    if (counts[g]! > 0) out.set(g, evenlySpaced(lengths[g]!, Math.min(counts[g]!, maxFrames)));
  }
  return out;
}

/** Splits a video of `frames` frames into clips of `clipFrames` (the last may be shorter). */
export function clipLengths(frames: number, clipFrames: number = GAP_DEFAULTS.clipFrames): number[] {
  const out: number[] = [];
  for (let start = 0; start < frames; start += clipFrames) out.push(Math.min(clipFrames, frames - start));
  return out;
}
