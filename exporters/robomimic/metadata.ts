/**
 * The JSON and attribute metadata of a robomimic file: `data.attrs.env_args`
 * (robomimic's environment metadata), the channel layout, and the
 * attributes of each `data/demo_N` group.
 */
import type { DatasetJob } from '../dataset-writer';
import type { EpisodeRecord } from '../episode';
import type { DemoLayout } from './layout';

/**
 * robomimic's `EnvType.GYM_TYPE`. robomimic reads `type` only to build an
 * environment for rollouts during training (`gym.make(env_name,
 * **env_kwargs)`), which needs the studio's simulator: train these files
 * with `experiment.rollout.enabled = false`.
 */
export const ENV_TYPE_GYM = 2;

/** An HDF5 attribute value: strings as UTF-8, integers as int64, booleans as uint8 0/1. */
export type AttrValue = string | number | boolean;

/**
 * `data.attrs.env_args`: `env_name` (the scene's name), `type`,
 * `env_version` (the generator's version) and `env_kwargs`, which hold what
 * regenerates the data: the scene document, its file name, the job seed, the
 * episode count, the task type, the frame rate (frames per second; null
 * when no episode was written) and the generator with its dependencies.
 */
export function envArgs(job: DatasetJob, layout: DemoLayout | undefined): string {
  return JSON.stringify({
    env_name: job.scene.name,
    type: ENV_TYPE_GYM,
    env_version: job.generator.version,
    env_kwargs: {
      scene_file: job.sceneFile,
      job_seed: job.jobSeed,
      episode_count: job.episodeCount,
      task: job.scene.task.type,
      fps: layout?.fps ?? null,
      generator: job.generator,
      scene: job.scene,
    },
  });
}

/**
 * `data.attrs.studio_layout`: which record channel and dimension names each
 * dataset holds, so columns can be named: `actions` {channel, names},
 * `obs` {key: {channel, names, shape}} (per-frame shape) and `states`
 * [{channel, names}] in column order. Null before any episode was written.
 */
export function layoutJson(layout: DemoLayout | undefined): string {
  if (!layout) return 'null';
  const obs: Record<string, { channel: string; names: string[]; shape: number[] }> = {};
  for (const o of layout.obs) obs[o.key] = { channel: o.channel, names: o.names, shape: o.frameShape };
  return JSON.stringify({ actions: layout.action, obs, states: layout.states });
}

/**
 * Attributes of `data/demo_N`: robomimic's `num_samples`; `lang`, the
 * natural-language task; the episode's `episode_index`, `seed` (32 hex
 * digits), `success`, `outcome` and `resolved` (JSON list of every
 * randomized {path, value}); and `ep_meta` (the per-demo JSON metadata
 * attribute of robosuite and RoboCasa datasets): {lang, detail, attempts,
 * metrics (SI units, NaN and infinities as null)}.
 *
 * Eight at most: HDF5 keeps up to 8 attributes in the object header and
 * moves more into a heap and a B-tree of their own, ~2 KB more per demo.
 */
export function demoAttributes(record: EpisodeRecord, task: string): Record<string, AttrValue> {
  const metrics: Record<string, number | null> = {};
  for (const [k, v] of Object.entries(record.metrics)) metrics[k] = Number.isFinite(v) ? v : null;
  return {
    num_samples: record.frames,
    lang: task,
    episode_index: record.episodeIndex,
    seed: record.seed,
    success: record.success,
    outcome: record.outcome,
    resolved: JSON.stringify(record.resolved),
    ep_meta: JSON.stringify({ lang: task, detail: record.detail, attempts: record.attempts, metrics }),
  };
}
