/**
 * JSON pointers (RFC 6901) into scene documents, with one extension: in an
 * array of objects that have an `id`, a segment may name the element by id
 * (`/bodies/mug/pose`). Ids start with a letter, so they never read as indices.
 */

export type PointerLookup =
  | { ok: true; value: unknown }
  | { ok: false; failedAt: string; reason: string };

/** Splits "/a/b~1c" into ["a", "b/c"]. The empty pointer "" is the root. */
export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Joins segments into a pointer string, escaping "~" and "/". */
export function formatPointer(segments: readonly (string | number)[]): string {
  return segments.map((s) => '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

/** Resolves one segment against a container; undefined when absent. */
function step(container: unknown, segment: string): { found: boolean; key: string | number; value: unknown } {
  if (Array.isArray(container)) {
    if (/^(0|[1-9][0-9]*)$/.test(segment)) {
      const index = Number(segment);
      return { found: index < container.length, key: index, value: container[index] };
    }
    const index = container.findIndex((e) => typeof e === 'object' && e !== null && (e as { id?: unknown }).id === segment);
    return { found: index >= 0, key: index, value: container[index] };
  }
  if (typeof container === 'object' && container !== null && Object.prototype.hasOwnProperty.call(container, segment)) {
    return { found: true, key: segment, value: (container as Record<string, unknown>)[segment] };
  }
  return { found: false, key: segment, value: undefined };
}

/** Reads the value a pointer names. */
export function getAt(root: unknown, pointer: string): PointerLookup {
  let current = root;
  const walked: string[] = [];
  for (const segment of parsePointer(pointer)) {
    const next = step(current, segment);
    if (!next.found) {
      const where = walked.length ? formatPointer(walked) : 'the document root';
      const reason = Array.isArray(current)
        ? `no element "${segment}" in the array at ${where} (use an index below ${current.length} or an id)`
        : typeof current === 'object' && current !== null
          ? `no field "${segment}" at ${where}`
          : `${where} is a ${typeof current}, not an object or array`;
      return { ok: false, failedAt: formatPointer([...walked, segment]), reason };
    }
    walked.push(segment);
    current = next.value;
  }
  return { ok: true, value: current };
}

/**
 * The pointer with every id segment replaced by its array index, so two
 * pointers to one location compare equal; undefined when it does not resolve.
 */
export function canonicalPointer(root: unknown, pointer: string): string | undefined {
  let current = root;
  const keys: (string | number)[] = [];
  for (const segment of parsePointer(pointer)) {
    const next = step(current, segment);
    if (!next.found) return undefined;
    keys.push(next.key);
    current = next.value;
  }
  return formatPointer(keys);
}

/**
 * Writes `value` at an existing location, mutating `root`. Throws when the
 * location does not exist: callers check with `getAt` first.
 */
export function setAt(root: unknown, pointer: string, value: unknown): void {
  const segments = parsePointer(pointer);
  if (segments.length === 0) throw new Error('cannot replace the document root');
  let current = root;
  for (let i = 0; i < segments.length; i++) {
    const next = step(current, segments[i] as string);
    if (!next.found) throw new Error(`pointer ${pointer} does not resolve at segment ${i}`);
    if (i === segments.length - 1) {
      (current as Record<string | number, unknown>)[next.key] = value;
      return;
    }
    current = next.value;
  }
}
