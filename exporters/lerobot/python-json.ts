/**
 * JSON text as Python's `json.dumps` writes it, so LeRobot's files read the
 * same as the ones it writes: floats keep a fractional part ("0.0", where
 * `JSON.stringify` writes "0" and numpy would load an integer array), and
 * the separators and indentation match `json.dump(..., indent=4)` (LeRobot's
 * `write_json`) and `json.dumps(...)` (metadata embedded in Arrow schemas).
 */

/** A number that Python holds as `float` (written "1.0", never "1"). */
export class PyFloat {
  constructor(readonly value: number) {}
}

/** A value this serializer writes. Plain numbers must be integers (Python `int`). */
export type PyJson = null | boolean | string | number | PyFloat | PyJson[] | { [key: string]: PyJson };

/** Marks each number of an array as a Python float. */
export function floats(values: ArrayLike<number>): PyFloat[] {
  return Array.from(values, (v) => new PyFloat(v));
}

export interface PyJsonOptions {
  /** Spaces per level, as `json.dump(indent=...)`; omit for one line with ", " and ": " separators. */
  indent?: number;
  /** Escape non-ASCII characters as \uXXXX (Python's default `ensure_ascii=True`). */
  ensureAscii?: boolean;
}

/** Serialises `value` as Python's json module would. Throws on NaN or infinities (not JSON). */
export function pyJsonDumps(value: PyJson, options: PyJsonOptions = {}): string {
  return write(value, options, '');
}

function write(value: PyJson, options: PyJsonOptions, indent: string): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'string') return writeString(value, options.ensureAscii ?? false);
  if (typeof value === 'number') return writeInt(value);
  if (value instanceof PyFloat) return writeFloat(value.value);
  const inner = options.indent === undefined ? '' : indent + ' '.repeat(options.indent);
  const open = options.indent === undefined ? '' : '\n' + inner;
  const close = options.indent === undefined ? '' : '\n' + indent;
  const separator = options.indent === undefined ? ', ' : ',\n' + inner;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return '[' + open + value.map((v) => write(v, options, inner)).join(separator) + close + ']';
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return '{}';
  const items = entries.map(([k, v]) => writeString(k, options.ensureAscii ?? false) + ': ' + write(v, options, inner));
  return '{' + open + items.join(separator) + close + '}';
}

function writeInt(n: number): string {
  if (!Number.isSafeInteger(n)) throw new Error(`JSON integer expected, got ${n} (wrap floats in PyFloat)`);
  return String(n);
}

/** Python's float repr parses to the same double as JavaScript's shortest form; only "1" needs its ".0". */
function writeFloat(x: number): string {
  if (!Number.isFinite(x)) throw new Error(`JSON has no ${x}; statistics must be finite`);
  if (Object.is(x, -0)) return '-0.0';
  const text = String(x);
  return /^-?\d+$/.test(text) ? text + '.0' : text;
}

function writeString(s: string, ensureAscii: boolean): string {
  const json = JSON.stringify(s);
  if (!ensureAscii) return json;
  return json.replace(/[\u007f-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}
