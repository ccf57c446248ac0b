/**
 * The robomimic file is a pure function of the (record, task) sequence and
 * the job: no wall-clock time, no state left over from earlier files.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { createRobomimicWriter, ROBOMIMIC_FILE } from '../../exporters/robomimic';
import { graspEpisodes, graspJob, tempFolder, writeDataset } from './builders';

const folder = tempFolder();
afterAll(() => folder.cleanup());
afterEach(() => vi.restoreAllMocks());

const job = graspJob(30);
const episodes = graspEpisodes(job, 30);

async function writeAt(name: string, clockMs: number, pairs = episodes, j = job): Promise<Uint8Array> {
  vi.spyOn(Date, 'now').mockReturnValue(clockMs);
  await writeDataset(createRobomimicWriter, join(folder.dir, name), j, pairs);
  vi.restoreAllMocks();
  return readFileSync(join(folder.dir, name, ROBOMIMIC_FILE));
}

const hash = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('robomimic HDF5 determinism', () => {
  it('writes identical bytes for the same records at different wall-clock times, after other files', async () => {
    const first = await writeAt('a', Date.UTC(2024, 0, 1));
    const otherJob = graspJob(60, 99);
    await writeAt('other', Date.UTC(2025, 5, 1), graspEpisodes(otherJob, 60), otherJob);
    const second = await writeAt('b', Date.UTC(2031, 11, 31, 23, 59, 59));
    expect(second.length).toBe(first.length);
    expect(hash(second)).toBe(hash(first));
  });

  it('changes the bytes when one value of one record changes', async () => {
    const changed = episodes.map((e) => ({ ...e }));
    const i = changed.findIndex((e) => e.record.frames > 0);
    const action = changed[i]!.record.channels.action!;
    const data = action.data.slice();
    data[0] = data[0]! + 1;
    changed[i] = { ...changed[i]!, record: { ...changed[i]!.record, channels: { ...changed[i]!.record.channels, action: { ...action, data } } } };
    expect(hash(await writeAt('changed', 0, changed))).not.toBe(hash(await writeAt('same', 0)));
  });

  it('leaves the caller\'s clock as it found it', async () => {
    const spy = vi.spyOn(Date, 'now').mockReturnValue(1234);
    await writeDataset(createRobomimicWriter, join(folder.dir, 'clock'), job, episodes.slice(0, 3));
    expect(Date.now).toBe(spy);
    expect(Date.now()).toBe(1234);
  });
});
