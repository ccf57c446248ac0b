import { describe, expect, it } from 'vitest';
import type { EpisodeRecord } from '../../exporters/episode';
import { crc32 } from '../../exporters/crc32';
import { decodeJournal, encodeJournalFrame } from '../../exporters/journal';
import { concatBytes } from '../../exporters/bytes';

function record(index: number, frames: number): EpisodeRecord {
  const state = new Float32Array(frames * 3).map((_, i) => Math.sin(i + index) * 0.5);
  const action = new Float32Array(frames * 2).map((_, i) => (i % 7) / 7);
  return {
    episodeIndex: index,
    seed: index.toString(16).padStart(32, '0'),
    task: 'grasp',
    success: index % 2 === 0,
    outcome: index % 2 === 0 ? 'success' : 'slipped_during_lift',
    detail: `episode ${index} — "quoted" ünïcode`,
    fps: 30,
    frames,
    channels: frames ? { 'observation.state': { names: ['x', 'y', 'z'], data: state }, action: { names: ['a', 'b'], data: action } } : {},
    metrics: { liftHeightAchieved: 0.1 * index, timeToGoal: NaN, worst: -Infinity },
    resolved: [{ path: '/bodies/mug/physics/mass', value: 0.5 + index }],
    ...(frames ? { poses: { ids: ['mug', 'gripper/palm'], data: new Float32Array(frames * 14).map((_, i) => i / 7) } } : {}),
    attempts: 1,
  };
}

describe('episode journal', () => {
  it('computes the standard CRC-32', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });

  it('round-trips records exactly, channel bytes, NaN and infinite metrics included', () => {
    const records = [record(0, 40), record(1, 0), record(2, 7)];
    const { records: back, validBytes } = decodeJournal(concatBytes(records.map(encodeJournalFrame)));
    expect(back).toHaveLength(3);
    expect(validBytes).toBe(concatBytes(records.map(encodeJournalFrame)).length);
    for (let i = 0; i < 3; i++) {
      const a = records[i]!;
      const b = back[i]!;
      expect({ ...b, channels: undefined, metrics: undefined, poses: undefined }).toEqual({ ...a, channels: undefined, metrics: undefined, poses: undefined });
      expect(b.poses?.ids).toEqual(a.poses?.ids);
      if (a.poses) expect(Buffer.from(b.poses!.data.buffer)).toEqual(Buffer.from(a.poses.data.buffer));
      expect(b.metrics.timeToGoal).toBeNaN();
      expect(b.metrics.worst).toBe(-Infinity);
      for (const name of Object.keys(a.channels)) {
        expect(b.channels[name]!.names).toEqual(a.channels[name]!.names);
        expect(Buffer.from(b.channels[name]!.data.buffer)).toEqual(Buffer.from(a.channels[name]!.data.buffer));
      }
    }
  });

  it('keeps the intact prefix of a journal torn at any byte', () => {
    const frames = [record(0, 10), record(1, 12), record(2, 9)].map(encodeJournalFrame);
    const whole = concatBytes(frames);
    const boundaries = [0, frames[0]!.length, frames[0]!.length + frames[1]!.length, whole.length];
    for (let cut = 0; cut <= whole.length; cut += 7) {
      const { records, validBytes } = decodeJournal(whole.subarray(0, cut));
      const intact = boundaries.filter((b) => b <= cut).length - 1;
      expect(records).toHaveLength(intact);
      expect(validBytes).toBe(boundaries[intact]);
    }
  });

  it('stops at a damaged frame (flipped payload byte) rather than returning bad data', () => {
    const frames = [record(0, 10), record(1, 12)].map(encodeJournalFrame);
    const whole = concatBytes(frames);
    whole[frames[0]!.length + 40]! ^= 0xff;
    const { records, validBytes } = decodeJournal(whole);
    expect(records.map((r) => r.episodeIndex)).toEqual([0]);
    expect(validBytes).toBe(frames[0]!.length);
  });
});
