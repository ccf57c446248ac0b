/**
 * The COCO DatasetWriter: every rendered RGB frame of every camera becomes
 * an image file and an `images` entry, every visible instance in it an
 * `annotations` entry (tight bbox, RLE mask and its area, visible fraction),
 * every semantic class but background a category. Annotations stream into
 * `annotations.json` as episodes arrive; the `images` entries follow them
 * at `finalize`, rebuilt from one small run per camera and episode, so
 * memory holds one episode's media, never the dataset's entries. Image and
 * annotation ids count from 1 in writing order (episode, camera, frame,
 * instance id). The bytes written are a pure function of the job and the
 * (record, media) sequence.
 */
import { DatasetWriteError, type DatasetJob, type DatasetWriter } from '../dataset-writer';
import type { EpisodeRecord } from '../episode';
import type { CameraMedia, MaskRle, RenderedMedia } from '../media';
import type { FileWriter, Sink } from '../sink';
import { pngHeader } from '../lerobot/camera-media';
import {
  BETWEEN_TEXT, TAIL_TEXT, annotationEntry, cocoCategories, cocoInfo, entryText, headText, imageEntry, type ImageRun,
} from './entries';
import { ANNOTATIONS_PATH, imagePath } from './layout';
import { RefusedRecord, SerialWrites } from '../serial-writes';

export class CocoWriter implements DatasetWriter {
  private readonly writes = new SerialWrites('COCO');
  private file: FileWriter | undefined;
  private classes: string[] | undefined;
  private readonly runs: ImageRun[] = [];
  /** Image files of the last run written so far (the earlier runs are whole). */
  private writtenOfLastRun = 0;
  private nextImageId = 1;
  private nextAnnotationId = 1;
  private lastJobIndex = -Infinity;

  constructor(
    private readonly sink: Sink,
    private readonly job: DatasetJob,
  ) {}

  addEpisode(record: EpisodeRecord, _task: string, media?: RenderedMedia): Promise<void> {
    return this.writes.run(() => this.add(record, media));
  }

  finalize(): Promise<void> {
    return this.writes.run(() => this.finish());
  }

  async abort(): Promise<void> {
    await this.writes.settled();
    if (this.writes.state === 'finalized' || this.writes.state === 'aborted') return;
    this.writes.state = 'aborted';
    await this.file?.abort();
    for (const [i, run] of this.runs.entries()) {
      const written = i === this.runs.length - 1 ? this.writtenOfLastRun : run.frames;
      for (let frame = 0; frame < written; frame++) await this.sink.remove(imagePath(run.cameraId, run.episodeIndex, frame));
    }
    await this.sink.remove(ANNOTATIONS_PATH);
  }

  private async add(record: EpisodeRecord, media: RenderedMedia | undefined): Promise<void> {
    try {
      this.check(record, media);
    } catch (error) {
      if (error instanceof DatasetWriteError) throw new RefusedRecord(error);
      throw error;
    }
    this.lastJobIndex = record.episodeIndex;
    if (record.frames === 0 || !media) return;
    if (!this.file) {
      this.classes = [...media.classes];
      this.file = await this.sink.openWriter(ANNOTATIONS_PATH);
      await this.file.write(headText(cocoInfo(this.job), cocoCategories(this.classes)));
    }
    for (const camera of media.cameras) {
      if (!camera.rgbPng) continue;
      const run: ImageRun = {
        episodeIndex: record.episodeIndex, cameraId: camera.cameraId, width: camera.width, height: camera.height,
        frames: record.frames, firstImageId: this.nextImageId,
      };
      this.runs.push(run);
      this.writtenOfLastRun = 0;
      this.nextImageId += run.frames;
      let text = '';
      for (let frame = 0; frame < run.frames; frame++) {
        await this.sink.writeFile(imagePath(camera.cameraId, record.episodeIndex, frame), camera.rgbPng[frame]!);
        this.writtenOfLastRun++;
        const labels = camera.labels[frame]!;
        const masks = new Map((labels.masks ?? []).map((m) => [m.instanceId, m.rle]));
        const boxes = labels.boxes2d.filter((b) => b.classIndex > 0).sort((a, b) => a.instanceId - b.instanceId);
        for (const box of boxes) {
          text += entryText(annotationEntry(this.nextAnnotationId, run.firstImageId + frame, box, masks.get(box.instanceId)), this.nextAnnotationId === 1);
          this.nextAnnotationId++;
        }
      }
      if (text) await this.file.write(text);
      this.writtenOfLastRun = run.frames;
    }
  }

  /** Refuses what COCO cannot hold, before anything of the episode is written. */
  private check(record: EpisodeRecord, media: RenderedMedia | undefined): void {
    const where = `episode ${record.episodeIndex}`;
    if (!(record.episodeIndex > this.lastJobIndex)) {
      throw new DatasetWriteError(`${where} arrived after episode ${this.lastJobIndex}; episodes must come in increasing order`);
    }
    if (record.frames === 0) return;
    if (!media) throw new DatasetWriteError(`${where} has no rendered media: COCO is made of rendered frames, so the job must render every episode`);
    if (media.episodeIndex !== record.episodeIndex) throw new DatasetWriteError(`${where}: the media is of episode ${media.episodeIndex}`);
    if (media.frames !== record.frames) throw new DatasetWriteError(`${where}: the media has ${media.frames} frames, the record ${record.frames}`);
    if (this.classes && (media.classes.length !== this.classes.length || media.classes.some((c, i) => c !== this.classes![i]))) {
      throw new DatasetWriteError(`${where}: classes [${media.classes.join(', ')}] differ from the first episode's [${this.classes.join(', ')}] (COCO categories are fixed)`);
    }
    const ids = new Set<string>();
    for (const camera of media.cameras) {
      const at = `${where}: camera "${camera.cameraId}"`;
      if (!/^[A-Za-z0-9_.-]+$/.test(camera.cameraId)) throw new DatasetWriteError(`${at}: camera ids become folder names and may hold only letters, digits, "_", "-" and "."`);
      if (ids.has(camera.cameraId)) throw new DatasetWriteError(`${at} appears twice`);
      ids.add(camera.cameraId);
      checkCamera(at, camera, media);
    }
    if (!media.cameras.some((c) => c.rgbPng)) throw new DatasetWriteError(`${where}: no camera has RGB frames (rgbPng), so there is no image for COCO`);
  }

  private async finish(): Promise<void> {
    if (!this.file) {
      this.file = await this.sink.openWriter(ANNOTATIONS_PATH);
      await this.file.write(headText(cocoInfo(this.job), cocoCategories(this.classes ?? [])));
    }
    await this.file.write(BETWEEN_TEXT);
    let first = true;
    for (const run of this.runs) {
      let text = '';
      for (let frame = 0; frame < run.frames; frame++) {
        text += entryText(imageEntry(run, frame), first);
        first = false;
      }
      await this.file.write(text);
    }
    await this.file.write(TAIL_TEXT);
    await this.file.commit();
    this.writes.state = 'finalized';
  }
}

/**
 * Checks one camera: a camera with RGB (video) must bring a PNG per frame
 * (8-bit RGB or RGBA, the camera's size); one without RGB (depth only) is
 * left out. Labels: one per frame; classes known; every annotated instance
 * with a mask when the frame has masks, each mask covering the image.
 */
function checkCamera(at: string, camera: CameraMedia, media: RenderedMedia): void {
  if (!camera.rgbPng) {
    if (camera.video) throw new DatasetWriteError(`${at} has RGB video but no rgbPng: COCO needs the frames as PNG images (render them for this format)`);
    return;
  }
  const frames = media.frames;
  if (camera.rgbPng.length !== frames) throw new DatasetWriteError(`${at} has ${camera.rgbPng.length} RGB PNG frames, the record ${frames}`);
  camera.rgbPng.forEach((png, i) => {
    const h = pngHeader(`${at} RGB frame ${i}`, png);
    if (h.bitDepth !== 8 || (h.colourType !== 2 && h.colourType !== 6)) {
      throw new DatasetWriteError(`${at} RGB frame ${i} is a PNG of bit depth ${h.bitDepth}, colour type ${h.colourType}; expected 8-bit RGB or RGBA`);
    }
    if (h.width !== camera.width || h.height !== camera.height) throw new DatasetWriteError(`${at} RGB frame ${i} is ${h.width}x${h.height}, the camera ${camera.width}x${camera.height}`);
  });
  if (camera.labels.length !== frames) throw new DatasetWriteError(`${at} has labels for ${camera.labels.length} frames, the record ${frames}`);
  camera.labels.forEach((labels, i) => {
    const masks = labels.masks && new Map(labels.masks.map((m) => [m.instanceId, m.rle]));
    for (const box of labels.boxes2d) {
      if (box.classIndex === 0) continue;
      const where = `${at} frame ${i} instance ${box.instanceId}`;
      if (!Number.isInteger(box.classIndex) || box.classIndex < 0 || box.classIndex >= media.classes.length) {
        throw new DatasetWriteError(`${where}: class index ${box.classIndex} is not one of the ${media.classes.length} classes`);
      }
      const edges = [box.x0, box.y0, box.x1, box.y1];
      if (!edges.every(Number.isInteger) || !(box.x0 < box.x1 && box.y0 < box.y1) || box.x0 < 0 || box.y0 < 0 || box.x1 > camera.width || box.y1 > camera.height) {
        throw new DatasetWriteError(`${where}: box [${edges.join(', ')}] is not a non-empty box of whole pixels inside the ${camera.width}x${camera.height} image`);
      }
      if (!Number.isFinite(box.visibleFraction)) throw new DatasetWriteError(`${where}: visible fraction is ${box.visibleFraction}`);
      if (masks) {
        const mask = masks.get(box.instanceId);
        if (!mask) throw new DatasetWriteError(`${where} has a box but no mask`);
        checkRle(where, mask, camera.width, camera.height);
      }
    }
  });
}

function checkRle(where: string, rle: MaskRle, width: number, height: number): void {
  if (rle.size[0] !== height || rle.size[1] !== width) throw new DatasetWriteError(`${where}: mask size [${rle.size.join(', ')}] is not [${height}, ${width}]`);
  let total = 0;
  for (const count of rle.counts) {
    if (!Number.isInteger(count) || count < 0) throw new DatasetWriteError(`${where}: mask RLE count ${count} is not a non-negative integer`);
    total += count;
  }
  if (total !== width * height) throw new DatasetWriteError(`${where}: mask RLE counts sum to ${total}, not ${width}x${height} = ${width * height}`);
}

