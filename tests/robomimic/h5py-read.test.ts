/**
 * The robomimic file as h5py (an independent HDF5 reader) sees it, read the
 * way robomimic's SequenceDataset and file_utils read it.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EpisodeRecord } from '../../exporters/episode';
import { createRobomimicWriter, ROBOMIMIC_FILE } from '../../exporters/robomimic';
import { GRASP_CHANNELS, graspEpisodes, graspJob, tempFolder, writeDataset } from './builders';
import { h5pyAvailable, int64, readWithH5py, sha256, type PySummary } from './h5py';

const EPISODES = 40;
const job = graspJob(EPISODES);
const episodes = graspEpisodes(job, EPISODES);
const written = episodes.filter((e) => e.record.frames > 0);
const folder = tempFolder();
let file: PySummary;

/** observation.state then object.pose, row by row: the documented `states` layout, built independently. */
function expectedStates(record: EpisodeRecord): Float32Array {
  const out: number[] = [];
  for (let t = 0; t < record.frames; t++) {
    out.push(...record.channels['observation.state']!.data.subarray(t * 8, t * 8 + 8));
    out.push(...record.channels['object.pose']!.data.subarray(t * 7, t * 7 + 7));
  }
  return Float32Array.from(out);
}

beforeAll(async () => {
  expect(h5pyAvailable(), `${'/usr/bin/python3'} cannot import h5py: apt-get install python3-h5py`).toBe(true);
  await writeDataset(createRobomimicWriter, folder.dir, job, episodes);
  file = readWithH5py(join(folder.dir, ROBOMIMIC_FILE));
});

afterAll(() => folder.cleanup());

describe('robomimic HDF5 read by h5py', () => {
  it('has the builder mix this suite relies on: successes, failures and errored episodes', () => {
    expect(episodes.some((e) => e.record.outcome === 'error' && e.record.frames === 0)).toBe(true);
    expect(written.some((e) => !e.record.success)).toBe(true);
    expect(written.some((e) => e.record.success)).toBe(true);
    expect(new Set(written.map((e) => e.record.frames)).size).toBeGreaterThan(5);
  });

  it('holds one demo_N per episode with frames, numbered from 0 in episode order, and skips errored ones', () => {
    expect(file.root_keys).toEqual(['data', 'mask']);
    expect(file.demos.map((d) => d.name)).toEqual(written.map((_, i) => `demo_${i}`));
    expect(file.demos.map((d) => int64(d.attrs.episode_index))).toEqual(written.map((e) => e.record.episodeIndex));
  });

  it('counts samples: num_samples per demo and total over all demos, as int64', () => {
    file.demos.forEach((d, i) => expect(int64(d.attrs.num_samples)).toBe(written[i]!.record.frames));
    expect(int64(file.data_attrs.total)).toBe(written.reduce((n, e) => n + e.record.frames, 0));
  });

  it('stores env_args as JSON with env_name, type and env_kwargs that regenerate the job', () => {
    expect(typeof file.data_attrs.env_args).toBe('string');
    const meta = file.env_meta;
    expect(meta.env_name).toBe('Tabletop grasp');
    expect(meta.type).toBe(2);
    expect(meta.env_version).toBe('0.1.0');
    expect(meta.env_kwargs).toMatchObject({ scene_file: 'tabletop-grasp.json', job_seed: job.jobSeed, episode_count: EPISODES, task: 'grasp', fps: 30 });
    expect(meta.env_kwargs.scene).toEqual(JSON.parse(JSON.stringify(job.scene)));
    expect(meta.env_kwargs.generator).toEqual(job.generator);
  });

  it('names the columns behind every dataset in data.attrs.studio_layout', () => {
    const layout = JSON.parse(file.data_attrs.studio_layout as string);
    expect(layout.actions).toEqual({ channel: 'action', names: GRASP_CHANNELS.action });
    expect(layout.obs).toEqual({
      state: { channel: 'observation.state', names: GRASP_CHANNELS['observation.state'], shape: [8] },
      tactile: { channel: 'observation.tactile', names: GRASP_CHANNELS['observation.tactile'], shape: [8] },
    });
    expect(layout.states).toEqual([
      { channel: 'observation.state', names: GRASP_CHANNELS['observation.state'] },
      { channel: 'object.pose', names: GRASP_CHANNELS['object.pose'] },
    ]);
  });

  it('stores actions (T x 4), states (T x 15) and one obs key per observation channel, float32, with the records\' values', () => {
    file.demos.forEach((d, i) => {
      const r = written[i]!.record;
      const T = r.frames;
      expect(d.keys).toEqual(['actions', 'dones', 'next_obs', 'obs', 'rewards', 'states']);
      expect(d.obs_keys).toEqual(['state', 'tactile']);
      expect(d.next_obs_keys).toEqual(['state', 'tactile']);
      expect(d.datasets.actions).toMatchObject({ shape: [T, 4], dtype: '<f4', sha256: sha256(r.channels.action!.data) });
      expect(d.datasets.states).toMatchObject({ shape: [T, 15], dtype: '<f4', sha256: sha256(expectedStates(r)) });
      expect(d.datasets['obs/state']).toMatchObject({ shape: [T, 8], dtype: '<f4', sha256: sha256(r.channels['observation.state']!.data) });
      expect(d.datasets['obs/tactile']).toMatchObject({ shape: [T, 8], dtype: '<f4', sha256: sha256(r.channels['observation.tactile']!.data) });
      expect(d.datasets['next_obs/state']!.shape).toEqual([T, 8]);
      expect(d.datasets['next_obs/tactile']!.shape).toEqual([T, 8]);
    });
  });

  it('makes next_obs the obs shifted by one frame, the last frame repeated', () => {
    for (const d of file.demos) expect(d.next_obs_is_shifted_obs, d.name).toBe(true);
  });

  it('rewards 1 on the last frame of a success only (float64), dones 1 on the last frame (int64)', () => {
    file.demos.forEach((d, i) => {
      const r = written[i]!.record;
      expect(d.datasets.rewards).toMatchObject({ shape: [r.frames], dtype: '<f8', sum: r.success ? 1 : 0, last: r.success ? 1 : 0 });
      expect(d.datasets.dones).toMatchObject({ shape: [r.frames], dtype: '<i8', sum: 1, last: 1 });
    });
  });

  it('keeps the task text, outcome, seed and randomized values on each demo', () => {
    file.demos.forEach((d, i) => {
      const { record: r, task } = written[i]!;
      expect(d.attrs.lang).toBe(task);
      expect(d.attrs.seed).toBe(r.seed);
      expect(d.attrs.outcome).toBe(r.outcome);
      expect(d.attrs.success).toEqual({ numpy: '|u1', value: r.success ? 1 : 0 });
      expect(JSON.parse(d.attrs.resolved as string)).toEqual(r.resolved);
      const meta = JSON.parse(d.attrs.ep_meta as string);
      expect(meta).toEqual({ lang: task, detail: r.detail, attempts: r.attempts, metrics: { liftHeightAchieved: r.metrics.liftHeightAchieved, slipDistance: r.success ? 0 : null, graspForce: null } });
    });
    expect(new Set(file.demos.map((d) => d.attrs.lang)).size).toBeGreaterThan(1);
  });

  it('splits demos 90/10 into mask/train and mask/valid, and lists successes and failures, as byte strings', () => {
    const names = file.demos.map((d) => d.name);
    const { train, valid, success, failure, success_train, success_valid } = file.masks as Record<string, string[]>;
    expect(valid).toHaveLength(Math.floor(0.1 * names.length));
    expect([...train!, ...valid!].sort()).toEqual([...names].sort());
    expect(train!.filter((n) => valid!.includes(n))).toEqual([]);
    const succeeded = names.filter((_, i) => written[i]!.record.success);
    expect(success).toEqual(succeeded);
    expect(failure).toEqual(names.filter((n) => !succeeded.includes(n)));
    expect(success_train).toEqual(succeeded.filter((n) => train!.includes(n)));
    expect(success_valid).toEqual(succeeded.filter((n) => valid!.includes(n)));
    for (const dtype of Object.values(file.mask_dtypes)) expect(dtype).toMatch(/^\|S\d+$/);
  });

  it('compresses every dataset with gzip level 4 in row chunks', () => {
    for (const d of file.demos) {
      for (const [name, ds] of Object.entries(d.datasets)) {
        expect({ name, compression: ds.compression, opts: ds.compression_opts }).toEqual({ name, compression: 'gzip', opts: 4 });
        expect(ds.chunks![0]).toBeLessThanOrEqual(ds.shape[0]!);
      }
    }
  });

  it('pins every object header timestamp to the epoch and uses the HDF5 1.10 format', () => {
    expect(file.mtimes).toEqual([0]);
    for (const d of file.demos) expect(d.mtimes).toEqual([0]);
    expect(file.libver).toEqual(['v110', 'v110']);
  });
});
