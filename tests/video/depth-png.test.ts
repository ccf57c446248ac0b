/**
 * Depth kept lossless: metres -> uint16 millimetres -> 16-bit PNG -> the same
 * millimetres, checked with our decoder and with FFmpeg's, both ways.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodePng16, encodePng16, type Gray16Image } from '../../exporters/video/png16';
import {
  DEFAULT_MAX_DEPTH_MM, depthFeatureEntry, depthFromImageCell, depthImageCell, depthToMillimetres, millimetresToMetres,
} from '../../exporters/video/depth';
import { decodeRaw } from './ffmpeg';

const run = promisify(execFile);
const FILTERS = [0, 1, 2, 3, 4] as const;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'depth-test-'));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** A depth camera's view of a table: a tilted floor plane, two boxes, a hole with no return. */
function tableDepthMm(width: number, height: number): Uint16Array {
  const metres = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let d = 0.6 + (1.4 * (height - y)) / height + (0.05 * x) / width;
      if (x > width * 0.2 && x < width * 0.4 && y > height * 0.5 && y < height * 0.7) d = 0.71 + (0.001 * x) / width;
      if ((x - width * 0.7) ** 2 + (y - height * 0.4) ** 2 < (height * 0.1) ** 2) d = 0.95 - 0.0001 * y;
      if (x > width * 0.9 && y < height * 0.1) d = Number.NaN;
      metres[y * width + x] = d;
    }
  }
  return depthToMillimetres(metres);
}

/** Pseudo-random uint16 samples over the full range, with 0 and 65535 in the first two. */
function noise(width: number, height: number, seed: number): Gray16Image {
  const data = new Uint16Array(width * height);
  let state = seed >>> 0;
  for (let i = 0; i < data.length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    data[i] = state >>> 16;
  }
  data[0] = 0;
  if (data.length > 1) data[1] = 65535;
  return { width, height, data };
}

/** Same size and the same samples (compared as bytes: fast for large images). */
function same(a: Gray16Image, b: Gray16Image): boolean {
  const bytes = (d: Uint16Array) => Buffer.from(d.buffer, d.byteOffset, d.byteLength);
  return a.width === b.width && a.height === b.height && a.data.length === b.data.length && bytes(a.data).equals(bytes(b.data));
}

/** Big-endian bytes of 16-bit samples (FFmpeg's gray16be). */
function bigEndian(data: Uint16Array): Uint8Array {
  const out = new Uint8Array(data.length * 2);
  data.forEach((v, i) => {
    out[2 * i] = v >> 8;
    out[2 * i + 1] = v & 0xff;
  });
  return out;
}

describe('depth as uint16 millimetres', () => {
  it('rounds metres to the nearest millimetre; no return, non-finite and out-of-range depths become 0', () => {
    const mm = depthToMillimetres([0.5, 1.2344, 1.2346, Number.NaN, Infinity, -1, 0, 32.767, 32.768, 0.0004, 0.0006]);
    expect([...mm]).toEqual([500, 1234, 1235, 0, 0, 0, 0, 32767, 0, 0, 1]);
    expect(DEFAULT_MAX_DEPTH_MM).toBe(32767);
    expect([...depthToMillimetres([40, 65.535, 65.536], { maxMillimetres: 65535 })]).toEqual([40000, 65535, 0]);
    expect(() => depthToMillimetres([1], { maxMillimetres: 70000 })).toThrow(/1\.\.65535/);
    expect([...millimetresToMetres(Uint16Array.from([0, 1500]))]).toEqual([0, 1.5]);
  });
});

describe('16-bit greyscale PNG', () => {
  const images: [string, Gray16Image][] = [
    ['a 640x480 table scene', { width: 640, height: 480, data: tableDepthMm(640, 480) }],
    ['full-range noise, odd width', noise(641, 7, 3)],
    ['one pixel', noise(1, 1, 5)],
    ['one column', noise(1, 9, 7)],
  ];

  it.each(images)('round-trips %s exactly through our decoder, with every row filter', (_name, image) => {
    expect(same(decodePng16(encodePng16(image)), image)).toBe(true);
    for (const filter of FILTERS) expect(same(decodePng16(encodePng16(image, { filter })), image), `filter ${filter}`).toBe(true);
  });

  it.each(images)('writes %s as a PNG that FFmpeg decodes to the same samples', async (name, image) => {
    const path = join(dir, `${name.replace(/\W+/g, '-')}.png`);
    for (const filter of ['adaptive', ...FILTERS] as const) {
      await writeFile(path, encodePng16(image, { filter }));
      const decoded = await decodeRaw(path, 'gray16be');
      expect(Buffer.from(decoded).equals(Buffer.from(bigEndian(image.data))), `filter ${filter}`).toBe(true);
    }
    const { stdout } = await run('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_name,pix_fmt,width,height', '-of', 'json', path]);
    expect(JSON.parse(stdout).streams[0]).toEqual({ codec_name: 'png', pix_fmt: 'gray16be', width: image.width, height: image.height });
  });

  it("reads the PNGs FFmpeg writes (its 'mixed' prediction: a filter per row)", async () => {
    for (const [name, image] of images) {
      const raw = join(dir, 'in.raw');
      const path = join(dir, `ffmpeg-${name.replace(/\W+/g, '-')}.png`);
      await writeFile(raw, bigEndian(image.data));
      await run('ffmpeg', ['-v', 'error', '-y', '-f', 'rawvideo', '-pix_fmt', 'gray16be', '-s', `${image.width}x${image.height}`, '-i', raw, '-pred', 'mixed', path]);
      expect(same(decodePng16(new Uint8Array(await readFile(path))), image), name).toBe(true);
    }
  });

  it('is deterministic and compresses a depth scene well', () => {
    const [, scene] = images[0]!;
    const a = encodePng16(scene);
    expect(Buffer.from(encodePng16({ ...scene, data: scene.data.slice() })).equals(Buffer.from(a))).toBe(true);
    expect(a.length).toBeLessThan(scene.data.length * 2 * 0.25);
  });

  it('refuses what it cannot read: a bad CRC, a truncated file, an 8-bit PNG', async () => {
    const png = encodePng16(noise(4, 4, 9));
    const corrupt = png.slice();
    corrupt[40] = corrupt[40]! ^ 0xff;
    expect(() => decodePng16(corrupt)).toThrow(/bad CRC/);
    expect(() => decodePng16(png.subarray(0, png.length - 12))).toThrow(/truncated/);
    expect(() => decodePng16(png.subarray(1))).toThrow(/signature/);
    const raw = join(dir, 'gray8.raw');
    const path = join(dir, 'gray8.png');
    await writeFile(raw, new Uint8Array(16));
    await run('ffmpeg', ['-v', 'error', '-y', '-f', 'rawvideo', '-pix_fmt', 'gray', '-s', '4x4', '-i', raw, path]);
    const gray8 = new Uint8Array(await readFile(path));
    expect(() => decodePng16(gray8)).toThrow(/bit depth 8/);
    expect(() => encodePng16({ width: 2, height: 2, data: new Uint16Array(3) })).toThrow(/4 samples/);
  });
});

describe('depth image feature', () => {
  it('stores a frame as an image cell that decodes to the same millimetres', () => {
    const mm = tableDepthMm(64, 48);
    const cell = depthImageCell(mm, 64, 48, 'frame-000000.png');
    expect(cell.path).toBe('frame-000000.png');
    expect(depthFromImageCell(cell)).toEqual({ width: 64, height: 48, mm });
    expect(depthFeatureEntry(48, 64)).toEqual({ dtype: 'image', shape: [48, 64, 1], names: ['height', 'width', 'channels'] });
  });
});
