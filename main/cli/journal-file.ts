/** The episode journal as a file on disk (append-only; see exporters/journal.ts). */
import { appendFile, mkdir, readFile, rm, truncate } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { JournalStore } from '../../workers/pipeline/run-job';

export function fileJournal(path: string): JournalStore {
  return {
    async read() {
      try {
        return new Uint8Array(await readFile(path));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
    truncate: (bytes) => truncate(path, bytes),
    async append(frame) {
      await mkdir(dirname(path), { recursive: true });
      await appendFile(path, frame);
    },
    remove: () => rm(path, { force: true }),
  };
}
