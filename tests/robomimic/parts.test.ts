/** The pure parts of the robomimic writer: next_obs, rewards, dones, states columns, layouts and masks. */
import { describe, expect, it } from 'vitest';
import { DatasetWriteError } from '../../exporters/dataset-writer';
import { concatColumns, donesOf, rewardsOf, shiftedByOneFrame } from '../../exporters/robomimic/arrays';
import { buildMasks, imageShapes, layoutOf, type DemoEntry } from '../../exporters/robomimic';
import { graspEpisode, graspJob, navJob } from './builders';

const job = graspJob(4);

describe('robomimic arrays', () => {
  it('shifts observations by one frame and repeats the last', () => {
    const obs = Float32Array.from([1, 2, 3, 4, 5, 6]);
    expect(Array.from(shiftedByOneFrame(obs, 3))).toEqual([3, 4, 5, 6, 5, 6]);
    expect(Array.from(shiftedByOneFrame(Float32Array.from([7, 8]), 1))).toEqual([7, 8]);
  });

  it('rewards only the last frame of a success; done only on the last frame', () => {
    const ok = graspEpisode(job, 0, { outcome: 'success', frames: 4 }).record;
    const failed = graspEpisode(job, 1, { outcome: 'slipped_during_lift', frames: 4 }).record;
    expect(Array.from(rewardsOf(ok))).toEqual([0, 0, 0, 1]);
    expect(Array.from(rewardsOf(failed))).toEqual([0, 0, 0, 0]);
    expect(Array.from(donesOf(4))).toEqual([0n, 0n, 0n, 1n]);
  });

  it('puts channels side by side, row by row', () => {
    const r = graspEpisode(job, 0, { outcome: 'success', frames: 2 }).record;
    const layout = layoutOf(r);
    const states = concatColumns(r, layout.states);
    const s = r.channels['observation.state']!.data;
    const p = r.channels['object.pose']!.data;
    expect(Array.from(states)).toEqual([...s.subarray(0, 8), ...p.subarray(0, 7), ...s.subarray(8, 16), ...p.subarray(7, 14)]);
  });
});

describe('robomimic layout', () => {
  it('maps observation.<key> to obs keys (sorted) and the rest but the action to states, observation.state first', () => {
    const layout = layoutOf(graspEpisode(job, 0, { outcome: 'success', frames: 3 }).record);
    expect(layout.obs.map((o) => [o.key, o.channel, o.frameShape])).toEqual([
      ['state', 'observation.state', [8]],
      ['tactile', 'observation.tactile', [8]],
    ]);
    expect(layout.states.map((s) => s.channel)).toEqual(['observation.state', 'object.pose']);
    expect(layout.action.names).toHaveLength(4);
  });

  it('knows the depth image shape of a scene with a depth camera, and none without', () => {
    expect(imageShapes(navJob(1).scene)).toEqual({ 'observation.depth': [48, 64, 1] });
    expect(imageShapes(job.scene)).toEqual({});
  });

  it('refuses obs keys that are not plain HDF5 names', () => {
    const r = graspEpisode(job, 0, { outcome: 'success', frames: 2 }).record;
    const bad = { ...r, channels: { ...r.channels, 'observation.a/b': { names: ['x'], data: new Float32Array(2) } } };
    expect(() => layoutOf(bad)).toThrow(DatasetWriteError);
    expect(() => layoutOf(bad)).toThrow('episode 0: channel "observation.a/b" gives obs key "a/b", which is not a plain HDF5 name');
  });
});

describe('robomimic masks', () => {
  const demos = (n: number): DemoEntry[] =>
    Array.from({ length: n }, (_, i) => ({ name: `demo_${i}`, episodeIndex: i * 2, seed: ((i * 2654435761) >>> 0).toString(16).padStart(32, '0'), success: i % 3 !== 0 }));

  it('puts floor(10%) of the demos in valid, as robomimic\'s split script does', () => {
    for (const [n, valid] of [[0, 0], [9, 0], [10, 1], [25, 2], [100, 10]] as const) {
      const masks = buildMasks(demos(n));
      expect(masks.valid).toHaveLength(valid);
      expect(masks.train).toHaveLength(n - valid);
    }
  });

  it('chooses the demos with the smallest seeds, whatever order the demos come in, and lists names in demo order', () => {
    const list = demos(30);
    const masks = buildMasks(list);
    const smallest = [...list].sort((a, b) => (a.seed < b.seed ? -1 : 1)).slice(0, 3).map((d) => d.name);
    expect([...masks.valid!].sort()).toEqual([...smallest].sort());
    expect(masks.valid).toEqual(list.filter((d) => smallest.includes(d.name)).map((d) => d.name));
    expect(buildMasks([...list].reverse()).valid!.sort()).toEqual([...masks.valid!].sort());
  });

  it('lists successes and failures, and the successes of each split', () => {
    const list = demos(30);
    const masks = buildMasks(list);
    expect(masks.success).toEqual(list.filter((d) => d.success).map((d) => d.name));
    expect(masks.failure).toEqual(list.filter((d) => !d.success).map((d) => d.name));
    expect([...masks.success_train!, ...masks.success_valid!].sort()).toEqual([...masks.success!].sort());
    expect(masks.success_valid!.every((n) => masks.valid!.includes(n))).toBe(true);
  });
});
