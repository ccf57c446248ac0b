/**
 * "Make variations": renders one camera of one episode of the last run
 * (RGB, depth and instance ids, the frames a dataset export renders),
 * decodes the K reference frames (picked by the job seed, as `generate
 * --variations` picks them) and has the world-model worker re-render the
 * frames K times, with progress and cancellation.
 */
import type { EpisodeRecord, PoseTrack } from '../../../exporters/episode';
import { sample } from '../../../scenes/sample';
import type { SceneDoc } from '../../../scenes/schema/scene';
import type { MeshLibrary } from '../../../workers/physics/mesh';
import type { RgbaImage } from '../../../workers/worldmodel/image';
import type { VariationScores } from '../../../workers/worldmodel/variations';
import { decodeReferences, type ReferenceSource } from '../../headless/reference-decode';
import { renderCameraFrames } from '../runner/camera-frames';
import { cancelVary, varyInWorker } from './client';

/** Frames rendered per call to the render worker (progress moves between calls). */
const RENDER_CHUNK = 16;
/** Frames per inference. */
export const VARIATION_BATCH = 4;
/** Most frames varied per episode (15 s at 30 fps): longer episodes are varied from their start. */
export const MAX_VARIATION_FRAMES = 450;
/** Most bytes the original and its variations may take together (RGBA8 frames). */
export const MAX_VARIATION_BYTES = 1024 * 1024 * 1024;

/** The stages a run goes through, for the progress bar. */
export type MakeStage = 'rendering' | 'reference' | 'varying';

/** One variation: its frames (packed RGBA, as the original's), scores and reference frame. */
export interface Variation {
  frames: Uint8Array;
  scores: VariationScores;
  /** The reference frame it was conditioned on: file and frame index (0 for an image), and the decoded image. */
  reference: { file: string; frame: number; image: RgbaImage };
}

/** The original frames of a camera of an episode and its K variations. */
export interface VariationRun {
  episodeIndex: number;
  cameraId: string;
  width: number;
  height: number;
  /** Frames per second of the episode. */
  fps: number;
  /** Frames N (the first N of the episode). */
  count: number;
  /** Frames of the whole episode. */
  episodeFrames: number;
  /** The rendered frames, RGBA8 packed (frame i at i * width * height * 4). */
  original: Uint8Array;
  variations: Variation[];
  /** The model (name and the sha256 its file was checked against). */
  model: { name: string; sha256: string };
  /** The reference as the user named it. */
  referenceName: string;
  /** The job seed: picks the reference frames and keys the noise. */
  seed: number;
}

/** What to make variations of, with what. */
export interface MakeRequest {
  /** The run's scene (validated, before sampling) and job seed. */
  scene: SceneDoc;
  jobSeed: number;
  record: EpisodeRecord;
  meshes: MeshLibrary;
  cameraId: string;
  reference: ReferenceSource;
  /** K. */
  count: number;
  model: { name: string; sha256: string };
  signal: AbortSignal;
  onProgress(stage: MakeStage, done: number, total: number): void;
}

/** The request was cancelled. */
export class MakeCancelled extends Error {
  override name = 'MakeCancelled';
}

/** Runs the three stages; rejects with MakeCancelled when the signal aborts. */
export async function makeVariations(request: MakeRequest): Promise<VariationRun> {
  const { record, cameraId, signal } = request;
  const stop = (): void => {
    if (signal.aborted) throw new MakeCancelled('cancelled');
  };
  if (!record.poses || record.frames === 0) throw new Error(`episode ${record.episodeIndex} recorded no frames (${record.outcome}): nothing to render`);
  const resolved = sample(request.scene, request.jobSeed, record.episodeIndex).scene;
  const camera = resolved.cameras.find((c) => c.id === cameraId);
  if (!camera) throw new Error(`the scene has no camera "${cameraId}"`);
  const count = Math.min(record.frames, MAX_VARIATION_FRAMES);
  const pixels = camera.width * camera.height;
  const bytes = count * pixels * 4 * (request.count + 1);
  if (bytes > MAX_VARIATION_BYTES) {
    throw new Error(`${request.count} variations of ${count} frames of ${camera.width}×${camera.height} would take ${(bytes / 2 ** 30).toFixed(1)} GiB; at most ${MAX_VARIATION_BYTES / 2 ** 30} GiB: choose fewer variations or a smaller camera`);
  }
  const rgba = new Uint8Array(count * pixels * 4);
  const depth = new Float32Array(count * pixels);
  const instance = new Uint16Array(count * pixels);
  request.onProgress('rendering', 0, count);
  for (let from = 0; from < count; from += RENDER_CHUNK) {
    stop();
    const frames = Array.from({ length: Math.min(RENDER_CHUNK, count - from) }, (_, i) => from + i);
    const views = await renderCameraFrames(resolved, request.meshes, record.poses as PoseTrack, cameraId, frames, record.seed, ['rgb', 'depth', 'instance']);
    views.forEach((v, i) => {
      if (!v.rgb || !v.depth || !v.instance || v.width !== camera.width || v.height !== camera.height) throw new Error(`camera "${cameraId}" rendered an incomplete frame ${from + i}`);
      rgba.set(v.rgb, (from + i) * pixels * 4);
      depth.set(v.depth, (from + i) * pixels);
      instance.set(v.instance, (from + i) * pixels);
    });
    request.onProgress('rendering', from + frames.length, count);
  }
  stop();
  request.onProgress('reference', 0, request.count);
  const references = await decodeReferences(request.reference, request.count, request.jobSeed);
  stop();
  request.onProgress('varying', 0, count * request.count);
  const onAbort = (): void => cancelVary();
  signal.addEventListener('abort', onAbort, { once: true });
  let result;
  try {
    result = await varyInWorker(
      {
        frames: { cameraId, width: camera.width, height: camera.height, farMetres: camera.far, count, rgba: rgba.slice(), depth, instance },
        episodeSeed: record.seed,
        references,
        seed: request.jobSeed,
        batchSize: VARIATION_BATCH,
      },
      (done, total) => request.onProgress('varying', done, total),
    );
  } catch (error) {
    stop();
    throw error;
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
  return {
    episodeIndex: record.episodeIndex,
    cameraId,
    width: camera.width,
    height: camera.height,
    fps: record.fps,
    count,
    episodeFrames: record.frames,
    original: rgba,
    variations: result.frames.map((frames, k) => ({ frames, scores: result.scores[k]!, reference: { ...references[k]!.source, image: references[k]!.image } })),
    model: request.model,
    referenceName: request.reference.name,
    seed: request.jobSeed,
  };
}
