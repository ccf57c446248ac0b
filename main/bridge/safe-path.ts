/**
 * Path checks for file access under a folder the user chose. Pure: Node's
 * `path` only; the symlink-aware check takes `realpath` as an argument so
 * it can be tested with any file system. A relative path is refused when
 * it is empty, absolute, holds a NUL or control character, a backslash, a
 * drive letter, or an empty, "." or ".." segment; a resolved path is
 * refused when it (or, with symlinks resolved, its deepest existing
 * ancestor) is not strictly inside the root.
 */
import path from 'node:path';

/** A checked absolute path, or the one-line reason it was refused. */
export type PathCheck = { ok: true; path: string } | { ok: false; reason: string };

/** Longest relative path accepted, characters. */
export const MAX_RELATIVE_PATH = 1024;

/** Why `relative` is not an acceptable relative path ("a/b/c.ext", forward slashes), or undefined when it is. */
export function relativePathProblem(relative: string): string | undefined {
  if (relative.length === 0) return 'the path is empty';
  if (relative.length > MAX_RELATIVE_PATH) return `the path is longer than ${MAX_RELATIVE_PATH} characters`;
  if (relative.includes('\0')) return 'the path contains a NUL byte';
  // eslint-disable-next-line no-control-regex
  if (/[\u0001-\u001f\u007f]/.test(relative)) return 'the path contains a control character';
  if (relative.includes('\\')) return 'the path contains a backslash (use "/")';
  if (relative.startsWith('/') || path.isAbsolute(relative)) return 'the path is absolute';
  if (/^[A-Za-z]:/.test(relative)) return 'the path starts with a drive letter';
  for (const segment of relative.split('/')) {
    if (segment === '') return 'the path has an empty segment ("//" or a trailing "/")';
    if (segment === '.' || segment === '..') return `the path has a "${segment}" segment`;
  }
  return undefined;
}

/** Whether `candidate` is strictly inside `root` (both absolute, normalized by path.resolve). */
export function isInside(root: string, candidate: string): boolean {
  const rel = path.relative(path.resolve(root), path.resolve(candidate));
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel);
}

/** Resolves `relative` under the absolute folder `root` without touching the disk. */
export function resolveInside(root: string, relative: string): PathCheck {
  if (!path.isAbsolute(root)) return { ok: false, reason: `the folder "${root}" is not an absolute path` };
  const problem = relativePathProblem(relative);
  if (problem) return { ok: false, reason: `${problem}: ${JSON.stringify(relative)}` };
  const resolved = path.resolve(root, ...relative.split('/'));
  if (!isInside(root, resolved)) return { ok: false, reason: `the path leaves the folder: ${JSON.stringify(relative)}` };
  return { ok: true, path: resolved };
}

/**
 * As resolveInside, and with symlinks resolved: the deepest existing
 * ancestor of the target (the target itself when it exists) must resolve
 * inside the root's real path. `realpath` returns undefined for a path that
 * does not exist. Returns the real target path.
 */
export function resolveInsideReal(root: string, relative: string, realpath: (p: string) => string | undefined): PathCheck {
  const lexical = resolveInside(root, relative);
  if (!lexical.ok) return lexical;
  const realRoot = realpath(root);
  if (realRoot === undefined) return { ok: false, reason: `the folder "${root}" does not exist` };
  const missing: string[] = [];
  let existing = lexical.path;
  let real = realpath(existing);
  while (real === undefined) {
    const parent = path.dirname(existing);
    if (parent === existing) return { ok: false, reason: `no part of the path exists: ${JSON.stringify(relative)}` };
    missing.unshift(path.basename(existing));
    existing = parent;
    real = realpath(existing);
  }
  const target = path.join(real, ...missing);
  if (!isInside(realRoot, target)) {
    return { ok: false, reason: `the path leads outside the folder through a symbolic link: ${JSON.stringify(relative)}` };
  }
  return { ok: true, path: target };
}
