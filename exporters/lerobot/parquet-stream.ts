/**
 * Streams Arrow record batches into one Parquet file through a FileWriter,
 * with parquet-wasm's `transformParquetStream`: each row group is encoded
 * and handed to the sink as soon as it fills, so a file of any size never
 * sits whole in memory. Batches move into WebAssembly memory and are owned
 * (and freed) by the Rust writer once it takes them.
 */
import * as parquet from 'parquet-wasm';
import { tableToIPC, Table as ArrowTable, type RecordBatch as ArrowRecordBatch } from 'apache-arrow';
import type { FileWriter } from '../sink';

/** How Parquet files are encoded. */
export interface ParquetWriteSettings {
  compression: 'zstd' | 'snappy';
  /**
   * Top-level columns that keep dictionary encoding (low-cardinality
   * integers); every other column, floats above all, is written without it.
   */
  dictionaryColumns: readonly string[];
  /** Rows per row group; a row group is encoded in memory until it fills. */
  maxRowGroupRows: number;
  /**
   * One Parquet key-value entry (e.g. "huggingface" or "pandas"). One at most:
   * parquet-wasm passes them through a Rust HashMap, whose order would vary.
   */
  keyValue?: readonly [string, string];
}

let ready: Promise<void> | undefined;

/**
 * Loads the WebAssembly module where that is asynchronous (the ESM build in
 * a browser or worker); Node's build is ready on import.
 */
export function parquetReady(): Promise<void> {
  ready ??= (async () => {
    const init = (parquet as unknown as { default?: unknown }).default;
    if (typeof init === 'function') await (init as () => Promise<unknown>)();
  })();
  return ready;
}

/** Builds parquet-wasm writer properties (consumed by the writer that receives them). */
export function writerProperties(settings: ParquetWriteSettings): parquet.WriterProperties {
  let builder = new parquet.WriterPropertiesBuilder()
    .setCompression(settings.compression === 'zstd' ? parquet.Compression.ZSTD : parquet.Compression.SNAPPY)
    .setDictionaryEnabled(false)
    .setMaxRowGroupSize(settings.maxRowGroupRows);
  for (const column of settings.dictionaryColumns) builder = builder.setColumnDictionaryEnabled(column, true);
  if (settings.keyValue) builder = builder.setKeyValueMetadata(new Map([[settings.keyValue[0], settings.keyValue[1]]]));
  return builder.build();
}

/** Copies an Arrow JS batch into WebAssembly memory. */
export function toWasmBatch(batch: ArrowRecordBatch): parquet.RecordBatch {
  const table = parquet.Table.fromIPCStream(tableToIPC(new ArrowTable([batch]), 'stream'));
  try {
    const batches = table.recordBatches();
    if (batches.length !== 1) {
      for (const b of batches) b.free();
      throw new Error(`expected one record batch from IPC, got ${batches.length}`);
    }
    return batches[0]!;
  } finally {
    table.free();
  }
}

/** Writes a whole table at once (small files such as meta/tasks.parquet). */
export function writeParquetBytes(batch: ArrowRecordBatch, settings: ParquetWriteSettings): Uint8Array {
  // writeParquet consumes (frees) the wasm table and the properties.
  return parquet.writeParquet(parquet.Table.fromIPCStream(tableToIPC(new ArrowTable([batch]), 'stream')), writerProperties(settings));
}

interface Pending {
  /** null closes the input stream. */
  batch: parquet.RecordBatch | null;
  taken: () => void;
  failed: (error: unknown) => void;
}

/**
 * One Parquet file being written. `write` resolves once the encoder has
 * taken the batch, which it does only after the previous one is encoded and
 * its finished row groups are handed to the FileWriter: memory holds one
 * batch, its encoded row groups, and the row group being filled.
 */
export class ParquetStreamWriter {
  private readonly queue: Pending[] = [];
  private wakePull: (() => void) | undefined;
  private pump: Promise<void> | undefined;
  private failure: { error: unknown } | undefined;
  /** The encoder has ended (or never started) and takes no more batches. */
  private encoderGone = false;
  private discard = false;
  /** Encoded bytes handed to the FileWriter so far. */
  bytesWritten = 0;

  constructor(
    private readonly file: FileWriter,
    private readonly settings: ParquetWriteSettings,
  ) {}

  /** Appends a batch (its schema must equal the first batch's). Ownership passes to the writer. */
  async write(batch: parquet.RecordBatch): Promise<void> {
    if (this.failure) {
      batch.free();
      throw this.failure.error;
    }
    const taken = this.enqueue(batch);
    this.pump ??= this.start();
    await taken;
  }

  /** Writes the footer; the FileWriter then holds a complete file (the caller commits it). */
  async close(): Promise<void> {
    if (this.pump) {
      await this.enqueue(null);
      await this.pump;
    }
    if (this.failure) throw this.failure.error;
  }

  /** Stops encoding and discards all output; the caller aborts the FileWriter. */
  async abort(): Promise<void> {
    this.discard = true;
    if (this.pump) {
      await this.enqueue(null).catch(() => undefined);
      await this.pump;
    }
  }

  private enqueue(batch: parquet.RecordBatch | null): Promise<void> {
    if (this.encoderGone) {
      batch?.free();
      return Promise.reject(this.failure?.error ?? new Error('the Parquet encoder has ended'));
    }
    const taken = new Promise<void>((resolve, reject) => this.queue.push({ batch, taken: resolve, failed: reject }));
    this.wakePull?.();
    this.wakePull = undefined;
    return taken;
  }

  private start(): Promise<void> {
    const input = new ReadableStream<parquet.RecordBatch>({ pull: (controller) => this.pull(controller) }, { highWaterMark: 0 });
    return parquet
      .transformParquetStream(input, writerProperties(this.settings))
      .then((output: ReadableStream<Uint8Array>) => this.drain(output))
      .catch((error: unknown) => this.fail(error))
      .finally(() => {
        this.encoderGone = true;
        this.rejectQueued(this.failure?.error ?? new Error('the Parquet encoder has ended'));
      });
  }

  private async pull(controller: ReadableStreamDefaultController<parquet.RecordBatch>): Promise<void> {
    while (this.queue.length === 0) await new Promise<void>((resolve) => (this.wakePull = resolve));
    const item = this.queue.shift()!;
    if (item.batch === null) controller.close();
    else controller.enqueue(item.batch);
    item.taken();
  }

  private async drain(output: ReadableStream<Uint8Array>): Promise<void> {
    const reader = output.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      if (this.discard || this.failure) continue;
      try {
        await this.file.write(value);
        this.bytesWritten += value.length;
      } catch (error) {
        this.fail(error);
      }
    }
  }

  /** Records the first failure; output is discarded from then on while the encoder runs to its end. */
  private fail(error: unknown): void {
    this.failure ??= { error };
  }

  private rejectQueued(error: unknown): void {
    for (const item of this.queue.splice(0)) {
      item.batch?.free();
      item.failed(error);
    }
  }
}
