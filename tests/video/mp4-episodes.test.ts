/**
 * The MP4 muxer on its own, in Node: episodes of made-up packets go in, and
 * mediabunny's demuxer (an independent reader) finds every packet, byte for
 * byte, at the time and with the key flag it was given.
 */
import { describe, expect, it } from 'vitest';
import { ALL_FORMATS, BufferSource, EncodedPacketSink, Input } from 'mediabunny';
import { MemorySink } from '../../exporters/sink';
import { Mp4EpisodeFile, timescaleFor } from '../../exporters/video/mp4-episodes';
import { moovBox, moovByteLength, type TrackTables } from '../../exporters/video/mp4-boxes';
import { frameTimestampUs, transferList, type EncodedEpisodeVideo } from '../../exporters/video/encoded-video';
import { videoFeatureInfo } from '../../exporters/video/video-feature';
import { boxesIn, findBox } from './mp4-read';

/** The avcC Chromium's H.264 encoder reports at 256x256 (Constrained Baseline, level 1.3). */
const AVCC = Uint8Array.from(Buffer.from('0142c00dffe100126742c00d8c8d4080424dc0434041e1108d4001000468ce3c80', 'hex'));
const PATH = 'videos/cam/chunk-000/file-000.mp4';

/** Deterministic pseudo-random bytes (a linear congruential generator). */
function bytes(seed: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let state = seed >>> 0;
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[i] = state >>> 24;
  }
  return out;
}

/** An episode of `frames` made-up H.264 packets; key frames every `keyEvery` frames. */
function episode(seed: number, frames: number, { fps = 30, keyEvery = 2 } = {}): EncodedEpisodeVideo {
  return {
    codecName: 'h264', codec: 'avc1.42c00d', width: 256, height: 256, fps, description: AVCC,
    colorSpace: { primaries: 'bt709', transfer: 'iec61966-2-1', matrix: 'bt709', fullRange: true },
    packets: Array.from({ length: frames }, (_, i) => ({
      data: bytes(seed * 1000 + i, 50 + ((seed * 31 + i * 17) % 400)),
      timestampUs: frameTimestampUs(i, fps),
      durationUs: frameTimestampUs(i + 1, fps) - frameTimestampUs(i, fps),
      key: i % keyEvery === 0,
    })),
  };
}

async function write(episodes: EncodedEpisodeVideo[], sink = new MemorySink()) {
  const file = await Mp4EpisodeFile.create(sink, PATH);
  const spans = [];
  for (const e of episodes) spans.push(await file.append(e));
  const estimate = file.byteLength;
  const { byteLength } = await file.finalize();
  return { bytes: sink.files.get(PATH)!, spans, estimate, byteLength, sink };
}

async function readBack(mp4: Uint8Array) {
  const input = new Input({ source: new BufferSource(mp4), formats: ALL_FORMATS });
  const track = await input.getPrimaryVideoTrack();
  if (!track) throw new Error('no video track');
  const packets = [];
  for await (const p of new EncodedPacketSink(track).packets()) packets.push(p);
  const config = await track.getDecoderConfig();
  if (!config) throw new Error('no decoder configuration');
  return { track, packets, config };
}

describe('Mp4EpisodeFile', () => {
  it('holds every packet of every episode back to back, read back unchanged by another demuxer', async () => {
    const episodes = [episode(1, 30), episode(2, 47), episode(3, 90)];
    const { bytes: mp4, spans } = await write(episodes);
    const { track, packets, config } = await readBack(mp4);
    expect(track.codec).toBe('avc');
    expect([track.codedWidth, track.codedHeight]).toEqual([256, 256]);
    expect(config.description && new Uint8Array(config.description as ArrayBuffer)).toEqual(AVCC);
    expect(config.colorSpace).toMatchObject({ fullRange: true, matrix: 'bt709' });
    const expected = episodes.flatMap((e) => e.packets);
    expect(packets).toHaveLength(expected.length);
    packets.forEach((p, i) => {
      expect(p.data).toEqual(expected[i]!.data);
      expect(p.type).toBe(expected[i]!.key ? 'key' : 'delta');
      expect(p.timestamp).toBeCloseTo(i / 30, 12);
      expect(p.duration).toBeCloseTo(1 / 30, 12);
    });
    expect(spans).toEqual([
      { fromTimestamp: 0, toTimestamp: 1, firstFrame: 0, frameCount: 30 },
      { fromTimestamp: 1, toTimestamp: 1 + 47 / 30, firstFrame: 30, frameCount: 47 },
      { fromTimestamp: 77 / 30, toTimestamp: 77 / 30 + 3, firstFrame: 77, frameCount: 90 },
    ]);
  });

  it('lays the file out as ftyp, one mdat per episode, then moov', async () => {
    const { bytes: mp4 } = await write([episode(1, 3), episode(2, 5)]);
    expect(boxesIn(mp4).map((b) => b.type)).toEqual(['ftyp', 'mdat', 'mdat', 'moov']);
    expect(findBox(mp4, ['moov', 'trak', 'mdia', 'minf', 'stbl', 'stss'])).toBeDefined();
    const allKeys = await write([episode(1, 3, { keyEvery: 1 })]);
    // No stss box: every sample is a sync sample.
    expect(findBox(allKeys.bytes, ['moov', 'trak', 'mdia', 'minf', 'stbl', 'stss'])).toBeUndefined();
    expect((await readBack(allKeys.bytes)).packets.every((p) => p.type === 'key')).toBe(true);
  });

  it('gives the same bytes for the same episodes, whenever and however they are written', async () => {
    const a = await write([episode(1, 30), episode(2, 31)]);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const b = await write([episode(1, 30), episode(2, 31)]);
    expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
    const c = await write([episode(2, 31), episode(1, 30)]);
    expect(Buffer.from(a.bytes).equals(Buffer.from(c.bytes))).toBe(false);
  });

  it('knows its final size before finalize (for rolling files over at a size)', async () => {
    const { estimate, byteLength, bytes: mp4 } = await write([episode(1, 30), episode(2, 47), episode(3, 47), episode(4, 2, { keyEvery: 1 })]);
    expect(estimate).toBe(byteLength);
    expect(byteLength).toBe(mp4.length);
  });

  it('computes the moov size exactly for long files too (64-bit times and chunk offsets)', () => {
    const base: TrackTables = {
      codecName: 'av1', width: 640, height: 480, timescale: timescaleFor(1), frameTicks: timescaleFor(1),
      description: new Uint8Array(19), colorSpace: null, sampleSizes: [], syncSamples: [], chunks: [],
    };
    const samples = 270_000; // 270000 frames of 16384 ticks: past 2^32 ticks
    const cases: TrackTables[] = [
      base,
      { ...base, sampleSizes: [10, 20, 30], syncSamples: [1, 2, 3], chunks: [{ offset: 40, samples: 3 }] },
      { ...base, sampleSizes: new Array<number>(samples).fill(7), syncSamples: [1, 5], chunks: [{ offset: 40, samples: 100 }, { offset: 2 ** 33, samples: samples - 100 }] },
    ];
    for (const t of cases) expect(moovByteLength(t)).toBe(moovBox(t).length);
    const long = moovBox(cases[2]!);
    expect(findBox(long, ['moov', 'mvhd']) && long[findBox(long, ['moov', 'mvhd'])!.body]).toBe(1);
    expect(findBox(long, ['moov', 'trak', 'mdia', 'minf', 'stbl', 'co64'])).toBeDefined();
  });

  it('uses a timescale in which every frame lasts a whole number of ticks', () => {
    expect([1, 10, 15, 24, 25, 30, 50, 60].map(timescaleFor)).toEqual([16384, 10240, 15360, 12288, 12800, 15360, 12800, 15360]);
  });

  it('refuses episodes it cannot store as one track', async () => {
    const file = await Mp4EpisodeFile.create(new MemorySink(), PATH);
    await file.append(episode(1, 4));
    await expect(file.append({ ...episode(2, 4), width: 320 })).rejects.toThrow(/size 320x256 vs 256x256/);
    await expect(file.append(episode(2, 4, { fps: 15 }))).rejects.toThrow(/fps 15 vs 30/);
    await expect(file.append({ ...episode(2, 4), description: AVCC.slice(0, 20) })).rejects.toThrow(/decoder configuration/);
    await expect(file.append({ ...episode(2, 4), packets: [] })).rejects.toThrow(/no frames/);
    const late = episode(2, 4);
    await expect(file.append({ ...late, packets: [{ ...late.packets[0]!, key: false }, ...late.packets.slice(1)] })).rejects.toThrow(/key frame/);
    await expect(file.append({ ...late, packets: late.packets.slice(2) })).rejects.toThrow(/packet 0 has timestamp 66667 us/);
    await expect(file.append({ ...late, fps: 29.97 })).rejects.toThrow(/fps must be an integer/);
    // The refusals changed nothing: the next good episode follows the first.
    expect(await file.append(episode(3, 4))).toMatchObject({ firstFrame: 4, frameCount: 4 });
  });

  it('commits nothing without episodes, and nothing when aborted', async () => {
    const sink = new MemorySink();
    const empty = await Mp4EpisodeFile.create(sink, PATH);
    await expect(empty.finalize()).rejects.toThrow(/at least one episode/);
    const aborted = await Mp4EpisodeFile.create(sink, PATH);
    await aborted.append(episode(1, 4));
    await aborted.abort();
    await expect(aborted.append(episode(2, 4))).rejects.toThrow(/aborted/);
    expect(sink.files.size).toBe(0);
  });

  it('runs appends in call order even when not awaited one by one', async () => {
    const sink = new MemorySink();
    const file = await Mp4EpisodeFile.create(sink, PATH);
    const spans = await Promise.all([1, 2, 3].map((seed) => file.append(episode(seed, 10 + seed))));
    expect(spans.map((s) => s.firstFrame)).toEqual([0, 11, 23]);
    await file.finalize();
    const sequential = await write([episode(1, 11), episode(2, 12), episode(3, 13)]);
    expect(sink.files.get(PATH)).toEqual(sequential.bytes);
  });

  it('describes the feature as LeRobot records it', () => {
    expect(videoFeatureInfo(episode(1, 1))).toEqual({
      'video.height': 256, 'video.width': 256, 'video.codec': 'h264', 'video.pix_fmt': 'yuvj420p',
      'video.is_depth_map': false, 'video.fps': 30, 'video.channels': 3, has_audio: false,
    });
    expect(videoFeatureInfo({ ...episode(1, 1), codecName: 'av1' })['video.pix_fmt']).toBe('yuv420p');
  });

  it('lists the buffers to transfer an episode between threads', () => {
    const e = episode(1, 3);
    expect(transferList(e)).toHaveLength(4);
  });
});

describe('frameTimestampUs', () => {
  it('rounds index * 1e6 / fps half up, exactly, for large indices too', () => {
    expect([0, 1, 2, 3, 29, 30].map((i) => frameTimestampUs(i, 30))).toEqual([0, 33333, 66667, 100000, 966667, 1000000]);
    expect(frameTimestampUs(1, 16)).toBe(62500);
    expect(frameTimestampUs(1, 64)).toBe(15625);
    expect(frameTimestampUs(3, 80)).toBe(37500);
    expect(frameTimestampUs(1, 3)).toBe(333333);
    expect(frameTimestampUs(2, 3)).toBe(666667);
    // 1e9 frames at 60 fps: exact integer arithmetic, 16666666666666.67 us -> ...667.
    expect(frameTimestampUs(1_000_000_000, 60)).toBe(16_666_666_666_667);
    expect(() => frameTimestampUs(-1, 30)).toThrow(/non-negative/);
    expect(() => frameTimestampUs(1, 0)).toThrow(/fps/);
  });
});
