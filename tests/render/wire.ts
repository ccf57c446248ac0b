/**
 * Moving typed arrays between the test (Node) and the page: typed arrays
 * become { $t: constructor name, b64: base64 of their bytes }, everything
 * else stays JSON. Works in both runtimes (btoa/atob are global in Node 20).
 */

type Typed = Uint8Array | Uint16Array | Float32Array;
const KINDS = { Uint8Array, Uint16Array, Float32Array } as const;
type Kind = keyof typeof KINDS;

function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

function fromBase64(b64: string): Uint8Array {
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** Replaces every typed array in `value` by its wire form. */
export function encode(value: unknown): unknown {
  if (value instanceof Uint8Array || value instanceof Uint16Array || value instanceof Float32Array) {
    return { $t: value.constructor.name, b64: toBase64(new Uint8Array(value.buffer, value.byteOffset, value.byteLength)) };
  }
  if (Array.isArray(value)) return value.map(encode);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encode(v)]));
  return value;
}

/** Restores the typed arrays of a wire value. */
export function decode<T>(value: unknown): T {
  if (value && typeof value === 'object' && '$t' in value && 'b64' in value) {
    const { $t, b64 } = value as { $t: Kind; b64: string };
    const bytes = fromBase64(b64);
    const Ctor = KINDS[$t];
    return new Ctor(bytes.buffer as ArrayBuffer, 0, bytes.byteLength / Ctor.BYTES_PER_ELEMENT) as Typed as T;
  }
  if (Array.isArray(value)) return value.map((v) => decode(v)) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, decode(v)])) as T;
  return value as T;
}
