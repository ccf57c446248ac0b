/**
 * The episode journal: every finished episode record, appended in episode
 * order as one self-checking binary frame. A killed job leaves a journal
 * whose last frame may be torn; `decodeJournal` keeps the intact prefix, so
 * `generate --resume` replays those records into fresh writers and runs only
 * the episodes still missing. Writers are pure functions of the record
 * sequence, so the resumed dataset is byte-identical to an uninterrupted one.
 *
 * Frame layout (little-endian):
 *   u32 magic "EPJ1" | u32 header bytes | u32 payload bytes | u32 CRC-32 of header+payload
 *   header: UTF-8 JSON of the record with channel data replaced by lengths
 *   payload: the channels' float32 data in header order, then the pose track's
 */
import { crc32 } from './crc32';
import type { Channel, EpisodeRecord } from './episode';

const MAGIC = 0x314a5045; // "EPJ1"
const FRAME_HEADER_BYTES = 16;

type RecordHeader = Omit<EpisodeRecord, 'channels' | 'poses'> & {
  channels: { name: string; names: string[]; length: number }[];
  poses?: { ids: string[]; length: number };
};

/** One record as one journal frame. */
export function encodeJournalFrame(record: EpisodeRecord): Uint8Array {
  const entries = Object.entries(record.channels);
  const { poses, ...rest } = record;
  const header: RecordHeader = {
    ...rest,
    metrics: Object.fromEntries(Object.entries(record.metrics).map(([k, v]) => [k, Number.isFinite(v) ? v : String(v)])) as unknown as Record<string, number>,
    channels: entries.map(([name, c]) => ({ name, names: c.names, length: c.data.length })),
    ...(poses ? { poses: { ids: poses.ids, length: poses.data.length } } : {}),
  };
  const arrays = [...entries.map(([, c]) => c.data), ...(poses ? [poses.data] : [])];
  const headerBytes = new TextEncoder().encode(JSON.stringify(header));
  const payloadBytes = arrays.reduce((n, a) => n + a.length * 4, 0);
  const frame = new Uint8Array(FRAME_HEADER_BYTES + headerBytes.length + payloadBytes);
  const view = new DataView(frame.buffer);
  frame.set(headerBytes, FRAME_HEADER_BYTES);
  let offset = FRAME_HEADER_BYTES + headerBytes.length;
  for (const a of arrays) {
    for (let i = 0; i < a.length; i++, offset += 4) view.setFloat32(offset, a[i] as number, true);
  }
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, headerBytes.length, true);
  view.setUint32(8, payloadBytes, true);
  view.setUint32(12, crc32(frame.subarray(FRAME_HEADER_BYTES)), true);
  return frame;
}

export interface DecodedJournal {
  records: EpisodeRecord[];
  /** Bytes of intact frames; anything after is a torn or damaged tail. */
  validBytes: number;
}

/** Reads the intact frames of a journal, stopping at the first torn or damaged one. */
export function decodeJournal(bytes: Uint8Array): DecodedJournal {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const records: EpisodeRecord[] = [];
  let offset = 0;
  while (offset + FRAME_HEADER_BYTES <= bytes.length) {
    if (view.getUint32(offset, true) !== MAGIC) break;
    const headerLength = view.getUint32(offset + 4, true);
    const payloadLength = view.getUint32(offset + 8, true);
    const end = offset + FRAME_HEADER_BYTES + headerLength + payloadLength;
    if (end > bytes.length) break;
    const body = bytes.subarray(offset + FRAME_HEADER_BYTES, end);
    if (crc32(body) !== view.getUint32(offset + 12, true)) break;
    records.push(decodeBody(body, headerLength));
    offset = end;
  }
  return { records, validBytes: offset };
}

function decodeBody(body: Uint8Array, headerLength: number): EpisodeRecord {
  const header = JSON.parse(new TextDecoder().decode(body.subarray(0, headerLength))) as RecordHeader;
  const view = new DataView(body.buffer, body.byteOffset + headerLength, body.byteLength - headerLength);
  let offset = 0;
  const take = (length: number): Float32Array => {
    const data = new Float32Array(length);
    for (let i = 0; i < length; i++, offset += 4) data[i] = view.getFloat32(offset, true);
    return data;
  };
  const channels: Record<string, Channel> = {};
  for (const c of header.channels) channels[c.name] = { names: c.names, data: take(c.length) };
  const metrics = Object.fromEntries(Object.entries(header.metrics).map(([k, v]) => [k, Number(v)]));
  const { poses, ...rest } = header;
  return { ...rest, metrics, channels, ...(poses ? { poses: { ids: poses.ids, data: take(poses.length) } } : {}) };
}
