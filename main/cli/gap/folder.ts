/**
 * A folder of images and/or videos as a set of frames, and a single video
 * file. Groups (never split by the classifier test): each video is cut into
 * clips of `clipFrames` frames; images in a subfolder form one group (a
 * clip or episode exported as frames); images directly in the folder are
 * each their own group. 8-bit RGB(A) PNGs are decoded in-process; every
 * other image and every video is decoded by ffmpeg.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, relative } from 'node:path';
import type { RgbImage } from '../../../exporters/sim2real/lowlevel';
import type { ImageSetInput } from '../../../exporters/sim2real/report-types';
import { resizeCover } from '../../../exporters/sim2real/resize';
import { decodePngRgb } from '../../../exporters/video/png-rgb';
import { CliError, EXIT } from '../exit-codes';
import { decodeFrames, MAX_SELECT, probeVideo } from './ffmpeg';
import { chooseFrames, clipLengths } from './select';
import { byName, type LoadedSide, type LoadOptions } from './side';

export const IMAGE_EXTENSIONS = ['.png', '.jpg', '.jpeg', '.bmp', '.webp', '.tif', '.tiff', '.ppm'];
export const VIDEO_EXTENSIONS = ['.mp4', '.mov', '.mkv', '.avi', '.webm', '.m4v'];

/** One group: a subfolder's images (or one image), or a clip of a video. */
type Group = { name: string; length: number } & ({ files: string[] } | { video: string; start: number });

/** Every image and video file under `dir` (recursively, sorted), relative paths. */
function mediaFiles(dir: string): { images: string[]; videos: string[] } {
  const images: string[] = [];
  const videos: string[] = [];
  const walk = (abs: string) => {
    for (const entry of byName(readdirSync(abs, { withFileTypes: true }), (e) => e.name)) {
      if (entry.name.startsWith('.')) continue;
      const path = join(abs, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (IMAGE_EXTENSIONS.includes(extname(entry.name).toLowerCase())) images.push(relative(dir, path));
      else if (VIDEO_EXTENSIONS.includes(extname(entry.name).toLowerCase())) videos.push(relative(dir, path));
    }
  };
  walk(dir);
  return { images, videos };
}

/** Decodes one image file at the analysis size. */
async function readImage(file: string, size: number): Promise<RgbImage> {
  if (extname(file).toLowerCase() === '.png') {
    try {
      return resizeCover(decodePngRgb(readFileSync(file)), size, size);
    } catch {
      // Not an 8-bit RGB(A) PNG (palette, grey, 16-bit, interlaced): ffmpeg reads those.
    }
  }
  const [frame] = await decodeFrames(file, { size, frames: 1 });
  return frame!.image;
}

function videoGroups(file: string, label: string, clipFrames: number): Group[] {
  const { frames } = probeVideo(file);
  if (frames === 0) throw new CliError(EXIT.damaged, `${file}: the video has no frames`);
  return clipLengths(frames, clipFrames).map((length, k) => ({ name: `${label}#clip${k}`, length, video: file, start: k * clipFrames }));
}

/**
 * Reads the chosen frames of `groups` into an image set, in group order.
 * Each video is decoded once, from its start, keeping the chosen frames of
 * all its clips (frame numbering stays exact, as seeking by time may not).
 */
async function readGroups(groups: Group[], options: LoadOptions): Promise<ImageSetInput> {
  const chosen = chooseFrames(groups.map((x) => x.length), options.sampling);
  const framesOf = new Map<number, RgbImage[]>();
  const perVideo = new Map<string, Map<number, number>>(); // file -> frame index -> group
  let decoded = 0;
  const imageJobs: (() => Promise<void>)[] = [];
  for (const [g, indices] of chosen) {
    const group = groups[g]!;
    if ('files' in group) {
      imageJobs.push(async () => {
        framesOf.set(g, await Promise.all(indices.map((i) => readImage(group.files[i]!, options.size))));
        options.onFrames?.((decoded += indices.length));
      });
    } else {
      const wanted = perVideo.get(group.video) ?? new Map<number, number>();
      for (const i of indices) wanted.set(group.start + i, g);
      perVideo.set(group.video, wanted);
    }
  }
  await inParallel(imageJobs, DECODERS);
  for (const [file, wanted] of perVideo) {
    const chosenFrames = [...wanted.keys()].sort((a, b) => a - b);
    // ffmpeg drops the other frames itself when the list fits in one select expression.
    const frames = await decodeFrames(
      file,
      chosenFrames.length <= MAX_SELECT
        ? { size: options.size, frames: chosenFrames.length, select: chosenFrames }
        : { size: options.size, frames: chosenFrames.at(-1)! + 1, keep: (i) => wanted.has(i) },
    );
    if (frames.length !== chosenFrames.length) throw new CliError(EXIT.damaged, `${file}: decoded ${frames.length} of the ${chosenFrames.length} frames chosen (ffprobe counted more frames than ffmpeg decodes)`);
    for (const { index, image } of frames) framesOf.set(wanted.get(index)!, [...(framesOf.get(wanted.get(index)!) ?? []), image]);
    options.onFrames?.((decoded += frames.length));
  }
  const images: RgbImage[] = [];
  const names: string[] = [];
  for (const g of chosen.keys()) {
    const frames = framesOf.get(g) ?? [];
    images.push(...frames);
    names.push(...frames.map(() => groups[g]!.name));
  }
  return { images, groups: names };
}

/** Image groups decoded at once (each may start an ffmpeg process per image). */
const DECODERS = 4;

/** Runs `jobs` with at most `limit` at a time. */
async function inParallel(jobs: (() => Promise<void>)[], limit: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) await jobs[next++]!();
  };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker));
}

/** A folder of images and/or videos. */
export async function loadFolder(dir: string, options: LoadOptions): Promise<LoadedSide> {
  const { images, videos } = mediaFiles(dir);
  if (images.length === 0 && videos.length === 0) {
    throw new CliError(EXIT.usage, `${dir}: no images (${IMAGE_EXTENSIONS.join(' ')}) or videos (${VIDEO_EXTENSIONS.join(' ')}) in this folder, and it is not a dataset (no meta/info.json or .hdf5 file)`);
  }
  const groups: Group[] = [];
  const byFolder = new Map<string, string[]>();
  for (const rel of images) {
    const folder = dirname(rel);
    const key = folder === '.' ? rel : folder; // root images: one group each
    byFolder.set(key, [...(byFolder.get(key) ?? []), rel]);
  }
  for (const [name, files] of byFolder) groups.push({ name, length: files.length, files: files.map((f) => join(dir, f)) });
  for (const rel of videos) groups.push(...videoGroups(join(dir, rel), rel, options.clipFrames));
  byName(groups, (g) => g.name);
  const raw = await readGroups(groups, options);
  return { source: { path: dir, kind: 'images', camera: null, variationStreams: [], groups: new Set(raw.groups).size }, raw, variations: null, states: null, actions: null };
}

/** One video file, cut into clips. */
export async function loadVideo(file: string, options: LoadOptions): Promise<LoadedSide> {
  if (!statSync(file).isFile()) throw new CliError(EXIT.usage, `${file}: not a file`);
  const raw = await readGroups(videoGroups(file, basename(file), options.clipFrames), options);
  return { source: { path: file, kind: 'video', camera: null, variationStreams: [], groups: new Set(raw.groups).size }, raw, variations: null, states: null, actions: null };
}
