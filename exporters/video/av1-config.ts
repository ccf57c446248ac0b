/**
 * The AV1 decoder configuration record (`av1C`, AV1 Codec ISO Media File
 * Format Binding, section 2.3) built from a key frame's sequence header OBU.
 * Chromium's WebCodecs AV1 encoder reports no `description`, and an MP4
 * needs one; like FFmpeg, the record carries the sequence header itself as
 * its `configOBUs`.
 */

/** OBU types (AV1 specification, section 6.2.2). */
export const OBU_SEQUENCE_HEADER = 1;
export const OBU_TEMPORAL_DELIMITER = 2;

/** One OBU of a temporal unit: its type and where it lies in the packet (header and payload). */
export interface ObuSpan {
  type: number;
  /** Byte offset of the OBU header. */
  start: number;
  /** Byte offset just past the payload. */
  end: number;
  /** Byte offset of the payload. */
  payloadStart: number;
}

/** The OBUs of an AV1 temporal unit in low-overhead bitstream format (every OBU has a size field). */
export function av1Obus(packet: Uint8Array): ObuSpan[] {
  const obus: ObuSpan[] = [];
  let pos = 0;
  while (pos < packet.length) {
    const start = pos;
    const header = packet[pos++]!;
    if (header & 0x80) throw new Error(`AV1 OBU at byte ${start}: forbidden bit set`);
    const type = (header >> 3) & 0x0f;
    if (header & 0x04) pos++; // extension header
    if (!(header & 0x02)) throw new Error(`AV1 OBU at byte ${start} has no size field (not a low-overhead bitstream)`);
    let size = 0;
    for (let i = 0; ; i++) {
      if (pos >= packet.length || i === 8) throw new Error(`AV1 OBU at byte ${start}: truncated size`);
      const byte = packet[pos++]!;
      size += (byte & 0x7f) * 2 ** (7 * i);
      if (!(byte & 0x80)) break;
    }
    const end = pos + size;
    if (end > packet.length) throw new Error(`AV1 OBU at byte ${start}: size ${size} runs past the packet (${packet.length} bytes)`);
    obus.push({ type, start, end, payloadStart: pos });
    pos = end;
  }
  return obus;
}

/** The fields of a sequence header that `av1C` repeats. */
export interface Av1SequenceInfo {
  seqProfile: number;
  seqLevelIdx0: number;
  seqTier0: number;
  highBitdepth: number;
  twelveBit: number;
  monochrome: number;
  chromaSubsamplingX: number;
  chromaSubsamplingY: number;
  chromaSamplePosition: number;
  /** 1 when the samples use the full range (0..255 for 8 bits). */
  colorRange: number;
}

class BitReader {
  private bit = 0;
  constructor(private readonly bytes: Uint8Array) {}

  read(n: number): number {
    let value = 0;
    for (let i = 0; i < n; i++) {
      const byte = this.bytes[this.bit >> 3];
      if (byte === undefined) throw new Error('AV1 sequence header is truncated');
      value = value * 2 + ((byte >> (7 - (this.bit & 7))) & 1);
      this.bit++;
    }
    return value;
  }

  /** uvlc() of the AV1 specification (section 4.10.3). */
  skipUvlc(): void {
    let leadingZeros = 0;
    while (this.read(1) === 0) {
      if (++leadingZeros >= 32) return;
    }
    this.read(leadingZeros);
  }
}

/** Parses a sequence header OBU payload (AV1 specification, section 5.5). */
export function parseSequenceHeader(payload: Uint8Array): Av1SequenceInfo {
  const r = new BitReader(payload);
  const seqProfile = r.read(3);
  r.read(1); // still_picture
  const reducedStillPictureHeader = r.read(1);
  let seqLevelIdx0 = 0;
  let seqTier0 = 0;
  if (reducedStillPictureHeader) {
    seqLevelIdx0 = r.read(5);
  } else {
    let decoderModelInfoPresent = 0;
    let bufferDelayLength = 0;
    if (r.read(1)) {
      // timing_info()
      r.read(32);
      r.read(32);
      if (r.read(1)) r.skipUvlc();
      decoderModelInfoPresent = r.read(1);
      if (decoderModelInfoPresent) {
        bufferDelayLength = r.read(5) + 1;
        r.read(32);
        r.read(5);
        r.read(5);
      }
    }
    const initialDisplayDelayPresent = r.read(1);
    const operatingPoints = r.read(5) + 1;
    for (let i = 0; i < operatingPoints; i++) {
      r.read(12); // operating_point_idc
      const level = r.read(5);
      const tier = level > 7 ? r.read(1) : 0;
      if (i === 0) {
        seqLevelIdx0 = level;
        seqTier0 = tier;
      }
      if (decoderModelInfoPresent && r.read(1)) {
        r.read(bufferDelayLength);
        r.read(bufferDelayLength);
        r.read(1);
      }
      if (initialDisplayDelayPresent && r.read(1)) r.read(4);
    }
  }
  const widthBits = r.read(4) + 1;
  const heightBits = r.read(4) + 1;
  r.read(widthBits);
  r.read(heightBits);
  if (!reducedStillPictureHeader && r.read(1)) {
    r.read(4); // delta_frame_id_length_minus_2
    r.read(3); // additional_frame_id_length_minus_1
  }
  r.read(3); // use_128x128_superblock, enable_filter_intra, enable_intra_edge_filter
  if (!reducedStillPictureHeader) {
    r.read(4); // enable_interintra_compound, enable_masked_compound, enable_warped_motion, enable_dual_filter
    const enableOrderHint = r.read(1);
    if (enableOrderHint) r.read(2); // enable_jnt_comp, enable_ref_frame_mvs
    const forceScreenContentTools = r.read(1) ? 2 : r.read(1);
    if (forceScreenContentTools > 0 && !r.read(1)) r.read(1); // seq_choose_integer_mv, seq_force_integer_mv
    if (enableOrderHint) r.read(3);
  }
  r.read(3); // enable_superres, enable_cdef, enable_restoration
  // color_config()
  const highBitdepth = r.read(1);
  const twelveBit = seqProfile === 2 && highBitdepth ? r.read(1) : 0;
  const monochrome = seqProfile === 1 ? 0 : r.read(1);
  let primaries = 2;
  let transfer = 2;
  let matrix = 2;
  if (r.read(1)) {
    primaries = r.read(8);
    transfer = r.read(8);
    matrix = r.read(8);
  }
  let colorRange: number;
  let chromaSubsamplingX = 1;
  let chromaSubsamplingY = 1;
  let chromaSamplePosition = 0;
  if (monochrome) {
    colorRange = r.read(1);
  } else if (primaries === 1 && transfer === 13 && matrix === 0) {
    colorRange = 1;
    chromaSubsamplingX = 0;
    chromaSubsamplingY = 0;
  } else {
    colorRange = r.read(1);
    if (seqProfile === 1) {
      chromaSubsamplingX = 0;
      chromaSubsamplingY = 0;
    } else if (seqProfile === 2) {
      if (twelveBit) {
        chromaSubsamplingX = r.read(1);
        chromaSubsamplingY = chromaSubsamplingX ? r.read(1) : 0;
      } else {
        chromaSubsamplingY = 0;
      }
    }
    if (chromaSubsamplingX && chromaSubsamplingY) chromaSamplePosition = r.read(2);
  }
  return {
    seqProfile, seqLevelIdx0, seqTier0, highBitdepth, twelveBit, monochrome,
    chromaSubsamplingX, chromaSubsamplingY, chromaSamplePosition, colorRange,
  };
}

/** The sequence header OBU (header and payload) of a key frame's temporal unit, or undefined when it has none. */
export function findSequenceHeader(packet: Uint8Array): { obu: Uint8Array; info: Av1SequenceInfo } | undefined {
  const span = av1Obus(packet).find((o) => o.type === OBU_SEQUENCE_HEADER);
  if (!span) return undefined;
  return { obu: packet.slice(span.start, span.end), info: parseSequenceHeader(packet.subarray(span.payloadStart, span.end)) };
}

/** The `av1C` payload for a stream whose first key frame is `keyFrame`. */
export function av1ConfigurationRecord(keyFrame: Uint8Array): Uint8Array {
  const found = findSequenceHeader(keyFrame);
  if (!found) throw new Error('the first AV1 key frame carries no sequence header OBU');
  const { obu, info } = found;
  const out = new Uint8Array(4 + obu.length);
  out[0] = 0x81; // marker 1, version 1
  out[1] = (info.seqProfile << 5) | info.seqLevelIdx0;
  out[2] = (info.seqTier0 << 7) | (info.highBitdepth << 6) | (info.twelveBit << 5) | (info.monochrome << 4)
    | (info.chromaSubsamplingX << 3) | (info.chromaSubsamplingY << 2) | info.chromaSamplePosition;
  out[3] = 0; // no initial_presentation_delay
  out.set(obu, 4);
  return out;
}

/**
 * The packet without temporal delimiter OBUs, which AV1-in-ISOBMFF samples
 * should not carry (binding section 2.4). Returns `packet` itself when it has none.
 */
export function stripTemporalDelimiters(packet: Uint8Array): Uint8Array {
  const obus = av1Obus(packet);
  const kept = obus.filter((o) => o.type !== OBU_TEMPORAL_DELIMITER);
  if (kept.length === obus.length) return packet;
  const out = new Uint8Array(kept.reduce((n, o) => n + o.end - o.start, 0));
  let offset = 0;
  for (const o of kept) {
    out.set(packet.subarray(o.start, o.end), offset);
    offset += o.end - o.start;
  }
  return out;
}
