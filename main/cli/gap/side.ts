/** What an importer returns for one side of the comparison, and the options every importer takes. */
import type { ImageSetInput, SourceInfo, VectorInput } from '../../../exporters/sim2real/report-types';
import type { Sampling } from './select';

export interface LoadedSide {
  source: SourceInfo;
  /** Frames of the chosen camera (raw renders, or the real frames). */
  raw: ImageSetInput | null;
  /** Frames of the world-model variation streams of that camera (LeRobot only). */
  variations: ImageSetInput | null;
  states: VectorInput | null;
  actions: VectorInput | null;
}

export interface LoadOptions {
  /** Analysis size: frames are resized to size x size pixels. */
  size: number;
  sampling: Sampling;
  /** Frames per clip when one video is split into groups. */
  clipFrames: number;
  /** The camera to use: a LeRobot video key or its last part ("front"), or a robomimic image obs key. */
  camera?: string;
  /** Called after each decoded file or episode with the frames decoded so far. */
  onFrames?: (frames: number) => void;
}

/** Sorts by a string key (code-unit order, the same on every machine). */
export function byName<T>(items: T[], key: (item: T) => string): T[] {
  return items.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
