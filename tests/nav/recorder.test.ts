/** Channel recording: storage grows as frames arrive and the result is exactly frames x names long. */
import { describe, expect, it } from 'vitest';
import { ChannelBuffer } from '../../workers/nav';

describe('channel buffer', () => {
  it('keeps every frame across growth and trims to the recorded frames', () => {
    const buffer = new ChannelBuffer(['a', 'b', 'c'], 2000);
    for (let k = 0; k < 1000; k++) buffer.set(k, [k, -k, k / 2]);
    const channel = buffer.finish(700);
    expect(channel.names).toEqual(['a', 'b', 'c']);
    expect(channel.data.length).toBe(2100);
    expect(channel.data.buffer.byteLength).toBe(2100 * 4);
    for (const k of [0, 255, 256, 511, 699]) expect(Array.from(channel.data.subarray(3 * k, 3 * k + 3))).toEqual([k, -k, k / 2]);
  });

  it('refuses frames beyond its maximum', () => {
    const buffer = new ChannelBuffer(['x'], 3);
    buffer.set(2, [1]);
    expect(() => buffer.set(3, [1])).toThrow(/frame 3 exceeds the maximum of 3 frames/);
  });
});
