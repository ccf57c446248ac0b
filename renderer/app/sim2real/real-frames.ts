/**
 * The real side of the Sim2Real report in the window: images and videos
 * (dropped, chosen, or a folder's) decoded at the analysis size, grouped
 * as `npm run gap` groups a folder: each image is its own group, each
 * video is cut into clips of 60 frames; frames are chosen per group and
 * overall (sampling.ts). Images decode with createImageBitmap, videos with
 * mediabunny and WebCodecs; only the chosen frames are decoded. Failures
 * name the file.
 */
import { VideoSampleSink } from 'mediabunny';
import { openVideo as openVideoBytes, type OpenedVideo } from '../../headless/reference-decode';
import type { RgbImage } from '../../../exporters/sim2real/lowlevel';
import type { ImageSetInput, SourceInfo } from '../../../exporters/sim2real/report-types';
import { resizeCover } from '../../../exporters/sim2real/resize';
import { REFERENCE_IMAGE, REFERENCE_VIDEO } from '../../../workers/worldmodel/references';
import type { PendingFile } from '../worldmodel/reference-files';
import { chooseFrames, clipLengths, GAP_DEFAULTS } from './sampling';

/** The real reference: frames at the analysis size, and where they came from. */
export interface RealSide {
  source: SourceInfo;
  images: ImageSetInput;
}

type Group = { name: string; length: number } & ({ image: PendingFile } | { video: PendingFile; start: number });

/** Frames decoded so far of those chosen. */
export type DecodeProgress = (done: number, total: number) => void;

function failure(file: string, error: unknown): Error {
  const text = error instanceof Error ? error.message : String(error);
  return new Error(`${file}: cannot decode it: ${(text.split('\n')[0] ?? text).trim()}`);
}

/** RGBA pixels of whatever `draw` paints on a width x height canvas. */
function pixels(draw: (ctx: OffscreenCanvasRenderingContext2D) => void, width: number, height: number): Uint8Array {
  const ctx = new OffscreenCanvas(width, height).getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('no 2D canvas context');
  draw(ctx);
  const data = ctx.getImageData(0, 0, width, height).data;
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

async function decodeImage(file: PendingFile, size: number): Promise<RgbImage> {
  try {
    const bitmap = await createImageBitmap(new Blob([(await file.load()) as Uint8Array<ArrayBuffer>]));
    try {
      const data = pixels((ctx) => ctx.drawImage(bitmap, 0, 0), bitmap.width, bitmap.height);
      return resizeCover({ width: bitmap.width, height: bitmap.height, data, channels: 4 }, size, size);
    } finally {
      bitmap.close();
    }
  } catch (error) {
    throw failure(file.name, error);
  }
}

async function openVideo(file: PendingFile): Promise<OpenedVideo> {
  try {
    return await openVideoBytes(await file.load());
  } catch (error) {
    throw failure(file.name, error);
  }
}

/** Decodes the chosen frames of `files` (images and videos) at size x size pixels. */
export async function decodeRealFrames(label: string, files: readonly PendingFile[], onProgress: DecodeProgress, size: number = GAP_DEFAULTS.size): Promise<RealSide> {
  const strange = files.find((f) => !REFERENCE_IMAGE.test(f.name) && !REFERENCE_VIDEO.test(f.name));
  if (strange) throw new Error(`${strange.name}: not an image (.png, .jpg, .jpeg, .webp, .bmp) or a video (.mp4, .webm, .mov, .mkv)`);
  if (files.length === 0) throw new Error(`${label}: no images or videos`);
  const videos = new Map<string, Awaited<ReturnType<typeof openVideo>>>();
  try {
    const groups: Group[] = [];
    for (const file of files) {
      if (REFERENCE_IMAGE.test(file.name)) {
        groups.push({ name: file.name, length: 1, image: file });
        continue;
      }
      const opened = await openVideo(file);
      videos.set(file.name, opened);
      clipLengths(opened.timestamps.length).forEach((length, k) => groups.push({ name: `${file.name}#clip${k}`, length, video: file, start: k * GAP_DEFAULTS.clipFrames }));
    }
    // Code-unit order of names, as `npm run gap` sorts a folder's groups.
    groups.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const chosen = chooseFrames(groups.map((g) => g.length));
    const total = [...chosen.values()].reduce((n, f) => n + f.length, 0);
    const framesOf = new Map<number, RgbImage[]>();
    let done = 0;
    onProgress(0, total);
    const wantedByVideo = new Map<string, Map<number, number>>(); // file -> frame index -> group
    for (const [g, indices] of chosen) {
      const group = groups[g]!;
      if ('image' in group) {
        framesOf.set(g, [await decodeImage(group.image, size)]);
        onProgress(++done, total);
      } else {
        const wanted = wantedByVideo.get(group.video.name) ?? new Map<number, number>();
        for (const i of indices) wanted.set(group.start + i, g);
        wantedByVideo.set(group.video.name, wanted);
      }
    }
    for (const [name, wanted] of wantedByVideo) {
      const { track, timestamps } = videos.get(name)!;
      const indices = [...wanted.keys()].sort((a, b) => a - b);
      let at = 0;
      try {
        for await (const sample of new VideoSampleSink(track).samplesAtTimestamps(indices.map((i) => timestamps[i]!))) {
          const index = indices[at++]!;
          if (!sample) throw new Error(`frame ${index} did not decode`);
          try {
            const data = pixels((ctx) => sample.draw(ctx, 0, 0), sample.displayWidth, sample.displayHeight);
            const g = wanted.get(index)!;
            framesOf.set(g, [...(framesOf.get(g) ?? []), resizeCover({ width: sample.displayWidth, height: sample.displayHeight, data, channels: 4 }, size, size)]);
          } finally {
            sample.close();
          }
          onProgress(++done, total);
        }
      } catch (error) {
        throw failure(name, error);
      }
    }
    const images: RgbImage[] = [];
    const names: string[] = [];
    for (const g of chosen.keys()) {
      const frames = framesOf.get(g) ?? [];
      images.push(...frames);
      names.push(...frames.map(() => groups[g]!.name));
    }
    const kind = wantedByVideo.size > 0 && files.length === 1 ? 'video' : 'images';
    return { source: { path: label, kind, camera: null, variationStreams: [], groups: new Set(names).size }, images: { images, groups: names } };
  } finally {
    for (const v of videos.values()) v.input.dispose();
  }
}
