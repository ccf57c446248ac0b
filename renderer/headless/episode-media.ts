/**
 * One episode to RenderedMedia on one FrameRenderer: every camera of the
 * scene at every frame of the pose track; RGB encoded as one video episode
 * (WebCodecs, AV1 by default, at the record's fps), depth as 16-bit
 * millimetre PNG, per-frame labels, the RGB histogram LeRobot's image
 * statistics need (of the raw frames, before encoding), and for COCO the RGB
 * frames as PNG and an RLE mask per visible instance.
 *
 * The bytes depend only on the input: the scene view is built per episode,
 * the canvas is sized from the episode's own cameras, each camera gets a
 * fresh encoder, and the noise streams are keyed by (seed, camera, frame).
 */
import { encodeLabelRles } from '../../exporters/coco-rle';
import type { EpisodeRenderInput } from '../../exporters/episode-renderer';
import { RgbHistogramBuilder } from '../../exporters/lerobot/image-stats';
import type { CameraMedia, FrameLabels, RenderedMedia } from '../../exporters/media';
import { depthImageCell, depthToMillimetres } from '../../exporters/video/depth';
import { encodePngRgb } from '../../exporters/video/png-rgb';
import type { CameraChannel } from '../../scenes/schema/sensors';
import type { MeshLibrary } from '../../workers/physics/mesh';
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
}

interface CameraJob {
  id: string;
  channels: CameraChannel[];
  media: CameraMedia;
  encoder?: EpisodeEncoder;
  histogram?: RgbHistogramBuilder;
}

/** Renders one episode; `timings` (when given) is filled with the time of each stage. */
export async function renderEpisodeMedia(
  renderer: FrameRenderer,
  meshes: MeshLibrary,
  input: EpisodeRenderInput,
  timings?: EpisodeTimings,
): Promise<RenderedMedia> {
  const { scene, seed, frames, fps, poses, wants } = input;
  if (frames > 0 && !poses) throw new Error(`episode ${input.episodeIndex}: ${frames} frames but no pose track`);
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
      const job: CameraJob = { id: camera.id, channels, media };
      if (channels.includes('rgb') && frames > 0) {
        job.encoder = await EpisodeEncoder.create({ codec: wants.codec ?? 'av1', width: model.width, height: model.height, fps });
        job.histogram = new RgbHistogramBuilder(frames, model.width, model.height);
      }
      jobs.push(job);
    }
    for (let frame = 0; frame < frames; frame++) {
      view.applyPoses(poses!, frame);
      for (const job of jobs) {
        let t = performance.now();
        const rendered = renderer.render(job.id, { frame, seed, channels: job.channels });
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
    return {
      episodeIndex: input.episodeIndex,
      frames,
      classes: [...view.labels.classes],
      instances: view.labels.instances.map((i) => ({ instanceId: i.instanceId, id: i.id, classIndex: i.classIndex })),
      cameras: jobs.map((j) => j.media),
    };
  } finally {
    for (const job of jobs) job.encoder?.close();
    view.dispose();
  }
}
