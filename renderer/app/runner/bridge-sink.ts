/**
 * The window's Sink: files go through the host's bridge into the folder
 * the user chose (main checks every path; the web host too). A streamed
 * file is held until `commit()` and then written whole, so it appears
 * whole or not at all. Local files (HDF5 needs random access) live in
 * h5wasm's in-memory file system until committed.
 */
import type { StudioBridge } from '../../../main/bridge/contract';
import type { FileWriter, LocalFile, Sink } from '../../../exporters/sink';

/** Largest single file the window writes in one piece, bytes (the bridge's own limit is larger). */
const MAX_BUFFERED_FILE = 512 * 1024 * 1024;

type H5wasmFs = { FS: { readFile(path: string): Uint8Array; unlink(path: string): void; analyzePath(path: string): { exists: boolean } } };

let localFiles = 0;

/** A sink writing into the chosen folder `token` through `host`, counting what it wrote. */
export class BridgeSink implements Sink {
  /** Bytes of every file written and still there, by path. */
  readonly written = new Map<string, number>();
  private readonly encoder = new TextEncoder();

  constructor(
    private readonly host: StudioBridge,
    private readonly token: string,
  ) {}

  async writeFile(path: string, data: Uint8Array | string): Promise<void> {
    const bytes = typeof data === 'string' ? this.encoder.encode(data) : data;
    await this.host.writeDatasetFile(this.token, path, bytes);
    this.written.set(path, bytes.byteLength);
  }

  async openWriter(path: string): Promise<FileWriter> {
    let chunks: Uint8Array[] = [];
    let size = 0;
    return {
      write: async (chunk) => {
        const bytes = typeof chunk === 'string' ? this.encoder.encode(chunk) : chunk.slice();
        size += bytes.byteLength;
        if (size > MAX_BUFFERED_FILE) throw new Error(`${path} grew past ${MAX_BUFFERED_FILE} bytes, more than the window writes in one piece; export it from the CLI`);
        chunks.push(bytes);
      },
      commit: async () => {
        const whole = new Uint8Array(size);
        let offset = 0;
        for (const c of chunks) {
          whole.set(c, offset);
          offset += c.byteLength;
        }
        chunks = [];
        await this.writeFile(path, whole);
      },
      abort: async () => {
        chunks = [];
      },
    };
  }

  /** Nothing is read back: window exports always start afresh. */
  async readFile(): Promise<Uint8Array | undefined> {
    return undefined;
  }

  async remove(path: string): Promise<void> {
    await this.host.removeDatasetFile(this.token, path);
    this.written.delete(path);
  }

  /** A file in h5wasm's in-memory file system; commit() copies it into the folder. */
  async openLocalFile(path: string): Promise<LocalFile> {
    const h5 = (await import('h5wasm')) as unknown as H5wasmFs & { ready: Promise<unknown> };
    await h5.ready;
    const local = `/studio-export-${++localFiles}.tmp`;
    const drop = (): void => {
      if (h5.FS.analyzePath(local).exists) h5.FS.unlink(local);
    };
    return {
      path: local,
      commit: async () => {
        const bytes = h5.FS.readFile(local);
        drop();
        await this.writeFile(path, bytes);
      },
      abort: async () => drop(),
    };
  }
}
