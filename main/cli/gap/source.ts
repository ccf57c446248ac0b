/**
 * Finds what a path given to `gap` is and reads it: a LeRobot v3.0 dataset
 * (a folder with meta/info.json), a robomimic file (.hdf5/.h5, or a folder
 * with robomimic.hdf5), a video file, or a folder of images and videos.
 */
import { existsSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { INFO_PATH } from '../../../exporters/lerobot/layout';
import { ROBOMIMIC_FILE } from '../../../exporters/robomimic';
import { CliError, EXIT } from '../exit-codes';
import { IMAGE_EXTENSIONS, loadFolder, loadVideo, VIDEO_EXTENSIONS } from './folder';
import { loadLeRobot } from './lerobot';
import { loadRobomimic } from './robomimic';
import type { LoadedSide, LoadOptions } from './side';

export type SourceKind = 'lerobot' | 'robomimic' | 'video' | 'images';

/** What `path` holds, by its files; refuses a missing path or a lone image. */
export function detectSource(path: string, option: string): { kind: SourceKind; file: string } {
  if (!existsSync(path)) throw new CliError(EXIT.usage, `${option} ${path}: no such file or folder`);
  if (statSync(path).isDirectory()) {
    if (existsSync(join(path, INFO_PATH))) return { kind: 'lerobot', file: path };
    if (existsSync(join(path, ROBOMIMIC_FILE))) return { kind: 'robomimic', file: join(path, ROBOMIMIC_FILE) };
    return { kind: 'images', file: path };
  }
  const ext = extname(path).toLowerCase();
  if (ext === '.hdf5' || ext === '.h5') return { kind: 'robomimic', file: path };
  if (VIDEO_EXTENSIONS.includes(ext)) return { kind: 'video', file: path };
  if (IMAGE_EXTENSIONS.includes(ext)) throw new CliError(EXIT.usage, `${option} ${path}: one image is too few; give the folder that holds the images`);
  throw new CliError(EXIT.usage, `${option} ${path}: not a dataset folder, a folder of images, a video (${VIDEO_EXTENSIONS.join(' ')}) or a robomimic .hdf5 file`);
}

/** Reads one side; `withVariations` reads a LeRobot dataset's variation streams too (the synthetic side). */
export function loadSource(path: string, option: string, options: LoadOptions, withVariations: boolean): Promise<LoadedSide> {
  const { kind, file } = detectSource(path, option);
  switch (kind) {
    case 'lerobot':
      return loadLeRobot(file, options, withVariations);
    case 'robomimic':
      return loadRobomimic(file, options);
    case 'video':
      return loadVideo(file, options);
    case 'images':
      return loadFolder(file, options);
  }
}
