/** Which format a dataset folder holds, by the file each format writes. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { EPISODES_FILE } from '../../../exporters/episodes-jsonl';
import { INFO_PATH } from '../../../exporters/lerobot/layout';
import { ROBOMIMIC_FILE } from '../../../exporters/robomimic';
import type { DatasetFormat } from './summary';

/** The file that identifies each format, relative to the dataset folder. */
export const FORMAT_FILES: Record<DatasetFormat, string> = {
  lerobot: INFO_PATH,
  robomimic: ROBOMIMIC_FILE,
  jsonl: EPISODES_FILE,
};

/**
 * meta/info.json (or a meta/ or data/ folder without it) -> LeRobot v3;
 * robomimic.hdf5 -> robomimic; episodes.jsonl -> jsonl; else undefined.
 */
export function detectFormat(dir: string): DatasetFormat | undefined {
  if (existsSync(join(dir, INFO_PATH)) || existsSync(join(dir, 'meta')) || existsSync(join(dir, 'data'))) return 'lerobot';
  if (existsSync(join(dir, ROBOMIMIC_FILE))) return 'robomimic';
  if (existsSync(join(dir, EPISODES_FILE))) return 'jsonl';
  return undefined;
}
