/** Encodes synthetic episodes with the renderer's EpisodeEncoder (page or worker alike). */
import { EpisodeEncoder, type EpisodeEncoderOptions } from '../../../renderer/video/episode-encoder';
import type { EncodedEpisodeVideo } from '../../../exporters/video/encoded-video';
import { syntheticFrame } from '../synthetic-frames';
import { toBase64, type WireEpisode } from './wire';

/** Encodes episodes of synthetic frames, a new encoder per episode; `frameCounts[e]` frames in episode e. */
export async function encodeEpisodes(options: EpisodeEncoderOptions, frameCounts: number[]): Promise<WireEpisode[]> {
  const out: WireEpisode[] = [];
  for (let e = 0; e < frameCounts.length; e++) {
    const encoder = await EpisodeEncoder.create(options);
    for (let i = 0; i < frameCounts[e]!; i++) await encoder.addFrame(syntheticFrame(options.width, options.height, e, i));
    out.push(toWire(await encoder.finish()));
  }
  return out;
}

function toWire(episode: EncodedEpisodeVideo): WireEpisode {
  const { packets, description, ...rest } = episode;
  return {
    ...rest,
    description: toBase64(description),
    packets: packets.map((p) => ({ data: toBase64(p.data), timestampUs: p.timestampUs, durationUs: p.durationUs, key: p.key })),
  };
}

/** Frames per second of encoding alone (frames made beforehand), over one episode of `frames` frames, after a warm-up. */
export async function encodeSpeed(options: EpisodeEncoderOptions, frames: number): Promise<{ fps: number; bytes: number }> {
  const source = Array.from({ length: frames }, (_, i) => syntheticFrame(options.width, options.height, 0, i));
  const warm = await EpisodeEncoder.create(options);
  for (const f of source.slice(0, 10)) await warm.addFrame(f);
  await warm.finish();
  const start = performance.now();
  const encoder = await EpisodeEncoder.create(options);
  for (const f of source) await encoder.addFrame(f);
  const episode = await encoder.finish();
  const seconds = (performance.now() - start) / 1000;
  return { fps: frames / seconds, bytes: episode.packets.reduce((n, p) => n + p.data.length, 0) };
}
