/**
 * The `jsonl` format: one JSON object per line per episode, in episode
 * order, channels as number arrays, with the task string. Simple to read
 * from any language; the dataset formats (LeRobot, robomimic) are for
 * trainers. Output is a pure function of the records.
 */
import type { DatasetWriter, DatasetWriterFactory } from './dataset-writer';
import type { EpisodeRecord } from './episode';

export const EPISODES_FILE = 'episodes.jsonl';

/** Serialises one record as a single JSON line (float32 values printed exactly; NaN/Infinity metrics as null). */
export function recordToJsonLine(record: EpisodeRecord, task?: string): string {
  const channels: Record<string, { names: string[]; data: number[] }> = {};
  for (const [name, channel] of Object.entries(record.channels)) {
    channels[name] = { names: channel.names, data: Array.from(channel.data) };
  }
  const metrics: Record<string, number | null> = {};
  for (const [k, v] of Object.entries(record.metrics)) metrics[k] = Number.isFinite(v) ? v : null;
  const { poses: _poses, ...rest } = record; // pose tracks are for rendering, not part of this format
  return JSON.stringify({ ...rest, ...(task === undefined ? {} : { taskText: task }), metrics, channels }) + '\n';
}

export const createJsonlWriter: DatasetWriterFactory = async (sink) => {
  const file = await sink.openWriter(EPISODES_FILE);
  const writer: DatasetWriter = {
    addEpisode: (record, task) => file.write(recordToJsonLine(record, task)),
    finalize: () => file.commit(),
    abort: () => file.abort(),
  };
  return writer;
};
