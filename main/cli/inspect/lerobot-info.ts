/** `meta/info.json` of a LeRobot v3.0 dataset, checked field by field. */
import { CODEBASE_VERSION } from '../../../exporters/lerobot/layout';
import { field, isNonNegativeInt, isObject, isPositiveNumber, isString, objectField, readJsonFile, show, type JsonObject } from './files';
import { damaged, type FeatureSummary } from './summary';

export interface LeRobotInfo {
  /** Frames per second. */
  fps: number;
  features: FeatureSummary[];
  /** Keys of the features stored as video. */
  videoKeys: string[];
  totalEpisodes: number;
  totalFrames: number;
  totalTasks: number;
  chunksSize: number;
  /** Template of the data files, e.g. `data/chunk-{chunk_index:03d}/file-{file_index:03d}.parquet`. */
  dataPath: string;
  /** Template of the video files, or null when there are no video features. */
  videoPath: string | null;
  robotType: string | null;
}

const isShape = (v: unknown): v is number[] => Array.isArray(v) && v.every(isNonNegativeInt);

/** Reads and checks `file` (meta/info.json). */
export function readInfo(file: string): LeRobotInfo {
  const info = readJsonFile(file);
  if (!isObject(info)) throw damaged(file, 'expected a JSON object', `got ${show(info)}`);
  const version = field(file, info, 'codebase_version', 'a string', isString);
  if (version !== CODEBASE_VERSION) throw damaged(file, `field "codebase_version": expected "${CODEBASE_VERSION}", the LeRobot version this reader knows`, `got ${show(version)}`);
  const features = Object.entries(objectField(file, info, 'features')).map(([name, spec]) => featureOf(file, name, spec));
  const videoKeys = features.filter((f) => f.dtype === 'video').map((f) => f.name);
  const videoPath = info.video_path ?? null;
  if (videoKeys.length && !isString(videoPath)) throw damaged(file, 'field "video_path": expected a path template for the video features', `got ${show(info.video_path)}; video features: ${videoKeys.join(', ')}`);
  const robotType = info.robot_type ?? null;
  if (robotType !== null && !isString(robotType)) throw damaged(file, 'field "robot_type": expected a string or null', `got ${show(robotType)}`);
  return {
    fps: field(file, info, 'fps', 'a positive number', isPositiveNumber),
    features,
    videoKeys,
    totalEpisodes: field(file, info, 'total_episodes', 'a non-negative integer', isNonNegativeInt),
    totalFrames: field(file, info, 'total_frames', 'a non-negative integer', isNonNegativeInt),
    totalTasks: field(file, info, 'total_tasks', 'a non-negative integer', isNonNegativeInt),
    chunksSize: field(file, info, 'chunks_size', 'a positive integer', (v): v is number => isNonNegativeInt(v) && v > 0),
    dataPath: field(file, info, 'data_path', 'a path template', isString),
    videoPath: isString(videoPath) ? videoPath : null,
    robotType,
  };
}

/** One entry of "features": `{dtype, shape, names}`; names may be a list, null, or a dict of lists (LeRobot allows all three). */
function featureOf(file: string, name: string, spec: unknown): FeatureSummary {
  const at = `features.${name}`;
  if (!isObject(spec)) throw damaged(file, `field "${at}": expected an object`, `got ${show(spec)}`);
  const entry: JsonObject = spec;
  return {
    name,
    dtype: field(file, entry, 'dtype', 'a string', isString, `${at}.dtype`),
    shape: field(file, entry, 'shape', 'a list of sizes', isShape, `${at}.shape`),
    names: namesOf(entry.names),
  };
}

function namesOf(names: unknown): string[] | null {
  if (Array.isArray(names)) return names.map(String);
  if (isObject(names)) return Object.values(names).flatMap((v) => (Array.isArray(v) ? v.map(String) : [String(v)]));
  return null;
}
