/**
 * Access to the two 32-bit halves of an IEEE 754 double, as fdlibm's
 * GET_HIGH_WORD / EXTRACT_WORDS / INSERT_WORDS do, through one shared
 * Float64Array/Int32Array view. The word order follows the platform's byte
 * order, detected once; the values read and written are the same everywhere.
 */

const buffer = new ArrayBuffer(8);
const f64 = new Float64Array(buffer);
const i32 = new Int32Array(buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const HI = LITTLE_ENDIAN ? 1 : 0;
const LO = 1 - HI;

/** The high word of `x` (sign, exponent and top 20 mantissa bits) as a signed int32. */
export function highWord(x: number): number {
  f64[0] = x;
  return i32[HI] as number;
}

/** The low word of `x` (bottom 32 mantissa bits) as a signed int32. */
export function lowWord(x: number): number {
  f64[0] = x;
  return i32[LO] as number;
}

/** The double whose words are `hi` and `lo` (int32 bit patterns). */
export function fromWords(hi: number, lo: number): number {
  i32[HI] = hi;
  i32[LO] = lo;
  return f64[0] as number;
}

/** `x` with its high word replaced by `hi`. */
export function withHighWord(x: number, hi: number): number {
  f64[0] = x;
  i32[HI] = hi;
  return f64[0] as number;
}

/** `x` with its low word cleared: the top 21 bits of the mantissa, exactly. */
export function withLowWordZero(x: number): number {
  f64[0] = x;
  i32[LO] = 0;
  return f64[0] as number;
}
