/**
 * Structural diffs of JSON documents, the currency of the undo history:
 * a change names one location by its path and holds the value before and
 * after (`undefined` = absent). Applying a diff copies only the containers
 * on the changed paths, so unchanged subtrees keep their identity.
 */

/** A location in a JSON document: object keys and array indices. */
export type Path = readonly (string | number)[];

/** One changed location. `before`/`after` are `undefined` where the location is absent. */
export interface Change {
  readonly path: Path;
  readonly before: unknown;
  readonly after: unknown;
}

/** Changes in the order they were made; revert them in reverse order. */
export type Diff = readonly Change[];

type Container = Record<string | number, unknown>;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The leaf-level changes that turn `before` into `after`. Arrays are compared
 * element by element; a longer array adds elements at its end, a shorter one
 * removes them from its end (last first), so every change stays applicable.
 */
export function diffValues(before: unknown, after: unknown, path: Path = []): Change[] {
  const out: Change[] = [];
  collect(before, after, path, out);
  return out;
}

function collect(a: unknown, b: unknown, path: Path, out: Change[]): void {
  if (a === b) return;
  if (Array.isArray(a) && Array.isArray(b)) {
    const common = Math.min(a.length, b.length);
    for (let i = 0; i < common; i++) collect(a[i], b[i], [...path, i], out);
    for (let i = common; i < b.length; i++) out.push({ path: [...path, i], before: undefined, after: b[i] });
    for (let i = a.length - 1; i >= common; i--) out.push({ path: [...path, i], before: a[i], after: undefined });
    return;
  }
  if (isObject(a) && isObject(b)) {
    for (const key of Object.keys(a)) {
      if (a[key] === undefined) continue;
      if (b[key] === undefined) out.push({ path: [...path, key], before: a[key], after: undefined });
      else collect(a[key], b[key], [...path, key], out);
    }
    for (const key of Object.keys(b)) {
      if (b[key] !== undefined && a[key] === undefined) out.push({ path: [...path, key], before: undefined, after: b[key] });
    }
    return;
  }
  if (!jsonEqual(a, b)) out.push({ path, before: a, after: b });
}

/** Deep equality of JSON values (`undefined` properties count as absent). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]));
  if (isObject(a) && isObject(b)) {
    const keysA = Object.keys(a).filter((k) => a[k] !== undefined);
    const keysB = Object.keys(b).filter((k) => b[k] !== undefined);
    return keysA.length === keysB.length && keysA.every((k) => jsonEqual(a[k], b[k]));
  }
  return false;
}

/**
 * Applies `diff` to `root` forwards (`'after'`) or reverts it (`'before'`,
 * in reverse order) and returns the new root; `root` is not modified.
 */
export function applyDiff<T>(root: T, diff: Diff, direction: 'after' | 'before'): T {
  const fresh = new WeakSet<object>();
  let out: unknown = root;
  const ordered = direction === 'after' ? diff : [...diff].reverse();
  for (const change of ordered) out = setIn(out, change.path, 0, change[direction], fresh);
  return out as T;
}

function setIn(node: unknown, path: Path, depth: number, value: unknown, fresh: WeakSet<object>): unknown {
  if (depth === path.length) return value;
  if (typeof node !== 'object' || node === null) {
    throw new Error(`diff does not fit the document: nothing to descend into at /${path.slice(0, depth).join('/')}`);
  }
  const copy = (fresh.has(node) ? node : Array.isArray(node) ? [...node] : { ...node }) as Container;
  fresh.add(copy);
  const key = path[depth] as string | number;
  if (depth === path.length - 1 && value === undefined) {
    if (Array.isArray(copy)) copy.splice(Number(key), 1);
    else delete copy[key];
  } else {
    copy[key] = setIn(copy[key], path, depth + 1, value, fresh);
  }
  return copy;
}

/**
 * One diff with the effect of `diffs` applied in turn. Repeated changes of
 * one location collapse to its first `before` and last `after` unless a
 * change of an enclosing or enclosed location came between; changes that
 * end where they began are dropped.
 */
export function squashDiffs(diffs: readonly Diff[]): Diff {
  const kept: { path: Path; before: unknown; after: unknown }[] = [];
  let latest = new Map<string, number>();
  for (const diff of diffs) {
    for (const change of diff) {
      const key = pathKey(change.path);
      const index = latest.get(key);
      if (index !== undefined) {
        (kept[index] as { after: unknown }).after = change.after;
        continue;
      }
      if (kept.some((k) => overlaps(k.path, change.path))) latest = new Map();
      latest.set(key, kept.length);
      kept.push({ path: change.path, before: change.before, after: change.after });
    }
  }
  return kept.filter((c) => !jsonEqual(c.before, c.after));
}

function pathKey(path: Path): string {
  return JSON.stringify(path);
}

/** One path encloses the other (and they differ). */
function overlaps(a: Path, b: Path): boolean {
  if (a.length === b.length) return false;
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  return short.every((segment, i) => segment === long[i]);
}
