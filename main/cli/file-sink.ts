/**
 * A Sink on the local file system. Files are written under a temporary name
 * in the same folder and renamed into place, so a crash never leaves a
 * half-written file under its real name.
 */
import { mkdir, open, readFile, rename, rm, writeFile, type FileHandle } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { FileWriter, LocalFile, Sink } from '../../exporters/sink';

export class FileSink implements Sink {
  readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  /** Absolute path of a sink path; refuses paths that leave the root. */
  resolvePath(path: string): string {
    const full = resolve(this.root, path);
    if (full !== this.root && !full.startsWith(this.root + sep)) throw new Error(`path "${path}" leaves the output folder`);
    return full;
  }

  private tempPath(full: string): string {
    return join(dirname(full), `.${full.slice(dirname(full).length + 1)}.partial`);
  }

  async writeFile(path: string, data: Uint8Array | string): Promise<void> {
    const full = this.resolvePath(path);
    await mkdir(dirname(full), { recursive: true });
    const temp = this.tempPath(full);
    await writeFile(temp, data);
    await rename(temp, full);
  }

  async openWriter(path: string): Promise<FileWriter> {
    const full = this.resolvePath(path);
    await mkdir(dirname(full), { recursive: true });
    const temp = this.tempPath(full);
    const handle: FileHandle = await open(temp, 'w');
    let closed = false;
    const close = async () => {
      if (!closed) {
        closed = true;
        await handle.close();
      }
    };
    return {
      write: async (chunk) => {
        await handle.write(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
      },
      commit: async () => {
        await handle.sync();
        await close();
        await rename(temp, full);
      },
      abort: async () => {
        await close();
        await rm(temp, { force: true });
      },
    };
  }

  /**
   * A temporary file beside `path` (same folder, so the rename is atomic) for
   * libraries that write files themselves (HDF5); `commit()` syncs it to
   * disk and renames it into place, `abort()` removes it.
   */
  async openLocalFile(path: string): Promise<LocalFile> {
    const full = this.resolvePath(path);
    await mkdir(dirname(full), { recursive: true });
    const temp = this.tempPath(full);
    await rm(temp, { force: true });
    let settled = false;
    return {
      path: temp,
      commit: async () => {
        if (settled) throw new Error(`local file "${path}" was already committed or aborted`);
        const handle = await open(temp, 'r+');
        try {
          await handle.sync();
        } finally {
          await handle.close();
        }
        await rename(temp, full);
        settled = true;
      },
      abort: async () => {
        if (settled) return;
        settled = true;
        await rm(temp, { force: true });
      },
    };
  }

  async readFile(path: string): Promise<Uint8Array | undefined> {
    try {
      return new Uint8Array(await readFile(this.resolvePath(path)));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async remove(path: string): Promise<void> {
    await rm(this.resolvePath(path), { force: true });
  }
}
