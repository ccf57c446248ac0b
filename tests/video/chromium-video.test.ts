/**
 * Episode video end to end: Chromium's WebCodecs encodes synthetic episodes
 * (renderer/video), Node muxes them into one MP4 (exporters/video), and
 * FFmpeg, reading it independently, finds every frame where the episodes
 * metadata says it is, with the pixels close to the source.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openVideoTestPage, type VideoTestPage } from './chromium-page';
import { fromWire, type WireEpisode } from './page/wire';
import { decodeRaw, frameTimes, probe } from './ffmpeg';
import { psnr, rgb } from './compare';
import { boxTimes, findBox } from './mp4-read';
import { syntheticFrame } from './synthetic-frames';
import { MemorySink } from '../../exporters/sink';
import { Mp4EpisodeFile, type EpisodeVideoSpan } from '../../exporters/video/mp4-episodes';
import { videoFeatureInfo } from '../../exporters/video/video-feature';
import type { EncodedEpisodeVideo, VideoCodecName } from '../../exporters/video/encoded-video';
import type { EpisodeEncoderOptions } from '../../renderer/video/episode-encoder';

const WIDTH = 256;
const HEIGHT = 256;
const FPS = 30;
const FRAME_COUNTS = [30, 47, 90];
const TOTAL_FRAMES = FRAME_COUNTS.reduce((a, b) => a + b, 0);
/** LeRobot's tolerance when it matches decoded frames to query timestamps, seconds. */
const TOLERANCE_S = 1e-4;

let browser: VideoTestPage;
let dir: string;

beforeAll(async () => {
  browser = await openVideoTestPage();
  dir = await mkdtemp(join(tmpdir(), 'video-test-'));
});

afterAll(async () => {
  await browser?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function encodeInPage(options: EpisodeEncoderOptions, where: 'page' | 'worker' = 'page'): Promise<WireEpisode[]> {
  return browser.page.evaluate(
    ([o, counts, inWorker]) => (inWorker ? window.videoTest.encodeEpisodesInWorker(o, counts) : window.videoTest.encodeEpisodes(o, counts)),
    [options, FRAME_COUNTS, where === 'worker'] as const,
  );
}

async function mux(episodes: EncodedEpisodeVideo[]): Promise<{ bytes: Uint8Array; spans: EpisodeVideoSpan[] }> {
  const sink = new MemorySink();
  const file = await Mp4EpisodeFile.create(sink, 'videos/observation.images.front/chunk-000/file-000.mp4');
  const spans: EpisodeVideoSpan[] = [];
  for (const e of episodes) spans.push(await file.append(e));
  await file.finalize();
  return { bytes: sink.files.get('videos/observation.images.front/chunk-000/file-000.mp4')!, spans };
}

describe('AV1 at 640x480 in Chromium', () => {
  it('gives the same packets in the page, in a worker and in two workers at once', async () => {
    const options: EpisodeEncoderOptions = { width: 640, height: 480, fps: FPS };
    const inPage = await browser.page.evaluate(([o]) => window.videoTest.encodeEpisodes(o, [40]), [options] as const);
    const inWorkers = await browser.page.evaluate(
      ([o]) => Promise.all([window.videoTest.encodeEpisodesInWorker(o, [40]), window.videoTest.encodeEpisodesInWorker(o, [40])]),
      [options] as const,
    );
    expect(inPage[0]!.codec).toBe('av01.0.04M.08');
    expect(inWorkers).toEqual([inPage, inPage]);
  });

  it('refuses a frame of the wrong size', async () => {
    const options: EpisodeEncoderOptions = { width: 640, height: 480, fps: FPS };
    expect(await browser.page.evaluate(([o]) => window.videoTest.frameError(o, 640 * 480 * 3), [options] as const))
      .toMatch(/expected 640x480x4 = 1228800 RGBA bytes, got 921600/);
    expect(await browser.page.evaluate(([o]) => window.videoTest.frameError(o, 640 * 480 * 4), [options] as const)).toBe('');
  });
});

describe.each<[VideoCodecName, string, string]>([
  ['av1', 'av01.0.00M.08', 'yuv420p'],
  ['h264', 'avc1.42e00d', 'yuvj420p'],
])('%s episodes encoded in Chromium, muxed into one MP4', (codec, codecString, pixFmt) => {
  const options: EpisodeEncoderOptions = { codec, width: WIDTH, height: HEIGHT, fps: FPS };
  let wire: WireEpisode[];
  let episodes: EncodedEpisodeVideo[];
  let path: string;
  let spans: EpisodeVideoSpan[];
  let bytes: Uint8Array;

  beforeAll(async () => {
    wire = await encodeInPage(options);
    episodes = wire.map(fromWire);
    ({ bytes, spans } = await mux(episodes));
    path = join(dir, `${codec}.mp4`);
    await writeFile(path, bytes);
  });

  it('encodes each episode to one packet per frame, key frames every 2 frames, exact microsecond timestamps', () => {
    expect(episodes.map((e) => e.packets.length)).toEqual(FRAME_COUNTS);
    for (const e of episodes) {
      expect(e).toMatchObject({ codecName: codec, codec: codecString, width: WIDTH, height: HEIGHT, fps: FPS });
      expect(e.packets.map((p) => p.key)).toEqual(e.packets.map((_, i) => i % 2 === 0));
      expect(e.packets.slice(0, 4).map((p) => [p.timestampUs, p.durationUs])).toEqual([[0, 33333], [33333, 33334], [66667, 33333], [100000, 33333]]);
      expect(e.description).toEqual(episodes[0]!.description);
    }
  });

  it('encodes the same frames to the same packets, in a fresh encoder and in a Web Worker', async () => {
    expect(await encodeInPage(options)).toEqual(wire);
    expect(await encodeInPage(options, 'worker')).toEqual(wire);
  });

  it('makes an MP4 that ffprobe reads as one stream holding every frame, with the feature info it reports', async () => {
    const probed = await probe(path);
    expect(probed.streams).toHaveLength(1);
    const [stream] = probed.streams;
    expect(stream).toMatchObject({
      codec_name: codec, width: WIDTH, height: HEIGHT, pix_fmt: pixFmt,
      r_frame_rate: `${FPS}/1`, avg_frame_rate: `${FPS}/1`, nb_frames: String(TOTAL_FRAMES), nb_read_frames: String(TOTAL_FRAMES),
    });
    expect(Number(stream!.duration)).toBeCloseTo(TOTAL_FRAMES / FPS, 5);
    const info = videoFeatureInfo(episodes[0]!);
    expect(info).toEqual({
      'video.height': stream!.height, 'video.width': stream!.width, 'video.codec': stream!.codec_name,
      'video.pix_fmt': stream!.pix_fmt, 'video.is_depth_map': false, 'video.fps': FPS, 'video.channels': 3, has_audio: false,
    });
    expect(probed.format.tags ?? {}).not.toHaveProperty('creation_time');
    expect(probed.format.tags ?? {}).not.toHaveProperty('encoder');
  });

  it("places episode k where episode k-1 ended, and each episode's from/to timestamps select exactly its frames", async () => {
    expect(spans.map((s) => [s.firstFrame, s.frameCount])).toEqual([[0, 30], [30, 47], [77, 90]]);
    expect(spans[0]!.fromTimestamp).toBe(0);
    spans.forEach((s, k) => {
      expect(s.fromTimestamp).toBe(s.firstFrame / FPS);
      expect(s.toTimestamp).toBe(s.fromTimestamp + s.frameCount / FPS);
      if (k > 0) expect(s.fromTimestamp).toBeCloseTo(spans[k - 1]!.toTimestamp, 12);
    });
    const times = await frameTimes(path);
    expect(times).toHaveLength(TOTAL_FRAMES);
    for (const span of spans) {
      // LeRobot's query: from_timestamp + the frame's float32 timestamp, matched to the nearest decoded frame.
      for (let i = 0; i < span.frameCount; i++) {
        const query = span.fromTimestamp + Math.fround(i / FPS);
        const distances = times.map((t) => Math.abs(t - query));
        const nearest = distances.indexOf(Math.min(...distances));
        expect(nearest).toBe(span.firstFrame + i);
        expect(distances[nearest]).toBeLessThan(TOLERANCE_S);
        expect(Math.round(query * FPS)).toBe(span.firstFrame + i);
      }
      const inside = times.filter((t) => t > span.fromTimestamp - TOLERANCE_S && t < span.toTimestamp - TOLERANCE_S);
      expect(inside).toHaveLength(span.frameCount);
    }
  });

  it('decodes back close to the source frames (PSNR > 30 dB on every frame)', async () => {
    const decoded = await decodeRaw(path, 'rgb24');
    const frameBytes = WIDTH * HEIGHT * 3;
    expect(decoded.length).toBe(TOTAL_FRAMES * frameBytes);
    const worst = { psnr: Infinity, frame: -1 };
    spans.forEach((span, episode) => {
      for (let i = 0; i < span.frameCount; i++) {
        const frame = span.firstFrame + i;
        const value = psnr(decoded.subarray(frame * frameBytes, (frame + 1) * frameBytes), rgb(syntheticFrame(WIDTH, HEIGHT, episode, i)));
        if (value < worst.psnr) Object.assign(worst, { psnr: value, frame });
      }
    });
    expect(worst.psnr, `worst frame ${worst.frame}`).toBeGreaterThan(30);
  });

  it('writes the same bytes for the same packets, with zero creation and modification times', async () => {
    const again = await mux((await encodeInPage(options)).map(fromWire));
    expect(Buffer.from(again.bytes).equals(Buffer.from(bytes))).toBe(true);
    for (const path of [['moov', 'mvhd'], ['moov', 'trak', 'tkhd'], ['moov', 'trak', 'mdia', 'mdhd']]) {
      const box = findBox(bytes, path);
      expect(box, path.join('/')).toBeDefined();
      expect(boxTimes(bytes, box!)).toMatchObject({ creation: 0, modification: 0 });
    }
  });
});
