/** A minimal ISO BMFF box walker for the tests: finds boxes by path and reads their fields. */

export interface Box {
  type: string;
  /** Offset of the box header. */
  start: number;
  /** Offset of the box body (after size and type, and the 64-bit size when present). */
  body: number;
  end: number;
}

/** The boxes lying one after another in `bytes[start, end)`. */
export function boxesIn(bytes: Uint8Array, start = 0, end = bytes.length): Box[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: Box[] = [];
  let pos = start;
  while (pos + 8 <= end) {
    let size = view.getUint32(pos);
    const type = String.fromCharCode(...bytes.subarray(pos + 4, pos + 8));
    let body = pos + 8;
    if (size === 1) {
      size = Number(view.getBigUint64(pos + 8));
      body += 8;
    } else if (size === 0) {
      size = end - pos;
    }
    if (size < 8 || pos + size > end) throw new Error(`box ${type} at ${pos} has a bad size ${size}`);
    out.push({ type, start: pos, body, end: pos + size });
    pos += size;
  }
  if (pos !== end) throw new Error(`${end - pos} stray bytes after the boxes at ${pos}`);
  return out;
}

/** The first box at `path` (e.g. ['moov', 'trak', 'tkhd']), or undefined. */
export function findBox(bytes: Uint8Array, path: string[]): Box | undefined {
  let start = 0;
  let end = bytes.length;
  let found: Box | undefined;
  for (const type of path) {
    found = boxesIn(bytes, start, end).find((b) => b.type === type);
    if (!found) return undefined;
    start = found.body;
    end = found.end;
  }
  return found;
}

/** Creation and modification times of a full box that starts with them (mvhd, tkhd, mdhd). */
export function boxTimes(bytes: Uint8Array, box: Box): { version: number; creation: number; modification: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = bytes[box.body]!;
  const at = box.body + 4;
  return version === 1
    ? { version, creation: Number(view.getBigUint64(at)), modification: Number(view.getBigUint64(at + 8)) }
    : { version, creation: view.getUint32(at), modification: view.getUint32(at + 4) };
}
