/**
 * One episode to RenderedMedia on one FrameRenderer: every camera of the
 * scene at every frame of the pose track; RGB encoded as one video episode
 * (WebCodecs, AV1 by default, at the record's fps), depth as 16-bit
 * millimetre PNG, per-frame labels, the RGB histogram LeRobot's image
 * statistics need (of the raw frames, before encoding), and for COCO the RGB
 * frames as PNG and an RLE mask per visible instance.
 *
 * With `wants.variations` and a VariationSet (workers/worldmodel), each RGB
 * camera also gets K world-model variations, made as its frames are
 * rendered (the frames' RGB, depth and instance ids) and encoded as streams
 * `<camera>_var<k>` with the same settings, the camera's labels, their
 * provenance and their scores.
 *
 * The bytes depend only on the input: the scene view is built per episode,
 * the canvas is sized from the episode's own cameras, each camera gets a
 * fresh encoder, and the noise streams are keyed by (seed, camera, frame).
 */
import { encodeLabelRles } from '../../exporters/coco-rle';
import type { EpisodeRenderInput } from '../../exporters/episode-renderer';
import { RgbHistogramBuilder } from '../../exporters/lerobot/image-stats';
import { variationCameraId, type CameraMedia, type FrameLabels, type RenderedMedia } from '../../exporters/media';
import { depthImageCell, depthToMillimetres } from '../../exporters/video/depth';
import { encodePngRgb } from '../../exporters/video/png-rgb';
import type { CameraChannel } from '../../scenes/schema/sensors';
import type { MeshLibrary } from '../../workers/physics/mesh';
import type { CameraVariations, VariationSet } from '../../workers/worldmodel/variations';
import type { FrameRenderer } from '../frames/frame-renderer';
import { intrinsicsMatrix } from '../scene3d/camera-model';
import { SceneView } from '../scene3d/scene-view';
import { EpisodeEncoder } from '../video/episode-encoder';

/** Time spent per stage of an episode, milliseconds (for benchmarks; not part of the media). */
export interface EpisodeTimings {
  renderMs: number;
  encodeMs: number;
  pngMs: number;
  labelsMs: number;
  /** World-model variations: inference, post-processing, scoring and encoding. */
  varyMs?: number;
}

interface CameraJob {
  id: string;
  channels: CameraChannel[];
  media: CameraMedia;
  encoder?: EpisodeEncoder;
  histogram?: RgbHistogramBuilder;
  /** Channels rendered: the media's, plus depth and instance ids when variations need them. */
  render: CameraChannel[];
  variations?: { run: CameraVariations; encoders: EpisodeEncoder[]; histograms: RgbHistogramBuilder[] };
}

/** Renders one episode; `timings` (when given) is filled with the time of each stage. */
export async function renderEpisodeMedia(
  renderer: FrameRenderer,
  meshes: MeshLibrary,
  input: EpisodeRenderInput,
  timings?: EpisodeTimings,
  variations?: VariationSet,
): Promise<RenderedMedia> {
  const { scene, seed, frames, fps, poses, wants } = input;
  if (frames > 0 && !poses) throw new Error(`episode ${input.episodeIndex}: ${frames} frames but no pose track`);
  if (wants.variations && !variations) throw new Error(`episode ${input.episodeIndex}: variations were asked for, but no world model was set up`);
  const vary = wants.variations ? variations : undefined;
  const view = new SceneView(scene, meshes);
  const jobs: CameraJob[] = [];
  const clock = timings ?? { renderMs: 0, encodeMs: 0, pngMs: 0, labelsMs: 0 };
  try {
    renderer.setView(view);
    // The canvas size is a function of this episode's cameras only (not of earlier episodes).
    const width = Math.max(16, ...scene.cameras.map((c) => c.width));
    const height = Math.max(16, ...scene.cameras.map((c) => c.height));
    renderer.renderer.setSize(width, height, false);
    for (const camera of scene.cameras) {
      const channels = [...camera.channels];
      if (wants.coco && !channels.includes('instance')) channels.push('instance');
      const model = view.cameraModel(camera.id);
      const media: CameraMedia = {
        cameraId: camera.id,
        width: model.width,
        height: model.height,
        fps,
        intrinsics: intrinsicsMatrix(model),
        labels: [],
        ...(wants.coco && channels.includes('rgb') ? { rgbPng: [] } : {}),
        ...(channels.includes('depth') ? { depthPng: [] } : {}),
      };
      const job: CameraJob = { id: camera.id, channels, media, render: channels };
      if (channels.includes('rgb') && frames > 0) {
        const settings = { codec: wants.codec ?? 'av1', width: model.width, height: model.height, fps };
        job.encoder = await EpisodeEncoder.create(settings);
        job.histogram = new RgbHistogramBuilder(frames, model.width, model.height);
        if (vary) {
          job.render = [...new Set<CameraChannel>([...channels, 'depth', 'instance'])];
          const k = vary.references.length;
          const encoders = await Promise.all(Array.from({ length: k }, () => EpisodeEncoder.create(settings)));
          const histograms = Array.from({ length: k }, () => new RgbHistogramBuilder(frames, model.width, model.height));
          const run = vary.camera({ cameraId: camera.id, width: model.width, height: model.height, farMetres: model.far, frames, episodeSeed: seed }, async (v, frame, rgba) => {
            await encoders[v]!.addFrame(rgba);
            if (histograms[v]!.wants(frame)) histograms[v]!.add(frame, rgba);
          });
          job.variations = { run, encoders, histograms };
        }
      }
      jobs.push(job);
    }
    for (let frame = 0; frame < frames; frame++) {
      view.applyPoses(poses!, frame);
      for (const job of jobs) {
        let t = performance.now();
        const rendered = renderer.render(job.id, { frame, seed, channels: job.render });
        clock.renderMs += performance.now() - t;
        const { media } = job;
        t = performance.now();
        if (rendered.rgb && job.encoder) await job.encoder.addFrame(rendered.rgb);
        clock.encodeMs += performance.now() - t;
        if (rendered.rgb && job.histogram?.wants(frame)) job.histogram.add(frame, rendered.rgb);
        t = performance.now();
        if (rendered.rgb && media.rgbPng) media.rgbPng.push(encodePngRgb({ width: media.width, height: media.height, data: rendered.rgb }));
        if (rendered.depth && media.depthPng) media.depthPng.push(depthImageCell(depthToMillimetres(rendered.depth), media.width, media.height).bytes);
        clock.pngMs += performance.now() - t;
        t = performance.now();
        const labels: FrameLabels = { extrinsics: rendered.extrinsics, boxes2d: rendered.boxes2d ?? [], boxes3d: rendered.boxes3d ?? [] };
        if (wants.coco && rendered.instance) {
          labels.masks = [...encodeLabelRles(rendered.instance, media.width, media.height)].map(([instanceId, rle]) => ({ instanceId, rle }));
        }
        media.labels.push(labels);
        clock.labelsMs += performance.now() - t;
        if (job.variations) {
          t = performance.now();
          await job.variations.run.add({ width: media.width, height: media.height, rgba: rendered.rgb!, depth: rendered.depth!, instance: rendered.instance! });
          clock.varyMs = (clock.varyMs ?? 0) + performance.now() - t;
        }
      }
    }
    for (const job of jobs) {
      if (job.encoder) {
        const t = performance.now();
        job.media.video = await job.encoder.finish();
        job.encoder = undefined;
        clock.encodeMs += performance.now() - t;
        job.media.rgbHistogram = job.histogram!.result();
      }
    }
    const cameras: CameraMedia[] = [];
    for (const job of jobs) {
      cameras.push(job.media);
      if (job.variations) cameras.push(...(await finishVariations(job, vary!, clock)));
    }
    return {
      episodeIndex: input.episodeIndex,
      frames,
      classes: [...view.labels.classes],
      instances: view.labels.instances.map((i) => ({ instanceId: i.instanceId, id: i.id, classIndex: i.classIndex })),
      cameras,
    };
  } finally {
    for (const job of jobs) {
      job.encoder?.close();
      for (const encoder of job.variations?.encoders ?? []) encoder.close();
    }
    view.dispose();
  }
}

/** Runs a camera's last variation batch and returns its variation streams, in k order. */
async function finishVariations(job: CameraJob, set: VariationSet, clock: EpisodeTimings): Promise<CameraMedia[]> {
  const t = performance.now();
  const { run, encoders, histograms } = job.variations!;
  const scores = await run.finish();
  const out: CameraMedia[] = [];
  for (const [k, encoder] of encoders.entries()) {
    const { source } = set.references[k]!;
    out.push({
      cameraId: variationCameraId(job.id, k),
      width: job.media.width,
      height: job.media.height,
      fps: job.media.fps,
      intrinsics: [...job.media.intrinsics],
      video: await encoder.finish(),
      rgbHistogram: histograms[k]!.result(),
      labels: job.media.labels,
      variation: {
        of: job.id,
        index: k,
        model: set.modelProvenance(),
        reference: { file: source.file, frames: [source.frame] },
        seed: set.seed,
        scores: scores[k]!,
      },
    });
  }
  clock.varyMs = (clock.varyMs ?? 0) + performance.now() - t;
  return out;
}
