/**
 * Procedural textures, generated deterministically from the material's
 * values: one tile (one repeat of the pattern) of TEXTURE_SIZE x TEXTURE_SIZE
 * sRGB texels mixing `color` and `color2`, with random lattices drawn from
 * Rng.fromKey('texture', pattern, color, color2). Tiles wrap seamlessly; the
 * geometry's UVs (metres x scale) decide how many tiles span a metre.
 */
import { DataTexture, LinearMipmapLinearFilter, LinearFilter, RepeatWrapping, RGBAFormat, SRGBColorSpace, UnsignedByteType } from 'three';
import { Rng } from '../../scenes/rng';

export type ProceduralPattern = 'checker' | 'stripes' | 'noise' | 'wood' | 'marble';

/** Texels per side of one tile. */
export const TEXTURE_SIZE = 128;

/** A tileable fractal value-noise field over [0, 1)^2, values in about [0, 1]. */
class TileNoise {
  private readonly lattices: Float32Array[] = [];

  constructor(rng: Rng, private readonly base: number, private readonly octaves: number) {
    for (let o = 0; o < octaves; o++) {
      const n = base << o;
      const lattice = new Float32Array(n * n);
      for (let i = 0; i < lattice.length; i++) lattice[i] = rng.next();
      this.lattices.push(lattice);
    }
  }

  /** Fractal sum at (u, v) in tile units (wraps with period 1). */
  at(u: number, v: number): number {
    let sum = 0;
    let amplitude = 0.5;
    let total = 0;
    for (let o = 0; o < this.octaves; o++) {
      sum += amplitude * this.octave(o, u, v);
      total += amplitude;
      amplitude *= 0.5;
    }
    return sum / total;
  }

  private octave(o: number, u: number, v: number): number {
    const n = this.base << o;
    const lattice = this.lattices[o] as Float32Array;
    const x = (((u % 1) + 1) % 1) * n;
    const y = (((v % 1) + 1) % 1) * n;
    const x0 = Math.floor(x);
    const y0 = Math.floor(y);
    const fx = smooth(x - x0);
    const fy = smooth(y - y0);
    const at = (i: number, j: number): number => lattice[(j % n) * n + (i % n)] as number;
    const top = at(x0, y0) + (at(x0 + 1, y0) - at(x0, y0)) * fx;
    const bottom = at(x0, y0 + 1) + (at(x0 + 1, y0 + 1) - at(x0, y0 + 1)) * fx;
    return top + (bottom - top) * fy;
  }
}

function smooth(t: number): number {
  return t * t * (3 - 2 * t);
}

/** Mix factor in [0, 1] (0 = color, 1 = color2) of `pattern` at (u, v) in tile units. */
function patternAt(pattern: ProceduralPattern, noise: TileNoise, u: number, v: number): number {
  switch (pattern) {
    case 'checker':
      return (Math.floor(u * 2) + Math.floor(v * 2)) % 2;
    case 'stripes':
      return Math.floor(u * 2) % 2;
    case 'noise':
      return noise.at(u, v);
    case 'wood': {
      // Growth rings running along v, gently warped by noise, over a fine grain; integer frequencies keep the tile seamless.
      const ring = (u * 4 + 0.25 * noise.at(u, v)) % 1;
      const band = Math.pow(0.5 - 0.5 * Math.cos(2 * Math.PI * ring), 3);
      const grain = noise.at(u * 8, v);
      return Math.min(1, 0.75 * band + 0.35 * grain * grain);
    }
    case 'marble': {
      const vein = Math.abs(Math.sin(2 * Math.PI * (u + v + 1.5 * noise.at(u, v))));
      return Math.pow(1 - vein, 6);
    }
  }
}

function parseHex(color: string): [number, number, number] {
  const n = Number.parseInt(color.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** RGBA8 sRGB texels of one tile, row-major from v = 0. Same inputs, same bytes. */
export function proceduralTexels(pattern: ProceduralPattern, color: string, color2: string, size = TEXTURE_SIZE): Uint8Array {
  const rng = Rng.fromKey('texture', pattern, color.toLowerCase(), color2.toLowerCase());
  const noise = new TileNoise(rng, 4, 4);
  const a = parseHex(color);
  const b = parseHex(color2);
  const out = new Uint8Array(size * size * 4);
  for (let j = 0; j < size; j++) {
    for (let i = 0; i < size; i++) {
      const t = Math.min(1, Math.max(0, patternAt(pattern, noise, (i + 0.5) / size, (j + 0.5) / size)));
      const o = (j * size + i) * 4;
      out[o] = Math.round(a[0] + (b[0] - a[0]) * t);
      out[o + 1] = Math.round(a[1] + (b[1] - a[1]) * t);
      out[o + 2] = Math.round(a[2] + (b[2] - a[2]) * t);
      out[o + 3] = 255;
    }
  }
  return out;
}

/** A repeating, mipmapped sRGB DataTexture of the pattern (the caller disposes it). */
export function proceduralTexture(pattern: ProceduralPattern, color: string, color2: string): DataTexture {
  const texture = new DataTexture(proceduralTexels(pattern, color, color2), TEXTURE_SIZE, TEXTURE_SIZE, RGBAFormat, UnsignedByteType);
  return configureColorTexture(texture);
}

/** Decoded pixels of an asset texture (PNG/JPEG under assets/), RGBA8 sRGB, row-major from the top. */
export interface TextureImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** Asset textures by path ("textures/wood.png"), decoded by the caller. */
export type TextureLibrary = Readonly<Record<string, TextureImage>>;

/** A repeating sRGB DataTexture of a decoded asset image (the caller disposes it). */
export function imageTexture(image: TextureImage): DataTexture {
  const texture = new DataTexture(image.data, image.width, image.height, RGBAFormat, UnsignedByteType);
  texture.flipY = false;
  return configureColorTexture(texture);
}

function configureColorTexture(texture: DataTexture): DataTexture {
  texture.colorSpace = SRGBColorSpace;
  texture.wrapS = RepeatWrapping;
  texture.wrapT = RepeatWrapping;
  texture.magFilter = LinearFilter;
  texture.minFilter = LinearMipmapLinearFilter;
  texture.generateMipmaps = true;
  texture.anisotropy = 4;
  texture.needsUpdate = true;
  return texture;
}
