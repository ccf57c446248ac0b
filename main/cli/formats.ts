/** The dataset formats `generate --format` offers. */
import type { DatasetWriterFactory } from '../../exporters/dataset-writer';
import { createJsonlWriter } from '../../exporters/episodes-jsonl';

export const FORMATS: Readonly<Record<string, { writer: DatasetWriterFactory; description: string }>> = {
  jsonl: { writer: createJsonlWriter, description: 'episodes.jsonl: one JSON object per episode (any language reads it)' },
};

export const DEFAULT_FORMAT = 'jsonl';
