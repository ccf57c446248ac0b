/**
 * The rendering capability of the job runner: turns an episode's spec and
 * its rollout record (with the pose track) into the episode's RenderedMedia.
 * The CLI supplies one that drives the renderer bundle in a headless browser
 * (main/cli/render-host.ts); the window can supply one over its own workers.
 */
import type { EpisodeSpec } from '../scenes/sample';
import type { SceneDoc } from '../scenes/schema/scene';
import type { EpisodeRecord, PoseTrack } from './episode';
import type { RenderedMedia } from './media';
import type { VideoCodecName } from './video/encoded-video';

/** What the dataset formats of a job need from the renderer beyond each camera's own channels. */
export interface MediaWants {
  /** COCO: RGB frames as PNG (`rgbPng`) and one RLE mask per visible instance per frame (`labels[].masks`). */
  coco: boolean;
  /** Video codec of the RGB streams (default 'av1'). */
  codec?: VideoCodecName;
  /**
   * Add the world-model variations the renderer was set up with (one more
   * RGB stream `<camera>_var<k>` per RGB camera and reference; see
   * exporters/media.ts VariationProvenance). Default false.
   */
  variations?: boolean;
}

/** Renders episodes; `close()` frees the browser or workers behind it. */
export interface EpisodeRenderer {
  /**
   * Renders every camera of `spec.scene` at each of `record.frames` frames
   * of `record.poses`. The bytes depend only on (spec, record, wants),
   * never on which worker rendered the episode or what it rendered before.
   */
  render(spec: EpisodeSpec, record: EpisodeRecord, wants: MediaWants): Promise<RenderedMedia>;
  close(): Promise<void>;
}

/** The plain data a renderer needs for one episode (what crosses into the page or worker). */
export interface EpisodeRenderInput {
  /** The resolved scene (EpisodeSpec.scene). */
  scene: SceneDoc;
  /** Episode seed (32 hex digits): keys the imaging and depth noise. */
  seed: string;
  episodeIndex: number;
  /** Frames to render: the record's frame count (0 renders nothing). */
  frames: number;
  /** Frames per second of the record: every camera's video rate. */
  fps: number;
  /** The record's pose track; null only when `frames` is 0. */
  poses: PoseTrack | null;
  wants: MediaWants;
}

/** The render input of an episode; throws when spec and record disagree or the pose track does not cover the frames. */
export function episodeRenderInput(spec: EpisodeSpec, record: EpisodeRecord, wants: MediaWants): EpisodeRenderInput {
  if (spec.episodeIndex !== record.episodeIndex || spec.seed !== record.seed) {
    throw new Error(`the spec (episode ${spec.episodeIndex}, seed ${spec.seed}) is not the record's (episode ${record.episodeIndex}, seed ${record.seed})`);
  }
  const poses = record.poses ?? null;
  if (record.frames > 0) {
    if (!poses) throw new Error(`episode ${record.episodeIndex}: the record has ${record.frames} frames but no pose track to render them`);
    const stride = poses.ids.length * 7;
    const trackFrames = stride === 0 ? 0 : poses.data.length / stride;
    if (trackFrames !== record.frames) {
      throw new Error(`episode ${record.episodeIndex}: the pose track has ${trackFrames} frames, the record ${record.frames}`);
    }
  }
  return { scene: spec.scene, seed: spec.seed, episodeIndex: spec.episodeIndex, frames: record.frames, fps: record.fps, poses: record.frames > 0 ? poses : null, wants };
}
