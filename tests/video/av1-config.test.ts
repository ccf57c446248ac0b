/** The AV1 decoder configuration record built from a key frame, on a sequence header Chromium's encoder wrote. */
import { describe, expect, it } from 'vitest';
import {
  OBU_SEQUENCE_HEADER, OBU_TEMPORAL_DELIMITER, av1ConfigurationRecord, av1Obus, findSequenceHeader, stripTemporalDelimiters,
} from '../../exporters/video/av1-config';

/** The sequence header OBU of Chromium's AV1 encoder at 256x256 (profile 0, level 2.0, 8-bit 4:2:0, full range). */
const SEQUENCE_HEADER = Buffer.from('0a0d00000003bffff8034404340610', 'hex');
const TEMPORAL_DELIMITER = [0x12, 0x00];
const FRAME = [0x32, 0x03, 0xaa, 0xbb, 0xcc]; // OBU_FRAME, 3 payload bytes

describe('AV1 configuration', () => {
  const keyFrame = Uint8Array.from([...TEMPORAL_DELIMITER, ...SEQUENCE_HEADER, ...FRAME]);

  it('splits a temporal unit into its OBUs', () => {
    expect(av1Obus(keyFrame).map((o) => o.type)).toEqual([OBU_TEMPORAL_DELIMITER, OBU_SEQUENCE_HEADER, 6]);
    expect(() => av1Obus(Uint8Array.from([0x32, 0x09, 0x00]))).toThrow(/runs past/);
  });

  it('drops temporal delimiters, which MP4 samples do not carry', () => {
    expect([...stripTemporalDelimiters(keyFrame)]).toEqual([...SEQUENCE_HEADER, ...FRAME]);
    const bare = Uint8Array.from(FRAME);
    expect(stripTemporalDelimiters(bare)).toBe(bare);
  });

  it('reads the sequence header fields av1C repeats', () => {
    expect(findSequenceHeader(keyFrame)?.info).toEqual({
      seqProfile: 0, seqLevelIdx0: 0, seqTier0: 0, highBitdepth: 0, twelveBit: 0, monochrome: 0,
      chromaSubsamplingX: 1, chromaSubsamplingY: 1, chromaSamplePosition: 0, colorRange: 1,
    });
  });

  it('builds av1C: marker and version, profile and level, colour format, then the sequence header OBU', () => {
    expect(Buffer.from(av1ConfigurationRecord(keyFrame)).toString('hex')).toBe(`81000c00${SEQUENCE_HEADER.toString('hex')}`);
    expect(() => av1ConfigurationRecord(Uint8Array.from(FRAME))).toThrow(/no sequence header/);
  });
});
