/**
 * A series of Parquet files `…/chunk-XXX/file-XXX.parquet` that rolls over
 * to the next file when the current one would reach its size limit. Sizes
 * are the uncompressed bytes of the values placed in the file, which is
 * what LeRobot's aggregation measures (`get_parquet_file_size_in_mb`) and,
 * unlike the encoded size, is known the moment a row is placed: the split
 * points depend on the data alone, never on when the encoder flushed.
 */
import type { Sink } from '../sink';
import { FIRST_FILE, formatPath, nextChunkFile, type ChunkFile } from './layout';
import { ParquetStreamWriter, type ParquetWriteSettings } from './parquet-stream';
import type * as parquet from 'parquet-wasm';

interface OpenFile {
  path: string;
  abort: () => Promise<void>;
  commit: () => Promise<void>;
  stream: ParquetStreamWriter;
}

export class ParquetFileSeries {
  private at: ChunkFile = FIRST_FILE;
  private bytesInFile = 0;
  private itemsInFile = 0;
  private open: Promise<OpenFile> | undefined;
  /** Files made visible so far (removed again by `abort`). */
  readonly committed: string[] = [];
  /** Encoded bytes of the committed files. */
  encodedBytes = 0;

  constructor(
    private readonly sink: Sink,
    /** Path template with {chunk_index:03d} and {file_index:03d}. */
    private readonly template: string,
    private readonly chunksSize: number,
    /** Roll over before a file would hold this many uncompressed bytes. */
    private readonly limitBytes: number,
    private readonly settings: ParquetWriteSettings,
  ) {}

  /** Whether placing an item of `bytes` starts a new file (LeRobot's rule: a non-empty file plus the item reaches the limit). */
  wouldRoll(bytes: number): boolean {
    return this.itemsInFile > 0 && this.bytesInFile + bytes >= this.limitBytes;
  }

  /**
   * Reserves room for an item (an episode's frames, an episodes-metadata
   * row) and says which file it belongs to; a rollover commits the current
   * file first, so write what belongs to it before placing the next item.
   */
  async place(bytes: number): Promise<ChunkFile> {
    if (this.wouldRoll(bytes)) {
      await this.commitCurrent();
      this.at = nextChunkFile(this.at, this.chunksSize);
      this.bytesInFile = 0;
      this.itemsInFile = 0;
    }
    this.bytesInFile += bytes;
    this.itemsInFile++;
    return { ...this.at };
  }

  /** Appends a batch to the current file, opening it on first use; ownership of the batch passes on. */
  async write(batch: parquet.RecordBatch): Promise<void> {
    let file: OpenFile;
    try {
      file = await (this.open ??= this.openCurrent());
    } catch (error) {
      batch.free();
      throw error;
    }
    await file.stream.write(batch);
  }

  /** Finishes and commits the current file, if one is open. */
  async close(): Promise<void> {
    await this.commitCurrent();
  }

  /** Drops the open file and removes the committed ones. */
  async abort(): Promise<void> {
    const open = this.open;
    this.open = undefined;
    if (open) {
      const file = await open.catch(() => undefined);
      if (file) {
        await file.stream.abort();
        await file.abort();
      }
    }
    for (const path of this.committed.splice(0)) await this.sink.remove(path);
  }

  private async openCurrent(): Promise<OpenFile> {
    const path = formatPath(this.template, this.at);
    const writer = await this.sink.openWriter(path);
    return {
      path,
      abort: () => writer.abort(),
      commit: () => writer.commit(),
      stream: new ParquetStreamWriter(writer, this.settings),
    };
  }

  private async commitCurrent(): Promise<void> {
    const open = this.open;
    if (!open) return;
    this.open = undefined;
    const file = await open;
    try {
      await file.stream.close();
    } catch (error) {
      await file.abort();
      throw error;
    }
    await file.commit();
    this.committed.push(file.path);
    this.encodedBytes += file.stream.bytesWritten;
  }
}
