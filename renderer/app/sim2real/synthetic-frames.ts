/**
 * The synthetic side of the Sim2Real report in the window: the last run's
 * frames of one camera, rendered as a dataset export renders them (at most
 * 16 evenly spaced frames per episode, at most 400 in all, as `npm run gap`
 * reads a dataset) and resized to the analysis size, with depth hole
 * ratios when the camera renders depth; the world-model variations made in
 * the World Model view for that camera, when there are any; and the run's
 * `observation.state` and `action` rows (at most 5000, evenly spaced).
 */
import type { EpisodeRecord, PoseTrack } from '../../../exporters/episode';
import { depthHoleRatio, type RgbImage } from '../../../exporters/sim2real/lowlevel';
import { matrix } from '../../../exporters/sim2real/matrix';
import type { ImageSetInput, SourceInfo, VectorInput } from '../../../exporters/sim2real/report-types';
import { resizeCover } from '../../../exporters/sim2real/resize';
import { evenlySpaced } from '../../../exporters/sim2real/sampling';
import { sample } from '../../../scenes/sample';
import type { SceneDoc } from '../../../scenes/schema/scene';
import type { MeshLibrary } from '../../../workers/physics/mesh';
import { renderCameraFrames } from '../runner/camera-frames';
import type { VariationRun } from '../worldmodel/make-variations';
import { chooseFrames, GAP_DEFAULTS } from './sampling';

/** The state and action channels compared (LeRobot's feature names). */
const VECTORS = { states: 'observation.state', actions: 'action' } as const;
/** Most state/action rows read. */
const MAX_VECTOR_ROWS = 5000;

export interface SyntheticSide {
  source: SourceInfo;
  raw: ImageSetInput;
  variations: ImageSetInput | null;
  states: VectorInput | null;
  actions: VectorInput | null;
}

export interface SyntheticRequest {
  /** The run's scene (before sampling), job seed and kept records. */
  scene: SceneDoc;
  jobSeed: number;
  records: readonly EpisodeRecord[];
  meshes: MeshLibrary;
  cameraId: string;
  /** Variations made in the World Model view (used when they are of `cameraId`). */
  variations: VariationRun | null;
  /** Throws to stop (a cancelled report). */
  check(): void;
  onProgress(done: number, total: number): void;
}

function vectors(records: readonly EpisodeRecord[], key: string): VectorInput | null {
  const withChannel = records.filter((r) => r.frames > 0 && r.channels[key]);
  if (withChannel.length === 0) return null;
  const names = withChannel[0]!.channels[key]!.names;
  const total = withChannel.reduce((n, r) => n + r.frames, 0);
  const rows = new Set(evenlySpaced(total, MAX_VECTOR_ROWS));
  const out = matrix(rows.size, names.length);
  let global = 0;
  let row = 0;
  for (const r of withChannel) {
    const channel = r.channels[key]!;
    if (channel.names.length !== names.length) throw new Error(`episode ${r.episodeIndex}: ${key} has ${channel.names.length} dimensions, episode ${withChannel[0]!.episodeIndex} ${names.length}`);
    for (let f = 0; f < r.frames; f++, global++) {
      if (!rows.has(global)) continue;
      for (let c = 0; c < names.length; c++) out.data[row * names.length + c] = channel.data[f * names.length + c]!;
      row++;
    }
  }
  return { names, rows: out };
}

/** A variation's frames at the analysis size: 16 evenly spaced frames of its episode. */
function variationSet(run: VariationRun, size: number): ImageSetInput {
  const images: RgbImage[] = [];
  const frameBytes = run.width * run.height * 4;
  for (const v of run.variations) {
    for (const f of evenlySpaced(run.count, GAP_DEFAULTS.perGroup)) {
      images.push(resizeCover({ width: run.width, height: run.height, data: v.frames.subarray(f * frameBytes, (f + 1) * frameBytes), channels: 4 }, size, size));
    }
  }
  return { images, groups: images.map(() => `episode ${run.episodeIndex}`) };
}

/** Renders and gathers the synthetic side. */
export async function syntheticSide(request: SyntheticRequest, size: number = GAP_DEFAULTS.size): Promise<SyntheticSide> {
  const { scene, jobSeed, cameraId } = request;
  const camera = scene.cameras.find((c) => c.id === cameraId);
  if (!camera) throw new Error(`the run's scene has no camera "${cameraId}"`);
  const withDepth = camera.channels.includes('depth');
  const records = request.records.filter((r) => r.frames > 0 && r.poses);
  if (records.length === 0) throw new Error('no episode of the run recorded frames');
  const chosen = chooseFrames(records.map((r) => r.frames));
  const total = [...chosen.values()].reduce((n, f) => n + f.length, 0);
  const images: RgbImage[] = [];
  const groups: string[] = [];
  const holes: number[] = [];
  request.onProgress(0, total);
  for (const [e, frames] of chosen) {
    request.check();
    const record = records[e]!;
    const resolved = sample(scene, jobSeed, record.episodeIndex).scene;
    const views = await renderCameraFrames(resolved, request.meshes, record.poses as PoseTrack, cameraId, frames, record.seed, withDepth ? ['rgb', 'depth'] : ['rgb']);
    for (const v of views) {
      if (!v.rgb) throw new Error(`camera "${cameraId}" rendered no image for frame ${v.frame} of episode ${record.episodeIndex}`);
      images.push(resizeCover({ width: v.width, height: v.height, data: v.rgb, channels: 4 }, size, size));
      groups.push(`episode ${record.episodeIndex}`);
      if (withDepth && v.depth) holes.push(depthHoleRatio(v.depth));
    }
    request.onProgress(images.length, total);
  }
  const varied = request.variations?.cameraId === cameraId ? request.variations : null;
  const source: SourceInfo = {
    path: `${scene.name}: the last run (seed ${jobSeed}, camera ${cameraId})`,
    kind: 'images',
    camera: cameraId,
    variationStreams: (varied?.variations ?? []).map((v, k) => ({
      key: `observation.images.${cameraId}_var${k}`,
      model: varied!.model.name,
      reference: `${v.reference.file}${/\.(png|jpe?g|webp|bmp)$/i.test(v.reference.file) ? '' : ` frame ${v.reference.frame}`}`,
      seed: varied!.seed,
    })),
    groups: chosen.size,
  };
  return {
    source,
    raw: { images, groups, ...(withDepth && holes.length === images.length ? { depthHoleRatios: holes } : {}) },
    variations: varied ? variationSet(varied, size) : null,
    states: vectors(request.records, VECTORS.states),
    actions: vectors(request.records, VECTORS.actions),
  };
}
