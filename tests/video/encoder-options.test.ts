/** The encoder's settings, decided before any browser is involved: codec strings, levels, determinism guards. */
import { describe, expect, it } from 'vitest';
import { EpisodeEncoder, codecString, encoderConfig } from '../../renderer/video/episode-encoder';

describe('episode encoder settings', () => {
  it('picks the lowest level that fits the size and rate', () => {
    expect(codecString('av1', 256, 256, 30)).toBe('av01.0.00M.08');
    expect(codecString('av1', 640, 480, 30)).toBe('av01.0.04M.08');
    expect(codecString('av1', 1280, 720, 30)).toBe('av01.0.05M.08');
    expect(codecString('av1', 1920, 1080, 30)).toBe('av01.0.08M.08');
    expect(codecString('h264', 256, 256, 30)).toBe('avc1.42e00d');
    expect(codecString('h264', 640, 480, 30)).toBe('avc1.42e01e');
    expect(codecString('h264', 1280, 720, 30)).toBe('avc1.42e01f');
    expect(codecString('h264', 1920, 1080, 30)).toBe('avc1.42e028');
    expect(() => codecString('av1', 8192, 8192, 120)).toThrow(/no AV1 level/);
  });

  it('configures AV1 in quantizer mode and H.264 at a fixed bitrate, both for quality over latency', () => {
    expect(encoderConfig({ width: 640, height: 480, fps: 30 })).toEqual({
      codec: 'av01.0.04M.08', width: 640, height: 480, framerate: 30, latencyMode: 'quality',
      hardwareAcceleration: 'prefer-software', alpha: 'discard', bitrateMode: 'quantizer',
    });
    expect(encoderConfig({ codec: 'h264', width: 256, height: 256, fps: 30 })).toMatchObject({
      codec: 'avc1.42e00d', bitrateMode: 'constant', bitrate: Math.round(256 * 256 * 30 * 0.2), avc: { format: 'avc' },
    });
  });

  it('refuses H.264 where Chromium encodes it nondeterministically, unless asked to allow it', async () => {
    await expect(EpisodeEncoder.create({ codec: 'h264', width: 640, height: 480, fps: 30 })).rejects.toThrow(/not deterministic/);
    expect(encoderConfig({ codec: 'h264', width: 640, height: 478, fps: 30 }).codec).toBe('avc1.42e01e');
    expect(encoderConfig({ codec: 'h264', width: 640, height: 480, fps: 30, allowNondeterministicH264: true }).codec).toBe('avc1.42e01e');
  });

  it('refuses settings it cannot encode', async () => {
    await expect(EpisodeEncoder.create({ width: 255, height: 256, fps: 30 })).rejects.toThrow(/width must be a positive even integer/);
    await expect(EpisodeEncoder.create({ width: 256, height: 256, fps: 29.97 })).rejects.toThrow(/fps must be an integer/);
    await expect(EpisodeEncoder.create({ width: 256, height: 256, fps: 30, av1Quantizer: 64 })).rejects.toThrow(/0\.\.63/);
    await expect(EpisodeEncoder.create({ width: 256, height: 256, fps: 30, keyFrameInterval: 0 })).rejects.toThrow(/keyFrameInterval/);
    // Node has no WebCodecs: a valid configuration gets that far and no further.
    await expect(EpisodeEncoder.create({ width: 256, height: 256, fps: 30 })).rejects.toThrow(/VideoEncoder is not available/);
  });
});
