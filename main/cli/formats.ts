/** The dataset formats `generate --format` offers. */
import type { DatasetWriterFactory } from '../../exporters/dataset-writer';
import { createJsonlWriter } from '../../exporters/episodes-jsonl';
import { createRobomimicWriter } from '../../exporters/robomimic';

export const FORMATS: Readonly<Record<string, { writer: DatasetWriterFactory; description: string }>> = {
  robomimic: { writer: createRobomimicWriter, description: 'robomimic.hdf5: robomimic HDF5 (data/demo_N, obs, next_obs, masks)' },
  jsonl: { writer: createJsonlWriter, description: 'episodes.jsonl: one JSON object per episode (any language reads it)' },
};

export const DEFAULT_FORMAT = 'jsonl';
