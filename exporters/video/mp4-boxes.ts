/**
 * The ISO base media file format (ISO/IEC 14496-12) boxes of a single-track
 * video MP4: `ftyp`, `mdat` headers and the `moov` with its sample tables.
 * No creation or modification times (all zero), no encoder tag, nothing
 * that is not a function of the samples.
 */
import type { VideoCodecName, VideoColorSpaceDescription } from './encoded-video';

/** A growable big-endian byte buffer with nested boxes. */
export class BoxWriter {
  private bytes = new Uint8Array(1024);
  private view = new DataView(this.bytes.buffer);
  private length = 0;

  private reserve(n: number): number {
    const at = this.length;
    if (at + n > this.bytes.length) {
      const grown = new Uint8Array(Math.max(this.bytes.length * 2, at + n));
      grown.set(this.bytes.subarray(0, at));
      this.bytes = grown;
      this.view = new DataView(grown.buffer);
    }
    this.length += n;
    return at;
  }

  u8(v: number): this {
    const at = this.reserve(1);
    this.view.setUint8(at, v);
    return this;
  }
  u16(v: number): this {
    const at = this.reserve(2);
    this.view.setUint16(at, v);
    return this;
  }
  i16(v: number): this {
    const at = this.reserve(2);
    this.view.setInt16(at, v);
    return this;
  }
  u32(v: number): this {
    const at = this.reserve(4);
    this.view.setUint32(at, v);
    return this;
  }
  u64(v: number): this {
    if (!Number.isSafeInteger(v) || v < 0) throw new Error(`not a 64-bit box field: ${v}`);
    this.u32(Math.floor(v / 2 ** 32));
    return this.u32(v % 2 ** 32);
  }
  /** `count` zero bytes. */
  zeros(count: number): this {
    this.reserve(count); // new space is zero: the buffer only grows and is never reused
    return this;
  }
  fourcc(code: string): this {
    if (code.length !== 4) throw new Error(`four-character code expected, got "${code}"`);
    for (let i = 0; i < 4; i++) this.u8(code.charCodeAt(i));
    return this;
  }
  raw(data: Uint8Array): this {
    const at = this.reserve(data.length);
    this.bytes.set(data, at);
    return this;
  }

  /** A box: 32-bit size, type, then what `body` writes. */
  box(type: string, body: (w: this) => void): this {
    const start = this.reserve(4);
    this.fourcc(type);
    body(this);
    this.view.setUint32(start, this.length - start);
    return this;
  }

  /** A full box: a box whose body starts with version (8 bits) and flags (24 bits). */
  fullBox(type: string, version: number, flags: number, body: (w: this) => void): this {
    return this.box(type, (w) => {
      w.u32(((version & 0xff) << 24 | (flags & 0xffffff)) >>> 0);
      body(w);
    });
  }

  finish(): Uint8Array {
    return this.bytes.slice(0, this.length);
  }
}

/** The `ftyp` box: ISO base media with the codec's brand, as FFmpeg's MP4 muxer writes it. */
export function ftypBox(codec: VideoCodecName): Uint8Array {
  const brands = ['isom', 'iso2', codec === 'h264' ? 'avc1' : 'av01', 'mp41'];
  return new BoxWriter()
    .box('ftyp', (w) => {
      w.fourcc('isom').u32(0x200);
      for (const b of brands) w.fourcc(b);
    })
    .finish();
}

/** The header of an `mdat` box holding `payloadBytes` bytes (64-bit size when needed). */
export function mdatHeader(payloadBytes: number): Uint8Array {
  const w = new BoxWriter();
  if (payloadBytes + 8 < 2 ** 32) w.u32(payloadBytes + 8).fourcc('mdat');
  else w.u32(1).fourcc('mdat').u64(payloadBytes + 16);
  return w.finish();
}

/** What the `moov` box describes. */
export interface TrackTables {
  codecName: VideoCodecName;
  width: number;
  height: number;
  /** Media timescale: ticks per second. */
  timescale: number;
  /** Ticks per frame (every frame lasts the same). */
  frameTicks: number;
  /** The decoder configuration record (`avcC` or `av1C` payload). */
  description: Uint8Array;
  colorSpace: VideoColorSpaceDescription | null;
  /** Byte size of every sample, in order. */
  sampleSizes: ArrayLike<number>;
  /** 1-based numbers of the sync samples, ascending. */
  syncSamples: ArrayLike<number>;
  /** Chunks in file order: the absolute byte offset of the first sample and how many samples follow it. */
  chunks: { offset: number; samples: number }[];
}

const UNITY_MATRIX = [0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000];

// ISO/IEC 23091-2 code points for the WebCodecs colour names.
const PRIMARIES: Record<string, number> = { bt709: 1, bt470bg: 5, smpte170m: 6, bt2020: 9, smpte432: 12 };
const TRANSFER: Record<string, number> = { bt709: 1, smpte170m: 6, linear: 8, 'iec61966-2-1': 13, pq: 16, hlg: 18 };
const MATRIX: Record<string, number> = { rgb: 0, bt709: 1, bt470bg: 5, smpte170m: 6, 'bt2020-ncl': 9 };
const UNSPECIFIED = 2;

/** The `moov` box of one video track with these sample tables. */
export function moovBox(t: TrackTables): Uint8Array {
  const samples = t.sampleSizes.length;
  const duration = samples * t.frameTicks;
  const long = duration >= 2 ** 32;
  const version = long ? 1 : 0;
  const time = (w: BoxWriter, v: number) => (long ? w.u64(v) : w.u32(v));
  const w = new BoxWriter();
  w.box('moov', (w) => {
    w.fullBox('mvhd', version, 0, (w) => {
      time(w, 0); // creation_time
      time(w, 0); // modification_time
      w.u32(t.timescale);
      time(w, duration);
      w.u32(0x00010000).u16(0x0100).zeros(10); // rate 1.0, volume 1.0, reserved
      for (const m of UNITY_MATRIX) w.u32(m);
      w.zeros(24).u32(2); // pre_defined, next_track_ID
    });
    w.box('trak', (w) => {
      w.fullBox('tkhd', version, 0x3, (w) => {
        // flags: track_enabled | track_in_movie
        time(w, 0);
        time(w, 0);
        w.u32(1).u32(0); // track_ID, reserved
        time(w, duration); // in the movie timescale, which is the media timescale
        w.zeros(8).u16(0).u16(0).u16(0).u16(0); // reserved, layer, alternate_group, volume, reserved
        for (const m of UNITY_MATRIX) w.u32(m);
        w.u32(t.width * 0x10000).u32(t.height * 0x10000);
      });
      w.box('mdia', (w) => {
        w.fullBox('mdhd', version, 0, (w) => {
          time(w, 0);
          time(w, 0);
          w.u32(t.timescale);
          time(w, duration);
          w.u16(0x55c4).u16(0); // language "und", pre_defined
        });
        w.fullBox('hdlr', 0, 0, (w) => {
          w.u32(0).fourcc('vide').zeros(12).raw(new TextEncoder().encode('VideoHandler\0'));
        });
        w.box('minf', (w) => {
          w.fullBox('vmhd', 0, 1, (w) => w.zeros(8));
          w.box('dinf', (w) => w.fullBox('dref', 0, 0, (w) => w.u32(1).fullBox('url ', 0, 1, () => undefined)));
          stblBox(w, t);
        });
      });
    });
  });
  return w.finish();
}

/** `moovBox(t).length`, computed from the table lengths without building the box. */
export function moovByteLength(t: TrackTables): number {
  const samples = t.sampleSizes.length;
  const long = samples * t.frameTicks >= 2 ** 32;
  const empty: TrackTables = { ...t, sampleSizes: [], syncSamples: [], chunks: [] };
  let size = moovBox(empty).length;
  if (long) size += 3 * 12; // 64-bit times in mvhd, tkhd and mdhd
  if (samples > 0) size += 8; // the stts entry
  if (t.syncSamples.length !== samples) size += 16 + 4 * t.syncSamples.length;
  let runs = 0;
  t.chunks.forEach((c, i) => {
    if (i === 0 || t.chunks[i - 1]!.samples !== c.samples) runs++;
  });
  size += 12 * runs + 4 * samples;
  size += (t.chunks.some((c) => c.offset >= 2 ** 32) ? 8 : 4) * t.chunks.length;
  return size;
}

function stblBox(w: BoxWriter, t: TrackTables): void {
  w.box('stbl', (w) => {
    w.fullBox('stsd', 0, 0, (w) => {
      w.u32(1);
      sampleEntry(w, t);
    });
    w.fullBox('stts', 0, 0, (w) => {
      if (t.sampleSizes.length === 0) w.u32(0);
      else w.u32(1).u32(t.sampleSizes.length).u32(t.frameTicks);
    });
    if (t.syncSamples.length !== t.sampleSizes.length) {
      // Absent stss means every sample is a sync sample.
      w.fullBox('stss', 0, 0, (w) => {
        w.u32(t.syncSamples.length);
        for (let i = 0; i < t.syncSamples.length; i++) w.u32(t.syncSamples[i]!);
      });
    }
    w.fullBox('stsc', 0, 0, (w) => {
      const runs: [firstChunk: number, samples: number][] = [];
      t.chunks.forEach((c, i) => {
        if (runs.at(-1)?.[1] !== c.samples) runs.push([i + 1, c.samples]);
      });
      w.u32(runs.length);
      for (const [first, samples] of runs) w.u32(first).u32(samples).u32(1);
    });
    w.fullBox('stsz', 0, 0, (w) => {
      w.u32(0).u32(t.sampleSizes.length);
      for (let i = 0; i < t.sampleSizes.length; i++) w.u32(t.sampleSizes[i]!);
    });
    const wide = t.chunks.some((c) => c.offset >= 2 ** 32);
    w.fullBox(wide ? 'co64' : 'stco', 0, 0, (w) => {
      w.u32(t.chunks.length);
      for (const c of t.chunks) {
        if (wide) w.u64(c.offset);
        else w.u32(c.offset);
      }
    });
  });
}

function sampleEntry(w: BoxWriter, t: TrackTables): void {
  const h264 = t.codecName === 'h264';
  w.box(h264 ? 'avc1' : 'av01', (w) => {
    w.zeros(6).u16(1); // reserved, data_reference_index
    w.zeros(16); // pre_defined, reserved, pre_defined[3]
    w.u16(t.width).u16(t.height);
    w.u32(0x00480000).u32(0x00480000).u32(0).u16(1); // 72 dpi, reserved, frame_count
    w.zeros(32); // compressorname: empty
    w.u16(0x0018).i16(-1); // depth, pre_defined
    w.box(h264 ? 'avcC' : 'av1C', (w) => w.raw(t.description));
    if (t.colorSpace) {
      const c = t.colorSpace;
      w.box('colr', (w) => {
        w.fourcc('nclx');
        w.u16(PRIMARIES[c.primaries ?? ''] ?? UNSPECIFIED);
        w.u16(TRANSFER[c.transfer ?? ''] ?? UNSPECIFIED);
        w.u16(MATRIX[c.matrix ?? ''] ?? UNSPECIFIED);
        w.u8(c.fullRange ? 0x80 : 0);
      });
    }
  });
}
