/**
 * robomimic filter keys (`mask/<key>`: lists of demo names). The train /
 * validation split mirrors robomimic's `split_train_val.py` (floor(10%) of
 * the demos go to `valid`) but draws them deterministically: the demos with
 * the smallest episode seeds. Seeds are hashes of (job seed, episode index),
 * so this is a uniform sample that depends on nothing but the records.
 */

/** What a mask needs to know of one written demo. */
export interface DemoEntry {
  /** "demo_N". */
  name: string;
  episodeIndex: number;
  /** 32 hex digits. */
  seed: string;
  success: boolean;
}

/** Share of demos put in `valid`, as robomimic's split script defaults to. */
export const VALID_RATIO = 0.1;

/**
 * Filter keys, each listing demo names in demo order:
 * `train` / `valid` (90/10 split), `success` / `failure` (episode outcome),
 * and `success_train` / `success_valid` (the successes of each split, for
 * training on successful demos only).
 */
export function buildMasks(demos: readonly DemoEntry[], validRatio = VALID_RATIO): Record<string, string[]> {
  const validCount = Math.floor(validRatio * demos.length);
  const bySeed = [...demos].sort((a, b) => compareSeeds(a, b));
  const valid = new Set(bySeed.slice(0, validCount).map((d) => d.name));
  const pick = (keep: (d: DemoEntry) => boolean) => demos.filter(keep).map((d) => d.name);
  return {
    failure: pick((d) => !d.success),
    success: pick((d) => d.success),
    success_train: pick((d) => d.success && !valid.has(d.name)),
    success_valid: pick((d) => d.success && valid.has(d.name)),
    train: pick((d) => !valid.has(d.name)),
    valid: pick((d) => valid.has(d.name)),
  };
}

/** Seeds are fixed-width lower-case hex, so string order is numeric order; ties go by episode index. */
function compareSeeds(a: DemoEntry, b: DemoEntry): number {
  const sa = a.seed.toLowerCase();
  const sb = b.seed.toLowerCase();
  if (sa !== sb) return sa.length !== sb.length ? sa.length - sb.length : sa < sb ? -1 : 1;
  return a.episodeIndex - b.episodeIndex;
}
