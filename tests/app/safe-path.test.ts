/**
 * File access under a chosen folder (main/bridge/safe-path.ts): "../",
 * absolute paths, NUL bytes and symbolic links that lead out are refused;
 * plain relative paths resolve inside the folder.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isInside, relativePathProblem, resolveInside, resolveInsideReal } from '../../main/bridge/safe-path';
import { realpathOrUndefined } from '../../main/electron/handlers';

describe('relative paths', () => {
  it.each([
    ['', /empty/],
    ['../secret.txt', /"\.\." segment/],
    ['data/../../secret.txt', /"\.\." segment/],
    ['data/..', /"\.\." segment/],
    ['./data.parquet', /"\." segment/],
    ['/etc/passwd', /absolute/],
    ['C:/Windows/win.ini', /drive letter/],
    ['data\\..\\..\\x', /backslash/],
    ['\\\\server\\share', /backslash/],
    ['data/file\0.parquet', /NUL/],
    ['data/\nfile', /control character/],
    ['data//file', /empty segment/],
    ['data/', /empty segment/],
    ['a'.repeat(1025), /longer than 1024/],
  ])('refuses %j', (relative, reason) => {
    expect(relativePathProblem(relative)).toMatch(reason);
    const result = resolveInside('/data/out', relative);
    expect(result.ok).toBe(false);
  });

  it.each(['meta/info.json', 'data/chunk-000/file-000.parquet', 'videos/observation.images.front/chunk-000/file-000.mp4', '..hidden', 'a..b'])(
    'accepts %j inside the folder',
    (relative) => {
      const result = resolveInside('/data/out', relative);
      expect(result).toEqual({ ok: true, path: path.join('/data/out', ...relative.split('/')) });
    },
  );

  it('refuses a folder that is not absolute', () => {
    expect(resolveInside('out', 'a.txt')).toEqual({ ok: false, reason: 'the folder "out" is not an absolute path' });
  });

  it('tells inside from outside, including prefixes that are not parents', () => {
    expect(isInside('/data/out', '/data/out/a')).toBe(true);
    expect(isInside('/data/out', '/data/out')).toBe(false);
    expect(isInside('/data/out', '/data/outside/a')).toBe(false);
    expect(isInside('/data/out', '/data')).toBe(false);
  });
});

describe('symbolic links', () => {
  let base: string;
  let root: string;

  beforeAll(() => {
    base = mkdtempSync(path.join(tmpdir(), 'safe-path-'));
    root = path.join(base, 'chosen');
    mkdirSync(path.join(root, 'data'), { recursive: true });
    mkdirSync(path.join(base, 'elsewhere'));
    writeFileSync(path.join(base, 'elsewhere', 'secret.txt'), 'secret');
    symlinkSync(path.join(base, 'elsewhere'), path.join(root, 'escape'));
    symlinkSync(path.join(base, 'elsewhere', 'secret.txt'), path.join(root, 'data', 'secret-link.txt'));
    symlinkSync(path.join(root, 'data'), path.join(root, 'alias'));
  });

  afterAll(() => rmSync(base, { recursive: true, force: true }));

  it('refuses a path through a linked folder that leads out', () => {
    const result = resolveInsideReal(root, 'escape/new/file.parquet', realpathOrUndefined);
    expect(result).toEqual({ ok: false, reason: 'the path leads outside the folder through a symbolic link: "escape/new/file.parquet"' });
  });

  it('refuses a file that is a link to a file outside', () => {
    expect(resolveInsideReal(root, 'data/secret-link.txt', realpathOrUndefined).ok).toBe(false);
  });

  it('accepts new files, and links that stay inside the folder', () => {
    expect(resolveInsideReal(root, 'data/new/dir/file.parquet', realpathOrUndefined)).toEqual({ ok: true, path: path.join(root, 'data/new/dir/file.parquet') });
    expect(resolveInsideReal(root, 'alias/file.parquet', realpathOrUndefined)).toEqual({ ok: true, path: path.join(root, 'data/file.parquet') });
  });

  it('refuses a folder that does not exist', () => {
    expect(resolveInsideReal(path.join(base, 'missing'), 'a.txt', realpathOrUndefined)).toEqual({ ok: false, reason: `the folder "${path.join(base, 'missing')}" does not exist` });
  });
});
