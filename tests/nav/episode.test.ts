/**
 * Whole navigation episodes: record shape and timing, outcomes (success,
 * timeout, no path), metrics, byte-for-byte determinism, and the success
 * rate on the shipped navigation presets.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { EpisodeRecord } from '../../workers/episode';
import { ACTION_NAMES, GOAL_NAMES, runNavigationEpisode, STATE_NAMES } from '../../workers/nav';
import type { Rapier } from '../../workers/physics/rapier';
import { loadNavPreset, navScene, presetSpec, rapier, specOf, wall } from './builders';

let R: Rapier;
beforeAll(async () => {
  R = await rapier();
});

/** Every channel holds frames x names.length float32 values. */
function expectWellFormed(record: EpisodeRecord): void {
  expect(record.frames).toBeGreaterThan(0);
  for (const [key, channel] of Object.entries(record.channels)) {
    expect(channel.data, key).toBeInstanceOf(Float32Array);
    expect(channel.data.length, key).toBe(record.frames * channel.names.length);
    expect(new Set(channel.names).size, key).toBe(channel.names.length);
  }
  expect(record.channels['observation.state']!.names).toEqual(STATE_NAMES);
  expect(record.channels.action!.names).toEqual(ACTION_NAMES);
  expect(record.channels.goal!.names).toEqual(GOAL_NAMES);
  for (const key of ['observation.state', 'action', 'goal']) {
    expect(record.channels[key]!.data.every(Number.isFinite), key).toBe(true);
  }
}

function bytes(record: EpisodeRecord): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, channel] of Object.entries(record.channels)) out[key] = Buffer.from(channel.data.buffer, channel.data.byteOffset, channel.data.byteLength).toString('base64');
  return out;
}

describe('a navigation episode', () => {
  it('reaches a goal behind a wall and records consistent channels and metrics', () => {
    const scene = navScene({ bodies: [wall('w', [1.5, 0], [0.1, 2])], start: [0, 0, 90], goal: [3, 0] });
    const record = runNavigationEpisode(R, specOf(scene), {});
    expectWellFormed(record);
    expect(record.outcome).toBe('success');
    expect(record.success).toBe(true);
    expect(record.task).toBe('navigation');
    expect(record.fps).toBe(10);
    expect(record.attempts).toBe(1);
    expect(record.detail).toMatch(/^reached test goal in \d+\.\d s/);
    const m = record.metrics;
    expect(m.collisions).toBe(0);
    expect(m.timeToGoal).toBeGreaterThan(0);
    expect(m.timeToGoal).toBeLessThanOrEqual((record.frames - 1) / record.fps);
    expect(m.timeToGoal).toBeGreaterThan((record.frames - 2) / record.fps);
    expect(m.pathLength).toBeGreaterThanOrEqual(m.shortestPathLength! - 0.05);
    expect(m.spl).toBeCloseTo(m.shortestPathLength! / Math.max(m.shortestPathLength!, m.pathLength!), 12);
    expect(m.spl).toBeGreaterThan(0.8);
    const state = record.channels['observation.state']!.data;
    const last = (record.frames - 1) * 5;
    expect(state[0]).toBeCloseTo(0, 6);
    expect(state[2]).toBeCloseTo(Math.PI / 2, 6);
    expect(Math.hypot(state[last]! - 3, state[last + 1]!)).toBeLessThanOrEqual(0.3 + 0.1);
    const goal = record.channels.goal!.data;
    expect(goal[(record.frames - 1) * 3 + 2]).toBeCloseTo(Math.hypot(state[last]! - 3, state[last + 1]!), 5);
    const action = record.channels.action!.data;
    expect([action[(record.frames - 1) * 2], action[(record.frames - 1) * 2 + 1]]).toEqual([0, 0]);
    for (let k = 0; k < record.frames; k++) expect(Math.abs(action[2 * k]!)).toBeLessThanOrEqual(0.8 + 1e-6);
  });

  it('times out with the distance left in the detail', () => {
    const scene = navScene({ start: [0, 0, 0], goal: [5, 0], task: { timeLimit: 2 } });
    const record = runNavigationEpisode(R, specOf(scene), {}, 2);
    expectWellFormed(record);
    expect(record.outcome).toBe('timeout');
    expect(record.frames).toBe(21);
    expect(record.attempts).toBe(2);
    expect(record.metrics.timeToGoal).toBeNaN();
    expect(record.metrics.spl).toBe(0);
    const left = record.metrics.finalDistance!;
    expect(left).toBeGreaterThan(3);
    expect(record.detail).toContain(`timed out ${left.toFixed(1)} m from test goal`);
  });

  it('reports no_path with one frame when the goal is walled in', () => {
    const room = [wall('n', [3, 1], [2.1, 0.1]), wall('s', [3, -1], [2.1, 0.1]), wall('e', [4, 0], [0.1, 2.1]), wall('w', [2, 0], [0.1, 2.1])];
    const record = runNavigationEpisode(R, specOf(navScene({ bodies: room, goal: [3, 0] })), {});
    expectWellFormed(record);
    expect(record.outcome).toBe('no_path');
    expect(record.success).toBe(false);
    expect(record.frames).toBe(1);
    expect(record.detail).toMatch(/^no path from \(0\.00, 0\.00\) to test goal/);
  });

  it('succeeds at once when it starts in the goal region', () => {
    const record = runNavigationEpisode(R, specOf(navScene({ start: [0, 0, 0], goal: [0.1, 0] })), {});
    expect(record.outcome).toBe('success');
    expect(record.frames).toBe(1);
    expect(record.metrics.timeToGoal).toBe(0);
    expect(record.metrics.spl).toBe(1);
  });

  it('runs at the scene step rate: a coarser step gives a slightly different but equally good run', () => {
    const fine = runNavigationEpisode(R, specOf(navScene({ bodies: [wall('w', [1.5, 0], [0.1, 2])], goal: [3, 0], stepHz: 240 })), {});
    const coarse = runNavigationEpisode(R, specOf(navScene({ bodies: [wall('w', [1.5, 0], [0.1, 2])], goal: [3, 0], stepHz: 60 })), {});
    expect(fine.success && coarse.success).toBe(true);
    expect(bytes(fine)['observation.state']).not.toBe(bytes(coarse)['observation.state']);
    expect(Math.abs(fine.metrics.timeToGoal! - coarse.metrics.timeToGoal!)).toBeLessThan(0.3);
  });

  it('pushes an unmapped dynamic body out of its way and counts the contacts', () => {
    const crate = { id: 'crate', kind: 'dynamic' as const, shape: { type: 'box' as const, size: [0.3, 0.3, 0.3] as [number, number, number] }, pose: { position: [1.5, 0, 0.15] as [number, number, number] }, physics: { mass: 2 }, semantic: { class: 'crate', instanceId: 1 } };
    const record = runNavigationEpisode(R, specOf(navScene({ bodies: [crate], start: [0, 0, 0], goal: [3, 0] })), {});
    expect(record.outcome).toBe('success');
    expect(record.metrics.collisions).toBeGreaterThanOrEqual(1);
  });

  it('refuses a scene whose task is not navigation', () => {
    const scene = navScene();
    const grasp = { ...scene, task: { ...scene.task, type: 'grasp' } } as unknown as typeof scene;
    expect(() => runNavigationEpisode(R, specOf(grasp), {})).toThrow(/needs a navigation task, got "grasp"/);
  });
});

describe('determinism', () => {
  it('gives the same bytes for the same spec, and different noise for another seed', () => {
    const scene = loadNavPreset('warehouse-nav');
    const spec = presetSpec(scene, 99, 3);
    const a = runNavigationEpisode(R, spec, {});
    const b = runNavigationEpisode(R, structuredClone(spec), {});
    expect(bytes(a)).toEqual(bytes(b));
    expect(a.metrics).toEqual(b.metrics);
    expect(a.detail).toBe(b.detail);
    const other = runNavigationEpisode(R, { ...spec, seed: 'ffffffffffffffffffffffffffffffff' }, {});
    expect(bytes(other)['observation.scan']).not.toBe(bytes(a)['observation.scan']);
  });
});

describe.each([
  { preset: 'warehouse-nav' as const, episodes: 8, depth: [64, 48] },
  { preset: 'apartment-nav' as const, episodes: 16, depth: undefined },
])('the $preset preset', ({ preset, episodes, depth }) => {
  it(`succeeds in nearly every one of ${episodes} sampled episodes with well-formed records`, () => {
    const scene = loadNavPreset(preset);
    const records = Array.from({ length: episodes }, (_, i) => runNavigationEpisode(R, presetSpec(scene, 2024, i), {}));
    for (const record of records) {
      expectWellFormed(record);
      const robot = scene.robots[0]!;
      if (robot.type !== 'diff-drive') throw new Error('needs a diff-drive robot');
      expect(record.channels['observation.scan']!.names).toHaveLength(robot.lidar.rays);
      if (depth) expect(record.channels['observation.depth']!.names).toHaveLength(depth[0]! * depth[1]!);
      else expect(record.channels['observation.depth']).toBeUndefined();
    }
    const failures = records.filter((r) => !r.success).map((r) => `${r.episodeIndex}: ${r.detail}`);
    expect(failures.length, failures.join('\n')).toBeLessThanOrEqual(Math.floor(episodes * 0.1));
    const meanSpl = records.reduce((a, r) => a + r.metrics.spl!, 0) / records.length;
    expect(meanSpl).toBeGreaterThan(0.8);
    const collided = records.filter((r) => r.metrics.collisions! > 0 && r.metrics.startClearance! > 0.01);
    expect(collided.map((r) => `${r.episodeIndex}: ${r.detail}`)).toEqual([]);
  });
});
