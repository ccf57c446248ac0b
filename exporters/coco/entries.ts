/**
 * The entries of a COCO instances file (`info`, `categories`, `images`,
 * `annotations`) built from the job and the rendered media, and the text
 * layout they are written in: a JSON object with one entry per line, keys in
 * a fixed order, numbers as JavaScript prints them (shortest round-trip
 * form). The text is a pure function of its inputs.
 */
import type { DatasetJob } from '../dataset-writer';
import type { Box2D, MaskRle } from '../media';
import { imagePath } from './layout';

/** COCO's `info`, with what regenerates the dataset (no creation date: the bytes depend on the job alone). */
export function cocoInfo(job: DatasetJob): Record<string, unknown> {
  const first = job.firstEpisode ?? 0;
  return {
    description: `${job.scene.name}: ${job.scene.task.type} episodes rendered by ${job.generator.name}`,
    version: job.generator.version,
    contributor: job.generator.name,
    url: '',
    scene_file: job.sceneFile,
    job_seed: job.jobSeed,
    episodes: { first, count: job.episodeCount },
    ...(job.shard ? { shard: { ...job.shard } } : {}),
    scene: job.scene,
  };
}

/** One category per semantic class but background (index 0); the class index is the category id. */
export function cocoCategories(classes: readonly string[]): Record<string, unknown>[] {
  return classes.slice(1).map((name, i) => ({ id: i + 1, name, supercategory: 'object' }));
}

/** The frames of one camera of one episode: consecutive image ids from `firstImageId`. */
export interface ImageRun {
  episodeIndex: number;
  cameraId: string;
  width: number;
  height: number;
  frames: number;
  firstImageId: number;
}

/** The `images` entry of frame `frame` of a run. */
export function imageEntry(run: ImageRun, frame: number): Record<string, unknown> {
  return {
    id: run.firstImageId + frame,
    file_name: imagePath(run.cameraId, run.episodeIndex, frame),
    width: run.width,
    height: run.height,
    episode_index: run.episodeIndex,
    frame_index: frame,
    camera_id: run.cameraId,
  };
}

/** Pixels set in an uncompressed RLE (the odd-indexed counts: runs of 1s). */
export function rleArea(rle: MaskRle): number {
  let area = 0;
  for (let i = 1; i < rle.counts.length; i += 2) area += rle.counts[i]!;
  return area;
}

/**
 * The `annotations` entry of one instance in one image: bbox [x, y, width,
 * height] in pixels from the tight 2D box (x0, y0 are pixel edges); with a
 * mask, its RLE as `segmentation` and its pixel count as `area`; without
 * one (no instance channel), no `segmentation` and the box's visible pixel
 * count as `area`.
 */
export function annotationEntry(id: number, imageId: number, box: Box2D, mask: MaskRle | undefined): Record<string, unknown> {
  return {
    id,
    image_id: imageId,
    category_id: box.classIndex,
    bbox: [box.x0, box.y0, box.x1 - box.x0, box.y1 - box.y0],
    area: mask ? rleArea(mask) : box.visiblePixels,
    ...(mask ? { segmentation: { size: [...mask.size], counts: [...mask.counts] } } : {}),
    iscrowd: 0,
    instance_id: box.instanceId,
    object_id: box.id,
    visible_fraction: box.visibleFraction,
  };
}

/** The text before the first annotation: info, licenses, categories, and the opening of the annotations array. */
export function headText(info: Record<string, unknown>, categories: readonly Record<string, unknown>[]): string {
  return `{\n"info": ${JSON.stringify(info)},\n"licenses": [],\n"categories": ${arrayText(categories)},\n"annotations": [`;
}

/** An entry of an open array: a new line, with a comma before it unless it is the first. */
export function entryText(entry: Record<string, unknown>, first: boolean): string {
  return `${first ? '' : ','}\n${JSON.stringify(entry)}`;
}

/** Closes the annotations array and opens the images array. */
export const BETWEEN_TEXT = '\n],\n"images": [';

/** Closes the images array and the file. */
export const TAIL_TEXT = '\n]\n}\n';

function arrayText(entries: readonly Record<string, unknown>[]): string {
  return entries.length === 0 ? '[]' : `[${entries.map((e, i) => entryText(e, i === 0)).join('')}\n]`;
}
