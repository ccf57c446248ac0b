/**
 * A LeRobot v3.0 dataset as one side of the comparison: frames of one
 * camera's video stream (raw renders, or real frames), the frames of its
 * world-model variation streams, depth hole ratios from the camera's depth
 * image feature, and `observation.state` / `action` rows. Episodes are the
 * groups. meta/info.json and the episodes metadata are read and checked by
 * inspect's readers; each chosen episode's frames are decoded by ffmpeg from
 * its `from_timestamp` in the video file.
 *
 * Variations (the contract with the world model): a video feature whose
 * info holds `"variation.of": "<camera key>"` (plus `variation.model`,
 * `variation.reference`, `variation.seed`) is a variation of that camera;
 * such features are never taken as cameras themselves.
 */
import { join } from 'node:path';
import { INFO_PATH, formatPath, type ChunkFile } from '../../../exporters/lerobot/layout';
import { depthHoleRatio, type RgbImage } from '../../../exporters/sim2real/lowlevel';
import { evenlySpaced } from '../../../exporters/sim2real/sampling';
import type { ImageSetInput, SourceInfo, VectorInput } from '../../../exporters/sim2real/report-types';
import { decodePng16 } from '../../../exporters/video/png16';
import { CliError, EXIT } from '../exit-codes';
import { isObject, readJsonFile } from '../inspect/files';
import { readEpisodes, type EpisodeRow } from '../inspect/lerobot-episodes';
import { readInfo, type LeRobotInfo } from '../inspect/lerobot-info';
import { readParquetColumns } from '../inspect/parquet';
import { damaged } from '../inspect/summary';
import { decodeFrames } from './ffmpeg';
import { chooseFrames } from './select';
import type { LoadedSide, LoadOptions } from './side';

/** The state and action features compared (LeRobot's names). */
export const STATE_FEATURE = 'observation.state';
export const ACTION_FEATURE = 'action';
/** Largest number of state/action rows read per side. */
const MAX_VECTOR_ROWS = 5000;

type FeatureInfo = Record<string, unknown>;

/** Reads `dir`; `withVariations` (the synthetic side) also reads the variation streams. */
export async function loadLeRobot(dir: string, options: LoadOptions, withVariations: boolean): Promise<LoadedSide> {
  const infoFile = join(dir, INFO_PATH);
  const info = readInfo(infoFile);
  const raw = readJsonFile(infoFile) as { features: Record<string, { info?: FeatureInfo }> };
  const infoOf = (key: string): FeatureInfo => (isObject(raw.features[key]?.info) ? raw.features[key]!.info! : {});
  const episodes = await readEpisodes(dir, info);
  const videos = info.features.filter((f) => f.dtype === 'video' && infoOf(f.name).is_depth_map !== true && infoOf(f.name)['video.is_depth_map'] !== true);
  const cameras = videos.filter((f) => typeof infoOf(f.name)['variation.of'] !== 'string').map((f) => f.name);
  const camera = pickCamera(infoFile, cameras, options.camera);
  const variationKeys = withVariations && camera ? videos.filter((f) => infoOf(f.name)['variation.of'] === camera).map((f) => f.name) : [];
  const chosen = chooseFrames(episodes.map((e) => e.length), options.sampling);

  let rawFrames: ImageSetInput | null = null;
  let variations: ImageSetInput | null = null;
  if (camera) {
    const starts = await fromTimestamps(dir, episodes, [camera, ...variationKeys]);
    let decoded = 0;
    const progress = (n: number) => options.onFrames?.((decoded += n));
    rawFrames = await readStream(dir, info, episodes, chosen, camera, starts, options, progress);
    const depthKey = `${camera}_depth`;
    if (info.features.some((f) => f.name === depthKey && f.dtype === 'image')) rawFrames.depthHoleRatios = await depthRatios(dir, info, episodes, chosen, depthKey);
    if (variationKeys.length) {
      const parts = [];
      for (const key of variationKeys) parts.push(await readStream(dir, info, episodes, chosen, key, starts, options, progress));
      variations = { images: parts.flatMap((p) => p.images), groups: parts.flatMap((p) => p.groups) };
    }
  }
  const vectors = await readVectors(dir, info, episodes);
  const source: SourceInfo = {
    path: dir,
    kind: 'lerobot',
    camera,
    variationStreams: variationKeys.map((key) => {
      const i = infoOf(key);
      return { key, model: str(i['variation.model']), reference: str(i['variation.reference']), seed: typeof i['variation.seed'] === 'number' ? i['variation.seed'] : null };
    }),
    groups: episodes.length,
  };
  return { source, raw: rawFrames, variations, ...vectors };
}

function str(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

/** The camera named by --camera (full key or its last part), else the first; null when the dataset has no video. */
function pickCamera(infoFile: string, cameras: string[], wanted: string | undefined): string | null {
  if (wanted === undefined) return cameras[0] ?? null;
  const match = cameras.find((k) => k === wanted || k === `observation.images.${wanted}`);
  if (!match) throw new CliError(EXIT.usage, `--camera ${wanted}: ${infoFile} has no such camera video (cameras: ${cameras.join(', ') || 'none'})`);
  return match;
}

/** `videos/<key>/from_timestamp` of every episode, per key. */
async function fromTimestamps(dir: string, episodes: EpisodeRow[], keys: string[]): Promise<Map<string, Map<number, number>>> {
  const out = new Map(keys.map((k) => [k, new Map<number, number>()]));
  for (const metaFile of [...new Set(episodes.map((e) => e.metaFile))]) {
    const columns = keys.map((k) => `videos/${k}/from_timestamp`);
    const table = await readParquetColumns(join(dir, metaFile), ['episode_index', ...columns]);
    const index = table.getChild('episode_index')!;
    keys.forEach((key, k) => {
      const column = table.getChild(columns[k]!)!;
      for (let i = 0; i < table.numRows; i++) out.get(key)!.set(Number(index.get(i)), Number(column.get(i)));
    });
  }
  return out;
}

/** Decodes the chosen frames of every chosen episode from the video stream `key`. */
async function readStream(
  dir: string, info: LeRobotInfo, episodes: EpisodeRow[], chosen: Map<number, number[]>, key: string,
  starts: Map<string, Map<number, number>>, options: LoadOptions, progress: (n: number) => void,
): Promise<ImageSetInput> {
  const images: RgbImage[] = [];
  const groups: string[] = [];
  for (const [e, indices] of chosen) {
    const episode = episodes[e]!;
    const file = join(dir, formatPath(info.videoPath!, episode.videos.get(key) as ChunkFile, key));
    const from = starts.get(key)!.get(episode.index)!;
    const wanted = new Set(indices);
    // Seek half a frame early: the episode's first frame is the first one at or after `from`.
    const frames = await decodeFrames(file, { seek: Math.max(0, from - 0.5 / info.fps), frames: Math.max(...indices) + 1, keep: (i) => wanted.has(i), size: options.size });
    if (frames.length !== indices.length) throw damaged(file, `episode ${episode.index} of ${key}: decoded ${frames.length} of the ${indices.length} frames wanted`, `from_timestamp ${from}, length ${episode.length}`);
    images.push(...frames.map((f) => f.image));
    groups.push(...frames.map(() => `episode ${episode.index}`));
    progress(frames.length);
  }
  return { images, groups };
}

/** Rows (global frame indices) of the chosen frames, by data file. */
function rowsByDataFile(info: LeRobotInfo, rows: Iterable<[EpisodeRow, number]>): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const [episode, frame] of rows) {
    const file = formatPath(info.dataPath, episode.data);
    const list = out.get(file);
    if (list) list.push(episode.from + frame);
    else out.set(file, [episode.from + frame]);
  }
  return out;
}

/** Share of no-return pixels of each chosen frame's depth PNG (uint16 millimetres, 0 = no return). */
async function depthRatios(dir: string, info: LeRobotInfo, episodes: EpisodeRow[], chosen: Map<number, number[]>, key: string): Promise<number[]> {
  const pairs: [EpisodeRow, number][] = [...chosen].flatMap(([e, indices]) => indices.map((i): [EpisodeRow, number] => [episodes[e]!, i]));
  const ratios = new Map<number, number>();
  for (const [rel, rows] of rowsByDataFile(info, pairs)) {
    const file = join(dir, rel);
    const table = await readParquetColumns(file, ['index', key]);
    const wanted = new Set(rows);
    const index = table.getChild('index')!;
    const cells = table.getChild(key)!;
    for (let i = 0; i < table.numRows; i++) {
      const row = Number(index.get(i));
      if (!wanted.has(row)) continue;
      const cell = cells.get(i) as { bytes?: Uint8Array } | null;
      if (!cell?.bytes) throw damaged(file, `row ${i}: column "${key}" has no image bytes`);
      try {
        ratios.set(row, depthHoleRatio(decodePng16(cell.bytes).data));
      } catch (error) {
        throw damaged(file, `row ${i}: column "${key}" is not a 16-bit depth PNG`, (error as Error).message);
      }
    }
  }
  return pairs.map(([episode, frame]) => ratios.get(episode.from + frame)!).filter((r) => r !== undefined);
}

/** `observation.state` and `action` rows (at most MAX_VECTOR_ROWS each, evenly spaced over all frames). */
async function readVectors(dir: string, info: LeRobotInfo, episodes: EpisodeRow[]): Promise<{ states: VectorInput | null; actions: VectorInput | null }> {
  const features = [STATE_FEATURE, ACTION_FEATURE].map((name) => info.features.find((f) => f.name === name && f.dtype === 'float32' && f.shape.length === 1));
  const present = features.filter((f) => f !== undefined);
  if (present.length === 0) return { states: null, actions: null };
  const rows = new Set(evenlySpaced(info.totalFrames, MAX_VECTOR_ROWS));
  const pairs: [EpisodeRow, number][] = [];
  for (const e of episodes) for (let i = 0; i < e.length; i++) if (rows.has(e.from + i)) pairs.push([e, i]);
  const values = present.map(() => new Map<number, Float32Array>());
  for (const [rel, wanted] of rowsByDataFile(info, pairs)) {
    const table = await readParquetColumns(join(dir, rel), ['index', ...present.map((f) => f.name)]);
    const set = new Set(wanted);
    const index = table.getChild('index')!;
    present.forEach((f, k) => {
      const column = table.getChild(f.name)!;
      for (let i = 0; i < table.numRows; i++) {
        const row = Number(index.get(i));
        if (set.has(row)) values[k]!.set(row, (column.get(i) as { toArray(): Float32Array }).toArray());
      }
    });
  }
  const vector = (k: number): VectorInput => {
    const f = present[k]!;
    const dims = f.shape[0]!;
    const ordered = [...values[k]!.keys()].sort((a, b) => a - b);
    const data = new Float64Array(ordered.length * dims);
    ordered.forEach((row, i) => data.set(values[k]!.get(row)!, i * dims));
    return { names: f.names && f.names.length === dims ? f.names : null, rows: { rows: ordered.length, cols: dims, data } };
  };
  return {
    states: features[0] ? vector(present.indexOf(features[0])) : null,
    actions: features[1] ? vector(present.indexOf(features[1])) : null,
  };
}
