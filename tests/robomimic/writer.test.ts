/** How the robomimic writer treats sinks, bad records, aborts and other channel layouts. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DatasetWriteError } from '../../exporters/dataset-writer';
import type { EpisodeRecord } from '../../exporters/episode';
import { createRobomimicWriter, robomimicWriterFactory, ROBOMIMIC_FILE } from '../../exporters/robomimic';
import { MemorySink } from '../../exporters/sink';
import { FileSink } from '../../main/cli/file-sink';
import { graspEpisode, graspEpisodes, graspJob, navEpisode, navJob, tempFolder, writeDataset } from './builders';
import { int64, readWithH5py, sha256 } from './h5py';

const folder = tempFolder();
afterAll(() => folder.cleanup());
let next = 0;
const freshDir = () => join(folder.dir, `case-${next++}`);

const job = graspJob(10);

function withChannel(record: EpisodeRecord, name: string, channel: EpisodeRecord['channels'][string] | undefined): EpisodeRecord {
  const channels = { ...record.channels };
  if (channel) channels[name] = channel;
  else delete channels[name];
  return { ...record, channels };
}

describe('robomimic writer', () => {
  it('refuses a sink without local files (the window\'s) with a clear DatasetWriteError', async () => {
    const attempt = createRobomimicWriter(new MemorySink(), job);
    await expect(attempt).rejects.toBeInstanceOf(DatasetWriteError);
    await expect(attempt).rejects.toThrow('robomimic HDF5 needs a file system: write it from the CLI');
  });

  it('writes into a temporary file beside the target and shows the file only when finalized', async () => {
    const dir = freshDir();
    const writer = await createRobomimicWriter(new FileSink(dir), job);
    const { record, task } = graspEpisode(job, 0, { outcome: 'success' });
    await writer.addEpisode(record, task);
    expect(readdirSync(dir)).toEqual([`.${ROBOMIMIC_FILE}.partial`]);
    await writer.finalize();
    expect(readdirSync(dir)).toEqual([ROBOMIMIC_FILE]);
    await expect(writer.addEpisode(record, task)).rejects.toThrow('addEpisode() after the dataset was finalized');
  });

  it('leaves an earlier file untouched and no temporary file when aborted', async () => {
    const dir = freshDir();
    const sink = new FileSink(dir);
    await sink.writeFile(ROBOMIMIC_FILE, 'earlier dataset');
    const writer = await createRobomimicWriter(sink, job);
    for (const { record, task } of graspEpisodes(job, 3)) await writer.addEpisode(record, task);
    await writer.abort();
    await writer.abort();
    expect(readdirSync(dir)).toEqual([ROBOMIMIC_FILE]);
    expect(readFileSync(join(dir, ROBOMIMIC_FILE), 'utf8')).toBe('earlier dataset');
  });

  it('refuses records whose channels differ from the first written one, naming the episode and the values', async () => {
    const dir = freshDir();
    const writer = await createRobomimicWriter(new FileSink(dir), job);
    const first = graspEpisode(job, 0, { outcome: 'success' });
    await writer.addEpisode(first.record, first.task);
    const r = graspEpisode(job, 1, { outcome: 'success', frames: 60 }).record;
    const action = r.channels.action!;
    const cases: [EpisodeRecord, RegExp][] = [
      [withChannel(r, 'action', { names: ['target.x', 'target.y', 'target.z'], data: action.data.subarray(0, 180) }), /episode 1: channel "action" has dimensions \[target\.x, target\.y, target\.z\], the dataset has \[target\.x, target\.y, target\.z, opening\]/],
      [withChannel(r, 'object.pose', undefined), /episode 1: channels \[action, observation\.state, observation\.tactile\] differ from the dataset's \[action, object\.pose, observation\.state, observation\.tactile\]/],
      [withChannel(r, 'action', { names: action.names, data: action.data.subarray(0, 236) }), /episode 1: channel "action" holds 236 values, expected 60 frames x 4 = 240/],
      [{ ...r, fps: 15 }, /episode 1: fps 15 differs from the dataset's 30/],
    ];
    for (const [bad, message] of cases) {
      const attempt = writer.addEpisode(bad, 'task');
      await expect(attempt).rejects.toBeInstanceOf(DatasetWriteError);
      await expect(attempt).rejects.toThrow(message);
    }
    await writer.addEpisode(r, 'pick up the mug');
    await writer.finalize();
    const file = readWithH5py(join(dir, ROBOMIMIC_FILE));
    expect(file.demos.map((d) => int64(d.attrs.episode_index))).toEqual([0, 1]);
  });

  it('requires records in episode order, errored ones included', async () => {
    const writer = await createRobomimicWriter(new FileSink(freshDir()), job);
    const errored = graspEpisode(job, 4, { outcome: 'error' });
    await writer.addEpisode(errored.record, errored.task);
    const earlier = graspEpisode(job, 3, { outcome: 'success' });
    await expect(writer.addEpisode(earlier.record, earlier.task)).rejects.toThrow('episode 3 arrived after episode 4; records must come in episode order');
    await writer.abort();
  });

  it('refuses a first record without an action channel', async () => {
    const writer = await createRobomimicWriter(new FileSink(freshDir()), job);
    const r = graspEpisode(job, 0, { outcome: 'success' }).record;
    await expect(writer.addEpisode(withChannel(r, 'action', undefined), 't')).rejects.toThrow(/episode 0 has no "action" channel/);
    await writer.abort();
  });

  it('writes a readable, empty dataset when every episode errored', async () => {
    const dir = freshDir();
    const errored = [0, 1, 2].map((i) => graspEpisode(job, i, { outcome: 'error' }));
    expect(errored.every((e) => e.record.frames === 0)).toBe(true);
    await writeDataset(createRobomimicWriter, dir, job, errored);
    const file = readWithH5py(join(dir, ROBOMIMIC_FILE));
    expect(file.demos).toEqual([]);
    expect(int64(file.data_attrs.total)).toBe(0);
    expect(file.env_meta.env_kwargs.fps).toBeNull();
    expect(file.data_attrs.studio_layout).toBe('null');
    expect(file.masks).toEqual({ failure: [], success: [], success_train: [], success_valid: [], train: [], valid: [] });
  });

  it('stores navigation records: scan and depth obs (depth as H x W x 1), states = observation.state + goal', async () => {
    const dir = freshDir();
    const nav = navJob(4);
    const episodes = [0, 1, 2, 3].map((i) => navEpisode(nav, i));
    await writeDataset(createRobomimicWriter, dir, nav, episodes);
    const file = readWithH5py(join(dir, ROBOMIMIC_FILE));
    expect(file.demos).toHaveLength(4);
    file.demos.forEach((d, i) => {
      const r = episodes[i]!.record;
      const T = r.frames;
      expect(d.obs_keys).toEqual(['depth', 'scan', 'state']);
      expect(d.datasets['obs/depth']).toMatchObject({ shape: [T, 48, 64, 1], dtype: '<f4', sha256: sha256(r.channels['observation.depth']!.data) });
      expect(d.datasets['obs/scan']).toMatchObject({ shape: [T, 360], sha256: sha256(r.channels['observation.scan']!.data) });
      expect(d.datasets.actions!.shape).toEqual([T, 2]);
      expect(d.datasets.states!.shape).toEqual([T, 8]);
      expect(d.next_obs_is_shifted_obs).toBe(true);
      expect(d.attrs.lang).toBe('drive to the loading dock');
    });
    expect(JSON.parse(file.data_attrs.studio_layout as string).states.map((s: { channel: string }) => s.channel)).toEqual(['observation.state', 'goal']);
    expect(file.env_meta.env_kwargs).toMatchObject({ task: 'navigation', fps: 10 });
  });

  it('stores datasets uncompressed at gzip level 0 and names the file as asked', async () => {
    const dir = freshDir();
    await writeDataset(robomimicWriterFactory({ gzipLevel: 0, file: 'sub/low_dim.hdf5' }), dir, job, graspEpisodes(job, 2));
    expect(existsSync(join(dir, 'sub', 'low_dim.hdf5'))).toBe(true);
    const file = readWithH5py(join(dir, 'sub', 'low_dim.hdf5'));
    for (const ds of Object.values(file.demos[0]!.datasets)) expect([ds.compression, ds.chunks]).toEqual([null, null]);
    expect(() => robomimicWriterFactory({ gzipLevel: 10 })).toThrow('gzipLevel must be an integer 0-9, got 10');
  });

  it('gives the local file back when HDF5 cannot create it', async () => {
    const missing = join(folder.dir, 'no-such-folder', ROBOMIMIC_FILE);
    const given: string[] = [];
    const sink = Object.assign(new MemorySink(), {
      openLocalFile: async () => ({ path: missing, commit: async () => void given.push('commit'), abort: async () => void given.push('abort') }),
    });
    const attempt = createRobomimicWriter(sink, job);
    await expect(attempt).rejects.toBeInstanceOf(DatasetWriteError);
    await expect(attempt).rejects.toThrow(`HDF5 could not create "${missing}"`);
    expect(given).toEqual(['abort']);
  });
});
