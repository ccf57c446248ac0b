/**
 * Where exporters write. Each runtime supplies one: files on disk (main/),
 * Blob/OPFS in the window (renderer/), memory in tests. Paths are relative,
 * with forward slashes ("data/chunk-000/file-000.parquet").
 *
 * Contract: a file written with `writeFile`, a committed `FileWriter` or a
 * committed `LocalFile` appears whole or not at all (atomic); an aborted
 * writer leaves nothing.
 */
import { concatBytes } from './bytes';

export interface Sink {
  /** Writes a whole file atomically, replacing any file of that name. */
  writeFile(path: string, data: Uint8Array | string): Promise<void>;
  /** Opens a file to stream into; it becomes visible only on `commit()`. */
  openWriter(path: string): Promise<FileWriter>;
  /** Reads a whole file, or undefined when absent (used to resume). */
  readFile(path: string): Promise<Uint8Array | undefined>;
  /** Removes a file if present. */
  remove(path: string): Promise<void>;
  /**
   * Optional: opens a file on the local disk for a library that needs random
   * access (HDF5 seeks and rewrites its headers, so a stream cannot carry it).
   * The library writes `LocalFile.path`; the file appears under `path` only on
   * `commit()`. Sinks without a file system (the window's Blob/OPFS sinks,
   * memory sinks) do not offer it, and formats that need it refuse such sinks.
   */
  openLocalFile?(path: string): Promise<LocalFile>;
}

/** A temporary file on the local disk that becomes a sink file on `commit()`. */
export interface LocalFile {
  /** Absolute path of the temporary file, for a library to open and write. */
  readonly path: string;
  /** Makes the file visible under its sink path (atomic rename); the library must have closed it. */
  commit(): Promise<void>;
  /** Removes the temporary file; the sink path is left as it was. */
  abort(): Promise<void>;
}

export interface FileWriter {
  write(chunk: Uint8Array | string): Promise<void>;
  /** Makes the file visible under its name (atomic rename). */
  commit(): Promise<void>;
  /** Drops everything written. */
  abort(): Promise<void>;
}

/** A Sink held in memory, for tests and for the window's previews (no `openLocalFile`). */
export class MemorySink implements Sink {
  readonly files = new Map<string, Uint8Array>();
  private readonly encoder = new TextEncoder();

  async writeFile(path: string, data: Uint8Array | string): Promise<void> {
    this.files.set(path, typeof data === 'string' ? this.encoder.encode(data) : data.slice());
  }

  async openWriter(path: string): Promise<FileWriter> {
    const chunks: Uint8Array[] = [];
    return {
      write: async (chunk) => {
        chunks.push(typeof chunk === 'string' ? this.encoder.encode(chunk) : chunk.slice());
      },
      commit: async () => {
        this.files.set(path, concatBytes(chunks));
      },
      abort: async () => {
        chunks.length = 0;
      },
    };
  }

  async readFile(path: string): Promise<Uint8Array | undefined> {
    return this.files.get(path)?.slice();
  }

  async remove(path: string): Promise<void> {
    this.files.delete(path);
  }

  /** A file's contents as text (tests). */
  text(path: string): string | undefined {
    const bytes = this.files.get(path);
    return bytes && new TextDecoder().decode(bytes);
  }
}
