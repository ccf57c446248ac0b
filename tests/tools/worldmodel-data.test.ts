/**
 * The world-model data tool's pure parts: appearances written into preset
 * documents still validate, re-rendering one geometry under another
 * appearance changes only visual values, draws are seeded, and the .npy
 * writer produces files NumPy's format reads.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSceneFile, PRESETS_DIR } from '../../main/cli/scene-file';
import { loadSceneValue } from '../../scenes/load';
import { Rng } from '../../scenes/rng';
import { sample } from '../../scenes/sample';
import { DATA_CAMERA, ENVIRONMENT_BODY, environmentGroups, randomAppearance, randomCamera, randomObjectMaterials, withValues } from './worldmodel-data/appearance';
import { npyHeader, NpyWriter } from './worldmodel-data/npy';

const PRESETS = ['tabletop-grasp', 'bin-picking', 'shelf-pick', 'warehouse-nav', 'apartment-nav'];
const scenes = PRESETS.map((name) => readSceneFile(join(PRESETS_DIR, `${name}.json`)).scene);

describe('world-model data appearances', () => {
  it('every preset has environment bodies and at least one object body', () => {
    for (const scene of scenes) {
      expect(environmentGroups(scene).flat().length).toBeGreaterThan(0);
      expect(scene.bodies.some((b) => !ENVIRONMENT_BODY.test(b.id))).toBe(true);
    }
  });

  it('documents with a random camera, object materials and appearance still validate', () => {
    scenes.forEach((scene, p) => {
      for (let k = 0; k < 8; k++) {
        const spec = sample(scene, 3, k);
        const doc = withValues(withValues(spec.scene, [
          ...randomObjectMaterials(Rng.fromKey('objects', p, k), scene),
          { path: '/cameras', value: [randomCamera(Rng.fromKey('camera', p, k), scene, 64)] },
        ]), randomAppearance(Rng.fromKey('appearance', p, k), scene).values);
        const result = loadSceneValue(doc, `${PRESETS[p]}#${k}`);
        if (!result.ok) throw new Error(`${result.problem.file} ${result.problem.path}: ${result.problem.message}`);
        expect(doc.cameras.map((c) => c.id)).toEqual([DATA_CAMERA]);
      }
    });
  });

  it('two appearances of one geometry differ only in environment materials and lights', () => {
    const scene = scenes[0]!;
    const geometry = sample(scene, 1, 0).scene;
    const a = withValues(geometry, randomAppearance(Rng.fromKey('a'), scene).values);
    const b = withValues(geometry, randomAppearance(Rng.fromKey('b'), scene).values);
    expect(a.lights).not.toEqual(b.lights);
    a.bodies.forEach((body, i) => {
      const other = b.bodies[i]!;
      expect(body.pose).toEqual(other.pose);
      expect(body.shape).toEqual(other.shape);
      if (ENVIRONMENT_BODY.test(body.id)) expect(body.visual).not.toEqual(other.visual);
      else expect(body.visual).toEqual(other.visual);
    });
  });

  it('is seeded: the same key gives the same appearance and camera', () => {
    const scene = scenes[3]!;
    expect(randomAppearance(Rng.fromKey('x', 1), scene)).toEqual(randomAppearance(Rng.fromKey('x', 1), scene));
    expect(randomCamera(Rng.fromKey('x', 1), scene, 64)).toEqual(randomCamera(Rng.fromKey('x', 1), scene, 64));
    expect(randomAppearance(Rng.fromKey('x', 2), scene)).not.toEqual(randomAppearance(Rng.fromKey('x', 1), scene));
  });
});

describe('npy writer', () => {
  it('writes a version 1.0 header padded to 64 bytes and the rows after it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'npy-'));
    try {
      const w = new NpyWriter(join(dir, 'a.npy'), '<u2', [2, 3]);
      w.append(new Uint16Array([1, 2, 3]));
      w.append(new Uint16Array([4, 5, 65535]));
      w.close();
      const bytes = readFileSync(join(dir, 'a.npy'));
      expect([...bytes.subarray(0, 8)]).toEqual([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
      const headerLength = bytes[8]! + 256 * bytes[9]!;
      expect((10 + headerLength) % 64).toBe(0);
      const dict = bytes.subarray(10, 10 + headerLength).toString('latin1');
      expect(dict).toMatch(/^\{'descr': '<u2', 'fortran_order': False, 'shape': \(2, 3\), \} *\n$/);
      const data = new Uint16Array(bytes.buffer.slice(bytes.byteOffset + 10 + headerLength, bytes.byteOffset + bytes.length));
      expect([...data]).toEqual([1, 2, 3, 4, 5, 65535]);
      expect(new TextDecoder().decode(npyHeader('|u1', [7]))).toContain("'shape': (7,)");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses to close a file whose rows do not fill the shape', () => {
    const dir = mkdtempSync(join(tmpdir(), 'npy-'));
    try {
      const w = new NpyWriter(join(dir, 'b.npy'), '|u1', [4]);
      w.append(new Uint8Array([1, 2]));
      expect(() => w.close()).toThrow(/wrote 2 bytes, the shape \[4\] needs 4/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
