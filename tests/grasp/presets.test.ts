/**
 * The grasp presets run end to end: records are well-formed for every
 * preset, and tabletop episodes produce both successes and failures.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { sample } from '../../scenes/sample';
import type { EpisodeRecord, Outcome } from '../../workers/episode';
import { CHANNEL_NAMES, runGraspEpisode } from '../../workers/grasp';
import type { MeshLibrary } from '../../workers/physics/mesh';
import { loadRapier, type Rapier } from '../../workers/physics/rapier';
import { loadMeshes, loadPreset } from './builders';

let R: Rapier;
let meshes: MeshLibrary;
beforeAll(async () => {
  R = await loadRapier();
  meshes = loadMeshes();
});

const GRASP_OUTCOMES: Outcome[] = ['success', 'no_contact', 'collision_on_approach', 'slipped_during_lift', 'dropped_during_shake', 'no_candidate'];

function expectWellFormed(record: EpisodeRecord, episodeIndex: number): void {
  expect(record.task).toBe('grasp');
  expect(record.episodeIndex).toBe(episodeIndex);
  expect(record.seed).toMatch(/^[0-9a-f]{32}$/);
  expect(GRASP_OUTCOMES).toContain(record.outcome);
  expect(record.success).toBe(record.outcome === 'success');
  expect(record.detail.length).toBeGreaterThan(10);
  expect(record.fps).toBe(30);
  expect(record.attempts).toBe(1);
  expect(Object.keys(record.channels).sort()).toEqual(Object.keys(CHANNEL_NAMES).sort());
  for (const [key, channel] of Object.entries(record.channels)) {
    expect(channel.names).toEqual(CHANNEL_NAMES[key as keyof typeof CHANNEL_NAMES]);
    expect(channel.data).toBeInstanceOf(Float32Array);
    expect(channel.data.length).toBe(record.frames * channel.names.length);
  }
  if (record.outcome !== 'no_candidate') {
    expect(record.frames).toBeGreaterThan(0);
    // Without sensor noise in these presets every value is finite, and the palm quaternion is unit length.
    for (const channel of Object.values(record.channels)) expect(channel.data.every(Number.isFinite)).toBe(true);
    const state = record.channels['observation.state']!.data;
    for (let f = 0; f < record.frames; f++) {
      const q = state.subarray(f * 8 + 3, f * 8 + 7);
      expect(Math.abs(Math.hypot(...q) - 1)).toBeLessThan(1e-5);
    }
  }
  for (const value of Object.values(record.metrics)) expect(Number.isFinite(value)).toBe(true);
  expect(record.metrics.candidateCount).toBeGreaterThanOrEqual(0);
}

describe('grasp presets', () => {
  for (const name of ['tabletop-grasp', 'bin-picking', 'shelf-pick']) {
    it(`${name}: a few episodes give well-formed records`, () => {
      const scene = loadPreset(name);
      for (let i = 0; i < 4; i++) expectWellFormed(runGraspEpisode(R, sample(scene, 11, i), meshes), i);
    });
  }

  it('tabletop-grasp: 20 episodes include successes and failures', () => {
    const scene = loadPreset('tabletop-grasp');
    const outcomes = Array.from({ length: 20 }, (_, i) => runGraspEpisode(R, sample(scene, 3, i), meshes).outcome);
    expect(outcomes.filter((o) => o === 'success').length).toBeGreaterThanOrEqual(5);
    expect(outcomes.filter((o) => o !== 'success').length).toBeGreaterThanOrEqual(1);
  });
});
