/**
 * Decodes the reference a job's variations are conditioned on, in the page:
 * a video file (MP4, MOV, WebM, MKV; mediabunny demuxes, WebCodecs decodes)
 * or a folder of images (PNG, JPEG, WebP, BMP; `createImageBitmap`, no
 * colour-space conversion). Frames are numbered in presentation order (a
 * video) or file-name order (a folder, ordered by the host); variation k
 * takes frame `pickReferenceFrames(count, K, seed)[k]`. Every frame comes
 * out as RGBA8; a greyscale image decodes with R = G = B (3 channels).
 * Failures name the file.
 */
import { ALL_FORMATS, BlobSource, EncodedPacketSink, Input, VideoSampleSink, type InputVideoTrack } from 'mediabunny';
import { pickReferenceFrames } from '../../workers/worldmodel/references';
import type { VariationReference } from '../../workers/worldmodel/variations';

/** A reference as the host gives it: one video file, or a folder's image files in frame order. */
export interface ReferenceSource {
  /** The path as the user gave it (messages) and its last component (provenance). */
  name: string;
  kind: 'video' | 'images';
  /** The video file, or the folder's images (`name` relative to the folder); only the frames picked are loaded. */
  files: { name: string; load(): Promise<Uint8Array> }[];
}

/** The K reference frames of `source` (see the file comment). */
export async function decodeReferences(source: ReferenceSource, count: number, seed: number): Promise<VariationReference[]> {
  return source.kind === 'video' ? decodeVideo(source, count, seed) : decodeImages(source, count, seed);
}

function failure(file: string, error: unknown): Error {
  const message = error instanceof Error ? error.message : String(error);
  return new Error(`${file}: cannot decode it as a reference: ${(message.split('\n')[0] ?? message).trim()}`);
}

function pixelsOf(draw: (ctx: OffscreenCanvasRenderingContext2D) => void, width: number, height: number): Uint8Array {
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d', { willReadFrequently: true, colorSpace: 'srgb' });
  if (!ctx) throw new Error('no 2D canvas context');
  draw(ctx);
  const data = ctx.getImageData(0, 0, width, height, { colorSpace: 'srgb' }).data;
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

async function decodeImages(source: ReferenceSource, count: number, seed: number): Promise<VariationReference[]> {
  if (source.files.length === 0) throw new Error(`${source.name}: the folder holds no images (.png, .jpg, .jpeg, .webp, .bmp)`);
  const picks = pickReferenceFrames(source.files.length, count, seed);
  const decoded = new Map<number, VariationReference>();
  for (const index of new Set(picks)) {
    const file = source.files[index]!;
    const path = `${source.name}/${file.name}`;
    const bytes = await file.load();
    try {
      const bitmap = await createImageBitmap(new Blob([bytes as Uint8Array<ArrayBuffer>]), { colorSpaceConversion: 'none', premultiplyAlpha: 'none' });
      try {
        const data = pixelsOf((ctx) => ctx.drawImage(bitmap, 0, 0), bitmap.width, bitmap.height);
        decoded.set(index, { source: { file: `${baseName(source.name)}/${file.name}`, frame: 0 }, image: { width: bitmap.width, height: bitmap.height, data } });
      } finally {
        bitmap.close();
      }
    } catch (error) {
      throw failure(path, error);
    }
  }
  return picks.map((i) => decoded.get(i)!);
}

async function decodeVideo(source: ReferenceSource, count: number, seed: number): Promise<VariationReference[]> {
  let opened: OpenedVideo;
  try {
    opened = await openVideo(await source.files[0]!.load());
  } catch (error) {
    throw failure(source.name, error);
  }
  const { input, track, timestamps } = opened;
  try {
    const picks = pickReferenceFrames(timestamps.length, count, seed);
    const wanted = [...new Set(picks)].sort((a, b) => a - b);
    const frames = new Map<number, VariationReference>();
    const sink = new VideoSampleSink(track);
    let at = 0;
    for await (const sample of sink.samplesAtTimestamps(wanted.map((i) => timestamps[i]!))) {
      const index = wanted[at++]!;
      if (!sample) throw new Error(`frame ${index} did not decode`);
      try {
        const width = sample.displayWidth;
        const height = sample.displayHeight;
        const data = pixelsOf((ctx) => sample.draw(ctx, 0, 0), width, height);
        frames.set(index, { source: { file: baseName(source.name), frame: index }, image: { width, height, data } });
      } finally {
        sample.close();
      }
    }
    return picks.map((i) => {
      const frame = frames.get(i);
      if (!frame) throw new Error(`frame ${i} did not decode`);
      return frame;
    });
  } catch (error) {
    throw failure(source.name, error);
  } finally {
    input.dispose();
  }
}

/** A demuxed video with its decodable primary track and its frames' timestamps (seconds) in presentation order. */
export interface OpenedVideo {
  input: Input;
  track: InputVideoTrack;
  timestamps: number[];
}

/** Opens a video file's bytes; throws (plain message, the caller names the file) when it has no decodable frames. Dispose `input` when done. */
export async function openVideo(bytes: Uint8Array): Promise<OpenedVideo> {
  const input = new Input({ source: new BlobSource(new Blob([bytes as Uint8Array<ArrayBuffer>])), formats: ALL_FORMATS });
  try {
    const track = await input.getPrimaryVideoTrack();
    if (!track) throw new Error('it has no video track');
    if (!(await track.canDecode())) throw new Error(`this browser cannot decode its ${track.codec ?? 'unknown'} video`);
    const timestamps: number[] = [];
    for await (const packet of new EncodedPacketSink(track).packets(undefined, undefined, { metadataOnly: true })) timestamps.push(packet.timestamp);
    timestamps.sort((a, b) => a - b);
    if (timestamps.length === 0) throw new Error('its video track has no frames');
    return { input, track, timestamps };
  } catch (error) {
    input.dispose();
    throw error;
  }
}

function baseName(path: string): string {
  const parts = path.split(/[\\/]/).filter((p) => p !== '');
  return parts[parts.length - 1] ?? path;
}
