/**
 * The seeded sampler: episode i of a job is a function of the scene, the job
 * seed and i alone (DESIGN.md, determinism).
 */
import { describe, expect, it } from 'vitest';
import { loadSceneText } from '../../scenes/load';
import { getAt, setAt } from '../../scenes/pointer';
import { seedToHex } from '../../scenes/rng';
import { episodeSeed, sample, type EpisodeSpec } from '../../scenes/sample';
import type { RandomizationEntry } from '../../scenes/schema/randomization';
import { LOAD_OPTIONS, loadPreset, minimalScene, mustLoad, presetFiles, presetJson, presetText } from './support';

const PRESET = 'tabletop-grasp.json';
const JOB_SEED = 7;

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/** Values drawn for each path, as a plain map for comparisons. */
function drawnByPath(spec: EpisodeSpec): Record<string, unknown> {
  return Object.fromEntries(spec.resolved.map((r) => [r.path, r.value]));
}

describe('sample()', () => {
  it('is deterministic: the same job seed and index give the same episode', () => {
    const scene = loadPreset(PRESET);
    const a = sample(scene, JOB_SEED, 3);
    const b = sample(scene, JOB_SEED, 3);
    expect(b).toEqual(a);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });

  it('gives the same episode from a freshly loaded copy of the scene', () => {
    const fresh = loadSceneText(presetText(PRESET), PRESET, LOAD_OPTIONS);
    if (!fresh.ok) throw new Error('preset must load');
    expect(JSON.stringify(sample(fresh.scene, JOB_SEED, 11))).toBe(JSON.stringify(sample(loadPreset(PRESET), JOB_SEED, 11)));
  });

  it('does not depend on the order in which episodes are sampled', () => {
    const scene = loadPreset(PRESET);
    const forwards = range(100).map((i) => JSON.stringify(sample(scene, JOB_SEED, i)));
    const backwards = range(100)
      .reverse()
      .map((i) => JSON.stringify(sample(scene, JOB_SEED, i)))
      .reverse();
    expect(backwards).toEqual(forwards);
    const alone = JSON.stringify(sample(loadPreset(PRESET), JOB_SEED, 57));
    expect(alone).toBe(forwards[57]);
  });

  it('does not depend on other jobs sampled in between', () => {
    const scene = loadPreset(PRESET);
    const plain = JSON.stringify(sample(scene, JOB_SEED, 5));
    sample(scene, JOB_SEED + 1, 5);
    sample(scene, 0, 0);
    expect(JSON.stringify(sample(scene, JOB_SEED, 5))).toBe(plain);
  });

  it('draws different values for different job seeds and for different episodes', () => {
    const scene = loadPreset(PRESET);
    const base = drawnByPath(sample(scene, 1, 0));
    const otherSeed = drawnByPath(sample(scene, 2, 0));
    const otherEpisode = drawnByPath(sample(scene, 1, 1));
    const continuous = scene.randomization.filter((e) => e.dist.type !== 'choice').map((e) => e.path);
    expect(continuous.length).toBeGreaterThan(5);
    for (const path of continuous) {
      expect(otherSeed[path], path).not.toBe(base[path]);
      expect(otherEpisode[path], path).not.toBe(base[path]);
    }
  });

  it('carries the episode seed, a function of the job seed and index alone', () => {
    const scene = loadPreset(PRESET);
    const spec = sample(scene, JOB_SEED, 42);
    expect(spec.jobSeed).toBe(JOB_SEED);
    expect(spec.episodeIndex).toBe(42);
    expect(spec.seed).toMatch(/^[0-9a-f]{32}$/);
    expect(spec.seed).toBe(seedToHex(episodeSeed(JOB_SEED, 42)));
    expect(sample(mustLoad(minimalScene()), JOB_SEED, 42).seed).toBe(spec.seed);
    const seeds = new Set(range(1000).map((i) => seedToHex(episodeSeed(JOB_SEED, i))));
    expect(seeds.size).toBe(1000);
    expect(seedToHex(episodeSeed(JOB_SEED + 1, 42))).not.toBe(spec.seed);
  });

  it('refuses a job seed or episode index that is not a non-negative safe integer', () => {
    const scene = loadPreset(PRESET);
    expect(() => sample(scene, -1, 0)).toThrow(/job seed/);
    expect(() => sample(scene, 1.5, 0)).toThrow(/job seed/);
    expect(() => sample(scene, 0, -3)).toThrow(/episode index/);
    expect(() => sample(scene, 0, Number.NaN)).toThrow(/episode index/);
  });

  describe.each(presetFiles())('on %s', (file) => {
    it('writes each drawn value at its path and nothing else', () => {
      const scene = loadPreset(file);
      for (const episode of [0, 1, 99]) {
        const spec = sample(scene, JOB_SEED, episode);
        expect(spec.resolved.map((r) => r.path)).toEqual(scene.randomization.map((e) => e.path));
        for (const { path, value } of spec.resolved) expect(getAt(spec.scene, path)).toEqual({ ok: true, value });
        const expected = structuredClone({ ...scene, randomization: [] });
        for (const { path, value } of spec.resolved) setAt(expected, path, value);
        expect(spec.scene).toEqual(expected);
      }
    });

    it('draws every value from the support of its distribution', () => {
      const scene = loadPreset(file);
      for (let episode = 0; episode < 20; episode++) {
        const spec = sample(scene, JOB_SEED, episode);
        scene.randomization.forEach((entry, i) => {
          const value = spec.resolved[i]?.value;
          const dist = entry.dist;
          if (dist.type === 'choice') {
            expect(dist.values, entry.path).toContain(value);
          } else {
            const lo = dist.type === 'normal' ? (dist.min ?? -Infinity) : dist.min;
            const hi = dist.type === 'normal' ? (dist.max ?? Infinity) : dist.max;
            expect(typeof value === 'number' && value >= lo && value <= hi, `${entry.path} = ${String(value)}`).toBe(true);
          }
        });
      }
    });

    it('returns a scene with an empty randomization and leaves the input scene untouched', () => {
      const scene = loadPreset(file);
      const before = structuredClone(scene);
      for (let episode = 0; episode < 10; episode++) {
        const spec = sample(scene, JOB_SEED, episode);
        expect(spec.scene.randomization).toEqual([]);
        expect(spec.scene).not.toBe(scene);
      }
      expect(scene).toEqual(before);
    });

    it('returns plain JSON that survives a round trip', () => {
      const spec = sample(loadPreset(file), JOB_SEED, 4);
      expect(JSON.parse(JSON.stringify(spec))).toEqual(spec);
    });
  });

  describe('independence of randomization entries', () => {
    const extra: RandomizationEntry = { path: '/bodies/floor/physics/friction', dist: { type: 'uniform', min: 0.3, max: 1.2 } };

    it('draws the same values for the other entries when an unrelated entry is added', () => {
      const raw = presetJson(PRESET);
      const withExtra = presetJson(PRESET);
      withExtra.randomization = [extra, ...(withExtra.randomization ?? [])];
      const plain = mustLoad(raw);
      const more = mustLoad(withExtra);
      for (let episode = 0; episode < 20; episode++) {
        const drawnPlain = drawnByPath(sample(plain, JOB_SEED, episode));
        const drawnMore = drawnByPath(sample(more, JOB_SEED, episode));
        expect(Object.keys(drawnMore)).toContain(extra.path);
        delete drawnMore[extra.path];
        expect(drawnMore).toEqual(drawnPlain);
      }
    });

    it('draws the same values whatever the order of the entries', () => {
      const raw = presetJson(PRESET);
      const reversed = presetJson(PRESET);
      reversed.randomization = [...(reversed.randomization ?? [])].reverse();
      const a = sample(mustLoad(raw), JOB_SEED, 9);
      const b = sample(mustLoad(reversed), JOB_SEED, 9);
      expect(drawnByPath(b)).toEqual(drawnByPath(a));
      expect(b.scene).toEqual(a.scene);
    });
  });
});
