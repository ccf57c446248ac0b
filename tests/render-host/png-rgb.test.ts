/**
 * 8-bit RGB PNG (exporters/video/png-rgb.ts): lossless round trips through
 * our decoder and FFmpeg's, and FFmpeg's RGB PNG read by ours.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodePngRgb, encodePngRgb } from '../../exporters/video/png-rgb';
import { Rng } from '../../scenes/rng';
import { decodeRaw } from '../video/ffmpeg';

const run = promisify(execFile);
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'png-rgb-test-'));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** An RGBA image with gradients, flat areas and seeded noise (so every row filter gets chosen somewhere), alpha 255. */
function testImage(width: number, height: number): Uint8Array {
  const rng = Rng.fromKey('png-rgb-test', width, height);
  const rgba = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      const noisy = y > height / 2;
      rgba[i] = (x * 255) / width + (noisy ? rng.int(40) : 0);
      rgba[i + 1] = (y * 255) / height;
      rgba[i + 2] = x < width / 3 ? 200 : noisy ? rng.int(256) : 17;
      rgba[i + 3] = 255;
    }
  }
  return rgba;
}

function rgbOf(rgba: Uint8Array): Uint8Array {
  const out = new Uint8Array((rgba.length / 4) * 3);
  for (let p = 0; p < rgba.length / 4; p++) out.set(rgba.subarray(4 * p, 4 * p + 3), 3 * p);
  return out;
}

describe('8-bit RGB PNG', () => {
  it('round-trips RGBA (alpha dropped) and RGB input losslessly through our decoder', () => {
    for (const [w, h] of [[1, 1], [7, 3], [64, 48], [256, 256]] as const) {
      const rgba = testImage(w, h);
      const png = encodePngRgb({ width: w, height: h, data: rgba });
      expect(decodePngRgb(png)).toEqual({ width: w, height: h, data: rgbOf(rgba) });
      expect(encodePngRgb({ width: w, height: h, data: rgbOf(rgba), channels: 3 })).toEqual(png);
    }
  });

  it('is read pixel for pixel by FFmpeg, and reads what FFmpeg writes', async () => {
    const [w, h] = [96, 64];
    const rgba = testImage(w, h);
    const file = join(dir, 'ours.png');
    await writeFile(file, encodePngRgb({ width: w, height: h, data: rgba }));
    expect(Array.from(await decodeRaw(file, 'rgb24'))).toEqual(Array.from(rgbOf(rgba)));
    const raw = join(dir, 'in.rgb');
    const theirs = join(dir, 'theirs.png');
    await writeFile(raw, rgbOf(rgba));
    await run('ffmpeg', ['-v', 'error', '-y', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', `${w}x${h}`, '-i', raw, '-pix_fmt', 'rgb24', theirs]);
    expect(decodePngRgb(new Uint8Array(await readFile(theirs)))).toEqual({ width: w, height: h, data: rgbOf(rgba) });
  });

  it('refuses wrong sizes and damaged files', () => {
    expect(() => encodePngRgb({ width: 2, height: 2, data: new Uint8Array(15) })).toThrow(/expected 2x2x4 = 16 bytes, got 15/);
    const png = encodePngRgb({ width: 4, height: 4, data: testImage(4, 4) });
    const bad = png.slice();
    bad[40] = (bad[40]! + 1) & 0xff;
    expect(() => decodePngRgb(bad)).toThrow(/bad CRC/);
  });
});
