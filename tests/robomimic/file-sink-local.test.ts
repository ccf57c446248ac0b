/** FileSink.openLocalFile: a temporary file on disk that a library writes and the sink renames into place. */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileSink } from '../../main/cli/file-sink';
import { tempFolder } from './builders';

const folder = tempFolder('file-sink-local-');
afterAll(() => folder.cleanup());

describe('FileSink.openLocalFile', () => {
  it('gives a temporary path in the target\'s folder and renames it into place on commit', async () => {
    const sink = new FileSink(folder.dir);
    const local = await sink.openLocalFile('nested/dir/data.hdf5');
    expect(dirname(local.path)).toBe(join(folder.dir, 'nested', 'dir'));
    writeFileSync(local.path, 'written by a library');
    expect(existsSync(join(folder.dir, 'nested/dir/data.hdf5'))).toBe(false);
    await local.commit();
    expect(readdirSync(join(folder.dir, 'nested/dir'))).toEqual(['data.hdf5']);
    expect(readFileSync(join(folder.dir, 'nested/dir/data.hdf5'), 'utf8')).toBe('written by a library');
    await expect(local.commit()).rejects.toThrow('local file "nested/dir/data.hdf5" was already committed or aborted');
  });

  it('removes the temporary file on abort and keeps the file already there', async () => {
    const sink = new FileSink(folder.dir);
    await sink.writeFile('kept.hdf5', 'old');
    const local = await sink.openLocalFile('kept.hdf5');
    writeFileSync(local.path, 'new');
    await local.abort();
    await local.abort();
    expect(existsSync(local.path)).toBe(false);
    expect(readFileSync(join(folder.dir, 'kept.hdf5'), 'utf8')).toBe('old');
    await expect(local.commit()).rejects.toThrow('already committed or aborted');
  });

  it('refuses paths that leave the output folder', async () => {
    await expect(new FileSink(folder.dir).openLocalFile('../outside.hdf5')).rejects.toThrow('path "../outside.hdf5" leaves the output folder');
  });
});
