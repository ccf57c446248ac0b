/**
 * COCO instances datasets of the rendered frames: `annotations.json`
 * (info with the job, categories, annotations with bbox, RLE segmentation,
 * area, iscrowd and the visible fraction, images with their episode, frame
 * and camera) and `images/<cameraId>/<episode:06d>_<frame:06d>.png`,
 * streamed through a Sink.
 */
import type { DatasetWriterFactory } from '../dataset-writer';
import { CocoWriter } from './writer';

export { ANNOTATIONS_PATH, imagePath } from './layout';
export { CocoWriter } from './writer';

/** Writes COCO from episodes with rendered media (records without media are refused). */
export const createCocoWriter: DatasetWriterFactory = async (sink, job) => new CocoWriter(sink, job);
