/**
 * The seeded sampler: turns a scene and a job seed into the EpisodeSpec of
 * episode i. Each randomized property draws from its own stream keyed by
 * (job seed, episode index, path), so results do not depend on the order in
 * which episodes or properties are sampled, or on other entries.
 */
import { draw } from './distributions';
import { setAt } from './pointer';
import { deriveSeed, Rng, seedToHex, type Seed } from './rng';
import type { ChoiceValue } from './schema/randomization';
import type { SceneDoc } from './schema/scene';

/** One resolved random value and where it went. */
export interface ResolvedValue {
  path: string;
  value: ChoiceValue;
}

/** Everything a rollout needs for one episode. Plain JSON. */
export interface EpisodeSpec {
  jobSeed: number;
  episodeIndex: number;
  /** 128-bit seed (32 hex digits) for the rollout's own randomness (noise, planners). */
  seed: string;
  /** The scene with every randomized property replaced by its drawn value; `randomization` is empty. */
  scene: SceneDoc;
  /** Every drawn value with its path, in the order of the spec. */
  resolved: ResolvedValue[];
}

/** The seed of episode `i` of a job: a function of the job seed and i alone. */
export function episodeSeed(jobSeed: number, episodeIndex: number): Seed {
  return deriveSeed('episode', jobSeed, episodeIndex);
}

/**
 * Resolves every distribution of `scene` for episode `episodeIndex`.
 * `scene` must come from `loadScene` (validated, randomization checked).
 */
export function sample(scene: SceneDoc, jobSeed: number, episodeIndex: number): EpisodeSpec {
  if (!Number.isSafeInteger(jobSeed) || jobSeed < 0) throw new Error(`job seed must be a non-negative safe integer, got ${jobSeed}`);
  if (!Number.isSafeInteger(episodeIndex) || episodeIndex < 0) throw new Error(`episode index must be a non-negative safe integer, got ${episodeIndex}`);
  const resolvedScene: SceneDoc = structuredClone({ ...scene, randomization: [] });
  const resolved: ResolvedValue[] = scene.randomization.map((entry) => {
    const rng = Rng.fromKey('property', jobSeed, episodeIndex, entry.path);
    const value = draw(entry.dist, rng);
    setAt(resolvedScene, entry.path, value);
    return { path: entry.path, value };
  });
  return {
    jobSeed,
    episodeIndex,
    seed: seedToHex(episodeSeed(jobSeed, episodeIndex)),
    scene: resolvedScene,
    resolved,
  };
}
