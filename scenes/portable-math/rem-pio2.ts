/**
 * Argument reduction for sin, cos and tan: x = n·π/2 + (y0 + y1) with
 * |y0 + y1| <= ~π/4, ported from FreeBSD msun's e_rem_pio2.c (fdlibm with
 * Bruce Evans's small and medium cases: Cody-Waite with 33+33+33 bits of
 * π/2 up to |x| < 2^20·π/2).
 *
 * Larger arguments are reduced exactly with BigInt instead of fdlibm's
 * __kernel_rem_pio2: the 53-bit mantissa times 1280 bits of 2/π gives the
 * quadrant and 192 bits of the fraction, which are multiplied by 193 bits of
 * π/2 and rounded to a double pair. BigInt arithmetic is exact and
 * Number(bigint) rounds to nearest by the language's definition, so this
 * path is as deterministic as the rest, and accurate to well beyond the
 * ~2^-61 closest approach of a double to a multiple of π/2.
 */
import { fromWords, highWord, lowWord } from './words';

const INV_PIO2 = 6.36619772367581382433e-1;
const PIO2_1 = 1.57079632673412561417;
const PIO2_1T = 6.07710050650619224932e-11;
const PIO2_2 = 6.0771005063039659766e-11;
const PIO2_2T = 2.02226624879595063154e-21;
const PIO2_3 = 2.0222662487111664558e-21;
const PIO2_3T = 8.47842766036889956997e-32;
/** 1.5·2^52: adding and subtracting it rounds a double below 2^51 to an integer. */
const TO_INT = 6755399441055744;

/** The remainder of the last call of remPio2: y0 + y1, |y1| <= ulp(y0)/2. */
export const reduced = { y0: 0, y1: 0 };

function set(y0: number, y1: number, n: number): number {
  reduced.y0 = y0;
  reduced.y1 = y1;
  return n;
}

/** Cody-Waite reduction by n·(π/2) for a small n (|x| <= ~9π/4). */
function nearby(x: number, n: number): number {
  const z = x - n * PIO2_1;
  const y0 = z - n * PIO2_1T;
  return set(y0, z - y0 - n * PIO2_1T, n);
}

/**
 * Reduces finite `x` with |x| > ~π/4 by multiples of π/2 and returns the
 * multiple n (an int32; n mod 4 picks the quadrant); the remainder is left
 * in `reduced`. Infinity and NaN give a NaN remainder.
 */
export function remPio2(x: number): number {
  const hx = highWord(x);
  const ix = hx & 0x7fffffff;
  const positive = hx > 0;
  if (ix <= 0x400f6a7a) {
    // |x| ~<= 5π/4; near π/2 or π the medium path avoids cancellation
    if ((ix & 0xfffff) !== 0x921fb) {
      if (ix <= 0x4002d97c) return nearby(x, positive ? 1 : -1);
      return nearby(x, positive ? 2 : -2);
    }
  } else if (ix <= 0x401c463b) {
    // |x| ~<= 9π/4
    if (ix <= 0x4015fdbc) {
      if (ix !== 0x4012d97c) return nearby(x, positive ? 3 : -3);
    } else if (ix !== 0x401921fb) {
      return nearby(x, positive ? 4 : -4);
    }
  } else if (ix >= 0x413921fb) {
    if (ix >= 0x7ff00000) return set(x - x, x - x, 0);
    return huge(x);
  }
  // Medium size: n = rint(x·2/π), then x − n·π/2 with one, two or three parts of π/2.
  const fn = x * INV_PIO2 + TO_INT - TO_INT;
  const n = fn | 0;
  let r = x - fn * PIO2_1;
  let w = fn * PIO2_1T; // first round good to 85 bits
  const j = ix >> 20;
  let y0 = r - w;
  if (j - ((highWord(y0) >> 20) & 0x7ff) > 16) {
    // second iteration, good to 118 bits
    let t = r;
    w = fn * PIO2_2;
    r = t - w;
    w = fn * PIO2_2T - (t - r - w);
    y0 = r - w;
    if (j - ((highWord(y0) >> 20) & 0x7ff) > 49) {
      // third iteration, 151 bits: covers all cases
      t = r;
      w = fn * PIO2_3;
      r = t - w;
      w = fn * PIO2_3T - (t - r - w);
      y0 = r - w;
    }
  }
  return set(y0, r - y0 - w, n);
}

/** 2/π·2^1280, truncated (fdlibm's ipio2 table is its first 1584 bits). */
const TWO_OVER_PI = BigInt(
  '0xa2f9836e4e441529fc2757d1f534ddc0db6295993c439041fe5163abdebbc561b7246e3a424dd2e006492eea09d1921cfe1deb1cb129a73ee88235f52ebb4484e99c7026b45f7e413991d639835339f49c845f8bbdf9283b1ff897ffde05980fef2f118b5a0a6d1f6d367ecf27cb09b74f463f669e5fea2d7527bac7ebe5f17b3d0739f78a5292ea6bfb5fb11f8d5d0856033046fc7b6babf0cfbc209af4361d',
);
const TWO_OVER_PI_BITS = 1280;
/** π/2·2^192, truncated. */
const PIO2_192 = BigInt('0x1921fb54442d18469898cc51701b839a252049c1114cf98e8');
const FRACTION_BITS = 192n;
const HALF_TURN = 1n << (FRACTION_BITS - 1n);
const WHOLE_TURN = 1n << FRACTION_BITS;
/** 2^-384 = 2^-(192 + 192), the scale of fraction × PIO2_192. */
const SCALE = fromWords(0x27f00000, 0);

/** Exact reduction of finite |x| >= 2^20·π/2 with BigInt (see the file's comment). */
function huge(x: number): number {
  const hx = highWord(x);
  const ix = hx & 0x7fffffff;
  const mantissa = (BigInt((ix & 0xfffff) | 0x100000) << 32n) | BigInt(lowWord(x) >>> 0);
  const exponent = (ix >> 20) - 1075; // |x| = mantissa · 2^exponent
  const shift = BigInt(TWO_OVER_PI_BITS - exponent); // >= 309: fraction bits of the product
  const product = mantissa * TWO_OVER_PI;
  let n = Number((product >> shift) & 3n);
  let fraction = (product & ((1n << shift) - 1n)) >> (shift - FRACTION_BITS);
  if (fraction >= HALF_TURN) {
    n = (n + 1) & 3;
    fraction -= WHOLE_TURN;
  }
  const remainder = fraction * PIO2_192;
  const hi = Number(remainder);
  const lo = Number(remainder - BigInt(hi));
  return hx < 0 ? set(-hi * SCALE, -lo * SCALE, -n) : set(hi * SCALE, lo * SCALE, n);
}
