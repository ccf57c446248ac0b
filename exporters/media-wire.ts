/**
 * A compact binary form of plain data holding typed arrays (RenderedMedia,
 * render inputs) for crossing between a page and Node without JSON numbers
 * or base64: a JSON header in which each typed array is replaced by a
 * reference into a binary payload that follows it.
 *
 * Layout: "SWR1" (4 bytes), header length in bytes (uint32 little-endian),
 * header (UTF-8 JSON), zero padding to a multiple of 8, payload (each array's
 * bytes at an offset that is a multiple of 8). In the header a typed array is
 * {"$b": [kind, offset, byteLength]} and a non-finite number {"$n": "NaN" |
 * "Infinity" | "-Infinity"} (JSON has neither). Objects whose own keys
 * include "$b" or "$n" are refused. Unpacked arrays own their buffers (no
 * views into the packed bytes), so each can be transferred on its own.
 */
import { concatBytes } from './bytes';

const MAGIC = [0x53, 0x57, 0x52, 0x31]; // "SWR1"
type Kind = 'Uint8Array' | 'Uint16Array' | 'Float32Array' | 'Int32Array' | 'Float64Array';
type Typed = Uint8Array | Uint16Array | Float32Array | Int32Array | Float64Array;
const CTORS: Record<Kind, new (buffer: ArrayBuffer) => Typed> = { Uint8Array, Uint16Array, Float32Array, Int32Array, Float64Array };

function kindOf(value: unknown): Kind | undefined {
  if (value instanceof Uint8Array) return 'Uint8Array';
  if (value instanceof Uint16Array) return 'Uint16Array';
  if (value instanceof Float32Array) return 'Float32Array';
  if (value instanceof Int32Array) return 'Int32Array';
  if (value instanceof Float64Array) return 'Float64Array';
  return undefined;
}

const align8 = (n: number): number => (n + 7) & ~7;

/**
 * The packed form of `value` as consecutive parts (header, then each array's
 * bytes and padding) without copying the arrays: a page can POST
 * `new Blob(parts)` directly. Concatenated they are `packValue(value)`.
 */
export function packParts(value: unknown): Uint8Array[] {
  const arrays: Typed[] = [];
  let payload = 0;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'number') return Number.isFinite(v) ? v : { $n: String(v) };
    if (v === null || typeof v !== 'object') return v;
    const kind = kindOf(v);
    if (kind) {
      const typed = v as Typed;
      const ref = { $b: [kind, payload, typed.byteLength] };
      arrays.push(typed);
      payload = align8(payload + typed.byteLength);
      return ref;
    }
    if (ArrayBuffer.isView(v)) throw new Error(`media wire: ${v.constructor.name} is not supported`);
    if (Array.isArray(v)) return v.map(walk);
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      if (k === '$b' || k === '$n') throw new Error(`media wire: the key "${k}" is reserved`);
      if (x !== undefined) out[k] = walk(x);
    }
    return out;
  };
  const json = new TextEncoder().encode(JSON.stringify(walk(value)));
  const head = new Uint8Array(align8(8 + json.length));
  head.set(MAGIC, 0);
  new DataView(head.buffer).setUint32(4, json.length, true);
  head.set(json, 8);
  const parts: Uint8Array[] = [head];
  const zeros = new Uint8Array(8);
  for (const a of arrays) {
    parts.push(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
    const pad = align8(a.byteLength) - a.byteLength;
    if (pad) parts.push(zeros.subarray(0, pad));
  }
  return parts;
}

/** Packs `value` (JSON-like data with typed arrays and possibly non-finite numbers) into one array. */
export function packValue(value: unknown): Uint8Array {
  return concatBytes(packParts(value));
}

/** Unpacks what `packValue` made; every typed array gets its own buffer. */
export function unpackValue<T>(bytes: Uint8Array): T {
  if (bytes.length < 8 || MAGIC.some((b, i) => bytes[i] !== b)) throw new Error('media wire: not a packed value (bad magic)');
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(4, true);
  if (8 + headerLength > bytes.length) throw new Error(`media wire: header of ${headerLength} bytes runs past the ${bytes.length} bytes given`);
  const start = align8(8 + headerLength);
  const header: unknown = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)));
  const walk = (v: unknown): unknown => {
    if (v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) return v.map(walk);
    const o = v as Record<string, unknown>;
    if ('$n' in o) return Number(o.$n);
    if ('$b' in o) {
      const [kind, offset, length] = o.$b as [Kind, number, number];
      const Ctor = CTORS[kind];
      if (!Ctor) throw new Error(`media wire: unknown array kind ${String(kind)}`);
      const at = start + offset;
      if (at + length > bytes.length) throw new Error(`media wire: array of ${length} bytes at ${at} runs past the ${bytes.length} bytes given`);
      return new Ctor(bytes.slice(at, at + length).buffer);
    }
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(o)) out[k] = walk(x);
    return out;
  };
  return walk(header) as T;
}

/** The distinct buffers of every typed array inside `value`, for a transfer list. */
export function typedArrayBuffers(value: unknown): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  const walk = (v: unknown): void => {
    if (v === null || typeof v !== 'object') return;
    if (ArrayBuffer.isView(v)) {
      if (v.buffer instanceof ArrayBuffer) buffers.add(v.buffer);
      return;
    }
    for (const x of Array.isArray(v) ? v : Object.values(v)) walk(x);
  };
  walk(value);
  return [...buffers];
}
