/**
 * Cameras in a LeRobot dataset. Each camera of the rendered media becomes
 * up to two features, fixed by the first written episode:
 * `observation.images.<cameraId>` (dtype "video": its RGB episodes appended
 * to MP4 files) and `observation.images.<cameraId>_depth` (dtype "image": a
 * 16-bit greyscale PNG of millimetres per frame in the data files). Every
 * later episode must bring the same cameras with the same streams, sizes and
 * encoder settings (one MP4 track per file, one `info` per feature); a
 * record is checked whole before anything of it is written.
 */
import { DatasetWriteError } from '../dataset-writer';
import type { EpisodeRecord } from '../episode';
import { variationCameraId, type CameraMedia, type RenderedMedia, type VariationProvenance } from '../media';
import { frameTimestampUs, type EncodedEpisodeVideo } from '../video/encoded-video';
import { videoFeatureInfo } from '../video/video-feature';
import { videoInfoOf, type ImageFeature, type VideoFeature } from './features';
import { downsampleStep, sampleFrameIndices } from './image-stats';

/** The video feature key of a camera: `observation.images.<cameraId>`, as LeRobot names cameras. */
export function cameraVideoKey(cameraId: string): string {
  return `observation.images.${cameraId}`;
}

/** The depth feature key of a camera: `observation.images.<cameraId>_depth`, as LeRobot's depth cameras are named. */
export function cameraDepthKey(cameraId: string): string {
  return `observation.images.${cameraId}_depth`;
}

/** How one camera's media is stored. */
export interface CameraStreams {
  cameraId: string;
  /** Pixels. */
  width: number;
  height: number;
  /** The RGB video feature and the encoder settings every episode must share. */
  video?: { feature: VideoFeature; codec: string; description: Uint8Array };
  /** The depth image feature. */
  depth?: ImageFeature;
  /** Set for a world-model variation stream: where it came from (the same in every episode). */
  variation?: VariationProvenance;
}

/** The streams of a dataset whose first written episode has this media (checked by `checkMedia` afterwards). */
export function cameraStreamsOf(media: RenderedMedia): CameraStreams[] {
  const seen = new Set<string>();
  return media.cameras.map((camera) => {
    const where = `episode ${media.episodeIndex}: camera "${camera.cameraId}"`;
    if (!/^[A-Za-z0-9_.-]+$/.test(camera.cameraId)) {
      throw new DatasetWriteError(`${where}: camera ids become feature names and file paths and may hold only letters, digits, "_", "-" and "."`);
    }
    if (seen.has(camera.cameraId)) throw new DatasetWriteError(`${where} appears twice`);
    seen.add(camera.cameraId);
    const streams: CameraStreams = { cameraId: camera.cameraId, width: camera.width, height: camera.height };
    const variation = camera.variation && variationOf(where, camera, media);
    if (variation) streams.variation = variation;
    if (camera.video) {
      const info = videoInfoOf(videoFeatureInfo(camera.video));
      if (variation) {
        Object.assign(info, {
          'variation.of': cameraVideoKey(variation.of),
          'variation.index': variation.index,
          'variation.model': { ...variation.model },
          'variation.reference': { file: variation.reference.file, frames: [...variation.reference.frames] },
          'variation.seed': variation.seed,
        });
      }
      streams.video = {
        feature: { kind: 'video', key: cameraVideoKey(camera.cameraId), shape: [camera.height, camera.width, 3], info },
        codec: camera.video.codec,
        description: camera.video.description.slice(),
      };
    }
    if (camera.depthPng) {
      streams.depth = {
        kind: 'image',
        key: cameraDepthKey(camera.cameraId),
        shape: [camera.height, camera.width, 1],
        info: { is_depth_map: true, depth_unit: 'mm' },
      };
    }
    return streams;
  });
}

/** The provenance of a variation stream, checked: its id, its source camera (with video) and its own streams (video, no depth). */
function variationOf(where: string, camera: CameraMedia, media: RenderedMedia): VariationProvenance {
  const { of, index, model, reference, seed } = camera.variation!;
  if (camera.cameraId !== variationCameraId(of, index)) throw new DatasetWriteError(`${where}: a variation of "${of}" numbered ${index} must be named "${variationCameraId(of, index)}"`);
  const source = media.cameras.find((c) => c.cameraId === of && !c.variation);
  if (!source?.video) throw new DatasetWriteError(`${where} is a variation of "${of}", which is not a camera with video in this episode`);
  if (!camera.video || camera.depthPng) throw new DatasetWriteError(`${where}: a variation holds RGB video and no depth`);
  if (camera.width !== source.width || camera.height !== source.height) throw new DatasetWriteError(`${where} is ${camera.width}x${camera.height}, its source ${source.width}x${source.height}`);
  return { of, index, model: { ...model }, reference: { file: reference.file, frames: [...reference.frames] }, seed };
}

/** The features of the streams, camera by camera: video, then depth. */
export function cameraFeatures(streams: readonly CameraStreams[]): (VideoFeature | ImageFeature)[] {
  return streams.flatMap((s) => [...(s.video ? [s.video.feature] : []), ...(s.depth ? [s.depth] : [])]);
}

/**
 * Refuses media that does not fit the dataset's camera streams or the
 * record: every camera present with the same streams and size, one frame
 * per record frame at the dataset's fps, video packets that append to the
 * MP4 track, 16-bit greyscale PNG depth of the camera's size, and the RGB
 * histogram LeRobot's image statistics need.
 */
export function checkMedia(record: EpisodeRecord, media: RenderedMedia, streams: readonly CameraStreams[], fps: number): void {
  const where = `episode ${record.episodeIndex}`;
  if (media.episodeIndex !== record.episodeIndex) throw new DatasetWriteError(`${where}: the media is of episode ${media.episodeIndex}`);
  if (media.frames !== record.frames) throw new DatasetWriteError(`${where}: the media has ${media.frames} frames, the record ${record.frames}`);
  const ids = media.cameras.map((c) => c.cameraId);
  const expected = streams.map((s) => s.cameraId);
  if (ids.length !== expected.length || ids.some((id, i) => id !== expected[i])) {
    throw new DatasetWriteError(`${where}: cameras [${ids.join(', ')}] differ from the dataset's [${expected.join(', ')}]`);
  }
  media.cameras.forEach((camera, i) => {
    const at = `${where}: camera "${camera.cameraId}"`;
    const provenance = camera.variation && variationOf(at, camera, media);
    if (JSON.stringify(provenance) !== JSON.stringify(streams[i]!.variation)) {
      throw new DatasetWriteError(`${at}: its variation provenance ${JSON.stringify(provenance ?? null)} differs from the dataset's ${JSON.stringify(streams[i]!.variation ?? null)}`);
    }
    checkCamera(at, camera, streams[i]!, record.frames, fps);
  });
}

function checkCamera(where: string, camera: CameraMedia, streams: CameraStreams, frames: number, fps: number): void {
  if (camera.width !== streams.width || camera.height !== streams.height) {
    throw new DatasetWriteError(`${where} is ${camera.width}x${camera.height}, the dataset's is ${streams.width}x${streams.height}`);
  }
  if (Boolean(camera.video) !== Boolean(streams.video)) {
    throw new DatasetWriteError(`${where} ${camera.video ? 'has' : 'has no'} RGB video, unlike the dataset's first episode`);
  }
  if (Boolean(camera.depthPng) !== Boolean(streams.depth)) {
    throw new DatasetWriteError(`${where} ${camera.depthPng ? 'has' : 'has no'} depth, unlike the dataset's first episode`);
  }
  if ((camera.video || camera.depthPng) && camera.fps !== fps) {
    throw new DatasetWriteError(`${where} runs at ${camera.fps} fps; LeRobot stores every feature at the dataset's ${fps} fps`);
  }
  if (camera.video && streams.video) {
    checkVideo(where, camera.video, streams.video, frames, fps);
    checkRgbHistogram(where, camera, frames);
  }
  if (camera.depthPng) {
    if (camera.depthPng.length !== frames) throw new DatasetWriteError(`${where} has ${camera.depthPng.length} depth frames, the record ${frames}`);
    camera.depthPng.forEach((png, i) => checkDepthPng(`${where} depth frame ${i}`, png, camera.width, camera.height));
  }
}

function checkVideo(where: string, video: EncodedEpisodeVideo, expected: NonNullable<CameraStreams['video']>, frames: number, fps: number): void {
  const info = expected.feature.info;
  const differences: string[] = [];
  if (video.codecName !== info['video.codec']) differences.push(`codec ${video.codecName} vs ${info['video.codec']}`);
  if (video.codec !== expected.codec) differences.push(`codec string ${video.codec} vs ${expected.codec}`);
  if (video.width !== info['video.width'] || video.height !== info['video.height']) {
    differences.push(`size ${video.width}x${video.height} vs ${info['video.width']}x${info['video.height']}`);
  }
  if (video.fps !== fps) differences.push(`fps ${video.fps} vs ${fps}`);
  const pixFmt = videoFeatureInfo(video)['video.pix_fmt'];
  if (pixFmt !== info['video.pix_fmt']) differences.push(`pixel format ${pixFmt} vs ${info['video.pix_fmt']}`);
  if (!sameBytes(video.description, expected.description)) differences.push('decoder configuration (sequence header / SPS)');
  if (differences.length) throw new DatasetWriteError(`${where}: the video differs from the dataset's (${differences.join(', ')})`);
  if (video.packets.length !== frames) throw new DatasetWriteError(`${where}: the video has ${video.packets.length} frames, the record ${frames}`);
  if (!video.packets[0]?.key) throw new DatasetWriteError(`${where}: the video does not start with a key frame`);
  video.packets.forEach((p, i) => {
    const at = frameTimestampUs(i, fps);
    if (p.timestampUs !== at) throw new DatasetWriteError(`${where}: video packet ${i} is at ${p.timestampUs} us, frame ${i} at ${fps} fps is at ${at} us`);
    if (p.data.length === 0) throw new DatasetWriteError(`${where}: video packet ${i} is empty`);
  });
}

function checkRgbHistogram(where: string, camera: CameraMedia, frames: number): void {
  const h = camera.rgbHistogram;
  if (!h) {
    throw new DatasetWriteError(`${where} has video but no rgbHistogram: LeRobot keeps image statistics of every camera, and an encoded video cannot give back the exact pixels (build it with RgbHistogramBuilder)`);
  }
  const sampled = sampleFrameIndices(frames).length;
  const step = downsampleStep(camera.width, camera.height);
  const pixels = sampled * Math.ceil(camera.width / step) * Math.ceil(camera.height / step);
  if (h.frames !== sampled) throw new DatasetWriteError(`${where}: rgbHistogram counts ${h.frames} frames; LeRobot samples ${sampled} of ${frames}`);
  if (h.counts.length !== 3 * 256) throw new DatasetWriteError(`${where}: rgbHistogram has ${h.counts.length} counts, expected 768`);
  for (let c = 0; c < 3; c++) {
    let n = 0;
    for (let v = 0; v < 256; v++) {
      const count = h.counts[c * 256 + v]!;
      if (!Number.isInteger(count) || count < 0) throw new DatasetWriteError(`${where}: rgbHistogram count [${c}][${v}] is ${count}`);
      n += count;
    }
    if (n !== pixels) throw new DatasetWriteError(`${where}: rgbHistogram channel ${c} counts ${n} values; LeRobot's sample of ${sampled} frames holds ${pixels}`);
  }
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Reads a PNG's IHDR: size, bit depth and colour type (throws a DatasetWriteError if it is no PNG). */
export function pngHeader(where: string, png: Uint8Array): { width: number; height: number; bitDepth: number; colourType: number } {
  const isPng = png.length >= 33 && PNG_SIGNATURE.every((b, i) => png[i] === b)
    && String.fromCharCode(png[12]!, png[13]!, png[14]!, png[15]!) === 'IHDR';
  if (!isPng) throw new DatasetWriteError(`${where} is not a PNG`);
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20), bitDepth: png[24]!, colourType: png[25]! };
}

function checkDepthPng(where: string, png: Uint8Array, width: number, height: number): void {
  const h = pngHeader(where, png);
  if (h.bitDepth !== 16 || h.colourType !== 0) throw new DatasetWriteError(`${where} is a PNG of bit depth ${h.bitDepth}, colour type ${h.colourType}; depth must be 16-bit greyscale`);
  if (h.width !== width || h.height !== height) throw new DatasetWriteError(`${where} is ${h.width}x${h.height}, the camera ${width}x${height}`);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
