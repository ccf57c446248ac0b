/** The same EpisodeSpec gives the same bytes, with every noise source switched on. */
import { beforeAll, describe, expect, it } from 'vitest';
import { sample } from '../../scenes/sample';
import type { EpisodeRecord } from '../../workers/episode';
import { runGraspEpisode } from '../../workers/grasp';
import type { MeshLibrary } from '../../workers/physics/mesh';
import { loadRapier, type Rapier } from '../../workers/physics/rapier';
import { loadMeshes, loadPreset } from './builders';

let R: Rapier;
let meshes: MeshLibrary;
beforeAll(async () => {
  R = await loadRapier();
  meshes = loadMeshes();
});

/** Every channel's float32 bytes, in key order. */
function bytes(record: EpisodeRecord): Buffer {
  return Buffer.concat(
    Object.keys(record.channels)
      .sort()
      .map((key) => {
        const data = record.channels[key]!.data;
        return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
      }),
  );
}

describe('grasp determinism', () => {
  it('repeats an episode byte for byte, noise, latency and retries included', () => {
    const scene = loadPreset('tabletop-grasp');
    for (const index of [0, 1, 2]) {
      const spec = sample(scene, 5, index);
      const robot = spec.scene.robots[0]!;
      if (robot.type !== 'parallel-gripper') throw new Error('tabletop-grasp has a gripper');
      robot.actuation = { noiseStd: 0.05, latency: 0.02 };
      robot.forceNoise = { gaussianStd: 0.5, bias: 0.1, dropout: 0.05 };
      robot.proprioceptionNoise = { gaussianStd: 0.0005, bias: 0, dropout: 0.05 };
      const first = runGraspEpisode(R, structuredClone(spec), meshes, 2);
      const second = runGraspEpisode(R, structuredClone(spec), meshes, 2);
      expect(first.frames).toBeGreaterThan(0);
      expect(bytes(second).equals(bytes(first))).toBe(true);
      expect(second.metrics).toEqual(first.metrics);
      expect(second.detail).toBe(first.detail);
      expect(second.outcome).toBe(first.outcome);
    }
  });

  it('gives different episodes different data', () => {
    const scene = loadPreset('bin-picking');
    const a = runGraspEpisode(R, sample(scene, 5, 0), meshes);
    const b = runGraspEpisode(R, sample(scene, 5, 1), meshes);
    expect(bytes(a).equals(bytes(b))).toBe(false);
  });
});
