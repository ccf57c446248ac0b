/**
 * A thin HDF5 file writer over h5wasm's Node build, which writes straight
 * to the real file system (Emscripten NODERAWFS): data goes to disk as each
 * dataset is created, and memory holds only HDF5's caches.
 *
 * Reproducible bytes: HDF5 stamps object headers with the wall-clock time
 * (h5wasm offers no switch for `H5Pset_obj_track_times`), and its wasm build
 * reads the clock through JavaScript's `Date.now`. Every call into HDF5 runs
 * with `Date.now` pinned to 0 (1970-01-01), so the same calls give the same
 * bytes. The calls are synchronous: nothing else runs while the clock is
 * pinned.
 *
 * h5wasm reports most HDF5 failures on stderr instead of throwing, so every
 * created object is looked up again and a missing one throws.
 */
import { DatasetWriteError } from '../dataset-writer';

type H5wasm = typeof import('h5wasm/node');
type H5File = InstanceType<H5wasm['File']>;

let loading: Promise<H5wasm> | undefined;

/** Loads h5wasm's Node build once (imported lazily: it needs Node's file system). */
export function loadH5wasm(): Promise<H5wasm> {
  loading ??= import('h5wasm/node').then(async (h5) => {
    await h5.ready;
    return h5;
  });
  return loading;
}

/**
 * File format bounds: 1.10 objects (compact chunk indexes, v2 object
 * headers), readable by HDF5 1.10 and later (h5py wheels ship 1.12+).
 */
export const LIBVER: ['v110', 'v110'] = ['v110', 'v110'];

/** Target size of one chunk of a compressed dataset, bytes (h5py guesses 16 KiB - 1 MiB). */
export const CHUNK_BYTES = 256 * 1024;

export type NumericArray = Float32Array | Float64Array | BigInt64Array | Uint8Array;

/** Runs one synchronous HDF5 call with the wall clock pinned to the epoch. */
export function atEpoch<T>(call: () => T): T {
  const now = Date.now;
  Date.now = () => 0;
  try {
    return call();
  } finally {
    Date.now = now;
  }
}

function dtypeOf(data: NumericArray): string {
  if (data instanceof Float32Array) return '<f';
  if (data instanceof Float64Array) return '<d';
  if (data instanceof BigInt64Array) return '<q';
  return '<B';
}

/** Chunk shape: whole rows, at most CHUNK_BYTES (at least one row), never more rows than exist. */
export function chunkShape(shape: number[], itemBytes: number): number[] {
  const rowItems = shape.slice(1).reduce((a, b) => a * b, 1);
  const rows = Math.max(1, Math.min(shape[0] ?? 1, Math.floor(CHUNK_BYTES / (rowItems * itemBytes))));
  return [rows, ...shape.slice(1)];
}

export class Hdf5Writer {
  private closed = false;

  private constructor(
    private readonly h5: H5wasm,
    private readonly file: H5File,
    readonly path: string,
    /** gzip level 1-9, or 0 for none. */
    private readonly gzipLevel: number,
  ) {}

  /** Creates (truncates) `path` on the local file system. */
  static async create(path: string, gzipLevel: number): Promise<Hdf5Writer> {
    const h5 = await loadH5wasm();
    const file = atEpoch(() => new h5.File(path, 'w', { libver: LIBVER }));
    if (file.file_id < 0n) throw new DatasetWriteError(`HDF5 could not create "${path}"`);
    return new Hdf5Writer(h5, file, path, gzipLevel);
  }

  /** Creates a group; its parent must exist. */
  group(path: string): void {
    atEpoch(() => this.file.create_group(path));
    this.expect(path, this.h5.Group);
  }

  /** A numeric dataset of `shape` (row-major `data`), gzip-compressed in row chunks when it is not empty. */
  numbers(path: string, data: NumericArray, shape: number[]): void {
    const compress = this.gzipLevel > 0 && shape.every((d) => d > 0);
    atEpoch(() =>
      this.file.create_dataset({
        name: path,
        data,
        shape,
        dtype: dtypeOf(data),
        ...(compress ? { chunks: chunkShape(shape, data.BYTES_PER_ELEMENT), compression: 'gzip' as const, compression_opts: this.gzipLevel } : {}),
      }),
    );
    this.expect(path, this.h5.Dataset);
  }

  /** A 1-D dataset of fixed-length ASCII strings, which h5py reads as numpy 'S<n>' bytes (robomimic's filter keys). */
  asciiStrings(path: string, values: string[]): void {
    const bad = values.find((v) => !/^[\x20-\x7e]*$/.test(v));
    if (bad !== undefined) throw new DatasetWriteError(`"${bad}" is not printable ASCII (writing ${path})`);
    const length = values.reduce((n, v) => Math.max(n, v.length), 1) + 1; // room for NULLTERM's terminator
    atEpoch(() => this.file.create_dataset({ name: path, data: values, shape: [values.length], dtype: `A${length}` }));
    this.expect(path, this.h5.Dataset);
  }

  /** Sets attributes of the object at `path`: strings (UTF-8), safe integers (int64), booleans (uint8 0/1). */
  attributes(path: string, values: Record<string, string | number | boolean>): void {
    const target = this.file.get(path);
    if (!(target instanceof this.h5.Group) && !(target instanceof this.h5.Dataset)) throw new DatasetWriteError(`no HDF5 object at "${path}" to set attributes on`);
    for (const [name, value] of Object.entries(values)) {
      if (typeof value === 'string') {
        atEpoch(() => target.create_attribute(name, value));
      } else if (typeof value === 'boolean') {
        atEpoch(() => target.create_attribute(name, Uint8Array.of(value ? 1 : 0), [], '<B'));
      } else {
        if (!Number.isSafeInteger(value)) throw new DatasetWriteError(`attribute ${path}@${name} must be an integer, got ${value}`);
        atEpoch(() => target.create_attribute(name, BigInt64Array.of(BigInt(value)), [], '<q'));
      }
    }
    const missing = Object.keys(values).filter((name) => !(name in target.attrs));
    if (missing.length) throw new DatasetWriteError(`HDF5 did not write attributes ${missing.join(', ')} of "${path}" in "${this.path}"`);
  }

  /** Flushes and closes the file; the bytes on disk are then complete. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    const status = atEpoch(() => this.file.close());
    if (status < 0) throw new DatasetWriteError(`HDF5 could not close "${this.path}" (status ${status})`);
  }

  private expect(path: string, kind: H5wasm['Group'] | H5wasm['Dataset']): void {
    if (!(this.file.get(path) instanceof kind)) throw new DatasetWriteError(`HDF5 did not create "${path}" in "${this.path}" (see the HDF5 messages above)`);
  }
}
