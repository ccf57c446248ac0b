/**
 * The file layout of a COCO export: one `annotations.json` (COCO's
 * "instances" format) beside `images/<cameraId>/<episode>_<frame>.png`,
 * episode and frame as six-digit numbers (the job's episode index, the
 * frame's index in the episode).
 */

/** The annotations file, relative to the dataset root. */
export const ANNOTATIONS_PATH = 'annotations.json';

/** Where the PNG of a camera's frame goes; also its `file_name` in annotations.json (relative to the dataset root). */
export function imagePath(cameraId: string, episodeIndex: number, frameIndex: number): string {
  return `images/${cameraId}/${pad6(episodeIndex)}_${pad6(frameIndex)}.png`;
}

/** Python's `{n:06d}`: at least six digits, more when needed. */
function pad6(n: number): string {
  return String(n).padStart(6, '0');
}
