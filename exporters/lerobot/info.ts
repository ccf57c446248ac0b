/**
 * `meta/info.json`, with the fields and field order of LeRobot's
 * `DatasetInfo.to_dict()`, written as its `write_json` does
 * (`json.dump(indent=4, ensure_ascii=False)`).
 */
import type { SceneDoc } from '../../scenes/schema/scene';
import { infoFeatures, videoFeatures, type FeatureSpec } from './features';
import { CODEBASE_VERSION, DEFAULT_DATA_PATH, DEFAULT_VIDEO_PATH } from './layout';
import { PyFloat, pyJsonDumps, type PyJson } from './python-json';

export interface InfoFields {
  /** Frames per second of every feature. */
  fps: number;
  features: readonly FeatureSpec[];
  totalEpisodes: number;
  totalFrames: number;
  totalTasks: number;
  chunksSize: number;
  /** Mebibytes. */
  dataFilesSizeInMb: number;
  /** Mebibytes. */
  videoFilesSizeInMb: number;
  robotType: string | null;
}

/** The text of `meta/info.json`. */
export function infoJson(fields: InfoFields): string {
  const info: { [key: string]: PyJson } = {
    codebase_version: CODEBASE_VERSION,
    fps: fields.fps,
    features: infoFeatures([...fields.features]),
    total_episodes: fields.totalEpisodes,
    total_frames: fields.totalFrames,
    total_tasks: fields.totalTasks,
    chunks_size: fields.chunksSize,
    data_files_size_in_mb: sizeValue(fields.dataFilesSizeInMb),
    video_files_size_in_mb: sizeValue(fields.videoFilesSizeInMb),
    data_path: DEFAULT_DATA_PATH,
    video_path: videoFeatures([...fields.features]).length > 0 ? DEFAULT_VIDEO_PATH : null,
    robot_type: fields.robotType,
    // LeRobot starts with no splits and sets "train" once an episode is saved.
    splits: fields.totalEpisodes > 0 ? { train: `0:${fields.totalEpisodes}` } : {},
  };
  return pyJsonDumps(info, { indent: 4 });
}

/** LeRobot's sizes are ints; a fractional size (small test files) stays a float. */
function sizeValue(mb: number): PyJson {
  return Number.isInteger(mb) ? mb : new PyFloat(mb);
}

/** The type of the robot that performs the task ("parallel-gripper", "diff-drive"), or null if absent. */
export function robotTypeOf(scene: SceneDoc): string | null {
  return scene.robots.find((r) => r.id === scene.task.robot)?.type ?? null;
}
