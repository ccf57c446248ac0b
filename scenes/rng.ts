/**
 * Seeded randomness. Every random draw in data comes from here: a
 * xoshiro128** generator whose 128-bit state is derived with MurmurHash3
 * (x86, 32-bit) from integers and strings, so a stream depends only on the
 * values it is keyed by, never on call order elsewhere.
 */
import { cos, log } from './portable-math';

/** A 128-bit seed as four unsigned 32-bit words. */
export type Seed = readonly [number, number, number, number];

function rotl(x: number, r: number): number {
  return ((x << r) | (x >>> (32 - r))) >>> 0;
}

/** MurmurHash3_x86_32 over 32-bit words. */
function murmur3Words(words: readonly number[], seed: number): number {
  let h = seed >>> 0;
  for (const word of words) {
    let k = Math.imul(word >>> 0, 0xcc9e2d51);
    k = rotl(k, 15);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
    h = rotl(h, 13);
    h = (Math.imul(h, 5) + 0xe6546b64) >>> 0;
  }
  h ^= words.length * 4;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A key part: a safe integer (split into two words) or a string (UTF-16 units). */
export type KeyPart = number | string;

function keyWords(parts: readonly KeyPart[]): number[] {
  const words: number[] = [];
  for (const part of parts) {
    if (typeof part === 'number') {
      if (!Number.isSafeInteger(part)) throw new Error(`seed key part must be a safe integer, got ${part}`);
      const negative = part < 0 ? 1 : 0;
      const magnitude = Math.abs(part);
      words.push(0x4e554d00 | negative, magnitude >>> 0, Math.floor(magnitude / 0x100000000) >>> 0);
    } else {
      words.push(0x53545200, part.length);
      for (let i = 0; i < part.length; i++) words.push(part.charCodeAt(i));
    }
  }
  return words;
}

/** Derives a 128-bit seed from a list of integers and strings. */
export function deriveSeed(...parts: KeyPart[]): Seed {
  const words = keyWords(parts);
  const seed: [number, number, number, number] = [
    murmur3Words(words, 0x9e3779b9),
    murmur3Words(words, 0x243f6a88),
    murmur3Words(words, 0xb7e15162),
    murmur3Words(words, 0x6a09e667),
  ];
  if (seed.every((w) => w === 0)) seed[0] = 1; // xoshiro must not start at zero
  return seed;
}

/** Writes a seed as 32 hex digits. */
export function seedToHex(seed: Seed): string {
  return seed.map((w) => w.toString(16).padStart(8, '0')).join('');
}

/** xoshiro128** generator. Not for cryptography. */
export class Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(seed: Seed) {
    [this.s0, this.s1, this.s2, this.s3] = seed;
  }

  /** A child stream keyed by `parts`, independent of how far this one has run. */
  static fromKey(...parts: KeyPart[]): Rng {
    return new Rng(deriveSeed(...parts));
  }

  /** Uniform unsigned 32-bit integer. */
  nextU32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (this.s1 << 9) >>> 0;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3 >>> 0, 11);
    this.s0 >>>= 0;
    this.s1 >>>= 0;
    this.s2 >>>= 0;
    return result;
  }

  /** Uniform double in [0, 1) with 53 random bits. */
  next(): number {
    const hi = this.nextU32() >>> 5; // 27 bits
    const lo = this.nextU32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform double in [min, max). */
  uniform(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Standard normal draw (Box-Muller, one value per call). */
  normal(): number {
    const u1 = 1 - this.next(); // (0, 1]
    const u2 = this.next();
    return Math.sqrt(-2 * log(u1)) * cos(2 * Math.PI * u2);
  }
}
