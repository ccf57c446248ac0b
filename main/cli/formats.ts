/** The dataset formats `generate --format` offers. */
import type { DatasetWriterFactory } from '../../exporters/dataset-writer';
import { createCocoWriter } from '../../exporters/coco';
import { createJsonlWriter } from '../../exporters/episodes-jsonl';
import { createLeRobotWriter } from '../../exporters/lerobot';
import { createRobomimicWriter } from '../../exporters/robomimic';

export const FORMATS: Readonly<Record<string, { writer: DatasetWriterFactory; description: string }>> = {
  lerobot: { writer: createLeRobotWriter, description: 'LeRobot v3.0 (meta/info.json, meta/stats.json, meta/tasks.parquet, meta/episodes/, data/)' },
  robomimic: { writer: createRobomimicWriter, description: 'robomimic.hdf5: robomimic HDF5 (data/demo_N, obs, next_obs, masks)' },
  coco: { writer: createCocoWriter, description: 'COCO instances: images/<camera>/*.png and annotations.json (boxes, RLE masks) of every rendered frame' },
  jsonl: { writer: createJsonlWriter, description: 'episodes.jsonl: one JSON object per episode (any language reads it)' },
};

export const DEFAULT_FORMAT = 'lerobot';
