/**
 * The shipped presets are the one-click demos: each must load whole, with
 * its mesh files present, and each randomized property must really vary.
 */
import { describe, expect, it } from 'vitest';
import { loadSceneText, loadSceneValue } from '../../scenes/load';
import { formatProblem } from '../../scenes/problems';
import { getAt } from '../../scenes/pointer';
import { sample } from '../../scenes/sample';
import type { Distribution } from '../../scenes/schema/randomization';
import { assetExists, loadPreset, presetFiles, presetJson, presetText, SHIPPED_PRESETS } from './support';

const JOB_SEED = 20240611;

/** A distribution that can produce more than one value. */
function isContinuous(dist: Distribution): boolean {
  switch (dist.type) {
    case 'uniform':
    case 'logUniform':
      return dist.min < dist.max;
    case 'normal':
      return dist.std > 0;
    case 'choice':
      return false;
  }
}

describe('presets', () => {
  it('ships the five presets in scenes/presets', () => {
    const files = presetFiles();
    for (const name of SHIPPED_PRESETS) expect(files).toContain(`${name}.json`);
  });

  describe.each(presetFiles())('%s', (file) => {
    it('loads at the current schema version with every referenced asset file present', () => {
      const asked: string[] = [];
      const result = loadSceneText(presetText(file), file, {
        assetExists: (path) => {
          asked.push(path);
          return assetExists(path);
        },
      });
      if (!result.ok) expect.fail(formatProblem(result.problem));
      expect(result.migratedFrom).toBe(1);
      const meshes = result.scene.bodies.flatMap((b) => (b.shape.type === 'mesh' ? [b.shape.asset] : []));
      for (const mesh of meshes) expect(asked).toContain(mesh);
    });

    it('has a non-empty randomization, each entry a distinct property of the scene', () => {
      const scene = loadPreset(file);
      expect(scene.randomization.length).toBeGreaterThan(0);
      for (const entry of scene.randomization) expect(getAt(scene, entry.path).ok, entry.path).toBe(true);
      expect(new Set(scene.randomization.map((e) => e.path)).size).toBe(scene.randomization.length);
    });

    it('changes every randomized property between episodes', () => {
      const scene = loadPreset(file);
      const first = sample(scene, JOB_SEED, 0);
      const second = sample(scene, JOB_SEED, 1);
      for (const [i, entry] of scene.randomization.entries()) {
        const a = getAt(first.scene, entry.path);
        const b = getAt(second.scene, entry.path);
        expect(a.ok && b.ok, entry.path).toBe(true);
        if (isContinuous(entry.dist)) {
          expect(a.ok && b.ok && a.value !== b.value, `${entry.path} drew the same value in episodes 0 and 1`).toBe(true);
        } else {
          // A choice may repeat by chance; within 64 episodes it must not always repeat.
          const seen = new Set<unknown>();
          for (let e = 0; e < 64 && seen.size < 2; e++) seen.add(sample(scene, JOB_SEED, e).resolved[i]?.value);
          expect(seen.size, `${entry.path} never changes`).toBeGreaterThan(1);
        }
      }
    });

    it('resolves into a valid scene in every one of 50 episodes', () => {
      const scene = loadPreset(file);
      for (let e = 0; e < 50; e++) {
        const result = loadSceneValue(sample(scene, JOB_SEED, e).scene, `${file}#${e}`, { assetExists });
        if (!result.ok) expect.fail(formatProblem(result.problem));
      }
    });

    it('keeps the file as written: parsing adds defaults but changes no value given', () => {
      const raw = presetJson(file);
      const scene = loadPreset(file);
      expect(scene).toMatchObject(raw as Record<string, unknown>);
    });
  });
});
