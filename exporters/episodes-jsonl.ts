/**
 * The interim episode format (until the dataset exporters land): one JSON
 * object per line per episode, in episode order, channels as number arrays.
 * Output is a pure function of the records: no times, hosts or worker counts.
 */
import type { EpisodeRecord } from './episode';
import type { FileWriter, Sink } from './sink';

export const EPISODES_FILE = 'episodes.jsonl';

/** Serialises one record as a single JSON line (float32 values printed exactly). */
export function recordToJsonLine(record: EpisodeRecord): string {
  const channels: Record<string, { names: string[]; data: number[] }> = {};
  for (const [name, channel] of Object.entries(record.channels)) {
    channels[name] = { names: channel.names, data: Array.from(channel.data) };
  }
  return JSON.stringify({ ...record, metrics: finiteOrNull(record.metrics), channels }) + '\n';
}

/** JSON has no NaN or Infinity: write them as null. */
function finiteOrNull(metrics: Record<string, number>): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const [k, v] of Object.entries(metrics)) out[k] = Number.isFinite(v) ? v : null;
  return out;
}

/** Streams records into `episodes.jsonl`; the file appears only on `finish()`. */
export class EpisodesJsonlWriter {
  private constructor(private readonly writer: FileWriter) {}

  static async open(sink: Sink): Promise<EpisodesJsonlWriter> {
    return new EpisodesJsonlWriter(await sink.openWriter(EPISODES_FILE));
  }

  write(record: EpisodeRecord): Promise<void> {
    return this.writer.write(recordToJsonLine(record));
  }

  finish(): Promise<void> {
    return this.writer.commit();
  }

  abort(): Promise<void> {
    return this.writer.abort();
  }
}
