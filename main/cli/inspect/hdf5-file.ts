/**
 * Opens an HDF5 file for reading with h5wasm. HDF5 prints its error stack on
 * stderr by default; here its errors are turned into exceptions (h5wasm's
 * throwing error handler) and reported as one line: a damaged dataset.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { loadH5wasm } from '../../../exporters/robomimic/hdf5';
import { CliError } from '../exit-codes';
import { fileSize, isFile } from './files';
import { damaged } from './summary';

export type H5wasm = Awaited<ReturnType<typeof loadH5wasm>>;
export type H5File = InstanceType<H5wasm['File']>;

/** The HDF5 format signature; it sits at byte 0 or at 512, 1024, 2048, ... after a user block. */
const SIGNATURE = Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Opens `file` read-only; a missing, non-HDF5 or truncated file is a damaged dataset. */
export async function openHdf5(file: string): Promise<{ h5: H5wasm; file: H5File }> {
  if (!isFile(file)) throw damaged(file, 'missing');
  const bytes = fileSize(file);
  if (!hasSignature(file, bytes)) throw damaged(file, 'not an HDF5 file', `no HDF5 signature; ${bytes} bytes`);
  const h5 = await loadH5wasm();
  h5.Module.activate_throwing_error_handler();
  try {
    return { h5, file: new h5.File(file, 'r') };
  } catch (error) {
    throw damaged(file, 'HDF5 cannot open it', `${hdf5Reason(error)}; ${bytes} bytes`);
  }
}

/** Runs `read`; an HDF5 error inside it is a damaged dataset naming `file` and `what` was read. */
export function hdf5Call<T>(file: string, what: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw damaged(file, `HDF5 cannot read ${what}`, hdf5Reason(error));
  }
}

function hasSignature(file: string, bytes: number): boolean {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(SIGNATURE.length);
    for (let at = 0; at + SIGNATURE.length <= bytes; at = at === 0 ? 512 : at * 2) {
      if (readSync(fd, buffer, 0, SIGNATURE.length, at) === SIGNATURE.length && buffer.equals(SIGNATURE)) return true;
    }
    return false;
  } finally {
    closeSync(fd);
  }
}

/**
 * The innermost cause of an HDF5 error stack, e.g. "truncated file: eof =
 * 100000, sblock->base_addr = 0, stored_eof = 208420".
 */
function hdf5Reason(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const causes = [...text.matchAll(/#\d+: .* in [\w.]+\(\): (.*)$/gm)].map((m) => m[1]!.trim());
  return causes.at(-1) ?? text.split('\n')[0]!.trim();
}
