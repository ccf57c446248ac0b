/**
 * A streaming writer of NumPy .npy files (format version 1.0, C order):
 * the header is written first from the known shape, then the rows are
 * appended in order. Written to `<path>.partial` and renamed on close.
 */
import { closeSync, openSync, renameSync, writeSync } from 'node:fs';

/** Element types this writer knows (NumPy descr strings, little-endian). */
export type NpyDtype = '|u1' | '<u2' | '<f4';

const BYTES: Record<NpyDtype, number> = { '|u1': 1, '<u2': 2, '<f4': 4 };

/** The .npy header bytes for `dtype` and `shape`. */
export function npyHeader(dtype: NpyDtype, shape: readonly number[]): Uint8Array {
  const dims = shape.length === 1 ? `${shape[0]},` : shape.join(', ');
  let dict = `{'descr': '${dtype}', 'fortran_order': False, 'shape': (${dims}), }`;
  const unpadded = 10 + dict.length + 1;
  dict += ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const header = new Uint8Array(10 + dict.length);
  header.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0], 0);
  header[8] = dict.length & 255;
  header[9] = dict.length >> 8;
  for (let i = 0; i < dict.length; i++) header[10 + i] = dict.charCodeAt(i);
  return header;
}

/** Appends rows to a .npy file of a known shape; close() checks the byte count and renames it into place. */
export class NpyWriter {
  private readonly fd: number;
  private written = 0;
  private readonly expected: number;

  constructor(readonly path: string, readonly dtype: NpyDtype, readonly shape: readonly number[]) {
    this.expected = shape.reduce((a, b) => a * b, 1) * BYTES[dtype];
    this.fd = openSync(`${path}.partial`, 'w');
    writeSync(this.fd, npyHeader(dtype, shape));
  }

  /** Appends the bytes of `data` (its element type must match the dtype). */
  append(data: Uint8Array | Uint16Array | Float32Array): void {
    if (data.BYTES_PER_ELEMENT !== BYTES[this.dtype]) throw new Error(`${this.path}: ${data.constructor.name} rows for dtype ${this.dtype}`);
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    writeSync(this.fd, bytes);
    this.written += bytes.length;
  }

  /** Closes the file and moves it into place; throws if fewer or more bytes than the shape were written. */
  close(): void {
    closeSync(this.fd);
    if (this.written !== this.expected) throw new Error(`${this.path}: wrote ${this.written} bytes, the shape [${this.shape.join(', ')}] needs ${this.expected}`);
    renameSync(`${this.path}.partial`, this.path);
  }
}
