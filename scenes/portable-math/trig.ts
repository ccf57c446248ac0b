/**
 * sin, cos and tan in IEEE 754 basic operations only, ported from fdlibm's
 * s_sin.c, s_cos.c, s_tan.c and their kernels k_sin.c, k_cos.c, k_tan.c
 * (Sun Microsystems, as kept in FreeBSD msun): reduce by π/2 (rem-pio2.ts),
 * then a minimax polynomial on [−π/4, π/4]. Accurate to less than 1 ulp and
 * bit-identical in every JavaScript runtime, unlike Math.sin/cos/tan.
 */
import { reduced, remPio2 } from './rem-pio2';
import { highWord, withLowWordZero } from './words';

const S1 = -1.66666666666666324348e-1;
const S2 = 8.33333333332248946124e-3;
const S3 = -1.98412698298579493134e-4;
const S4 = 2.75573137070700676789e-6;
const S5 = -2.50507602534068634195e-8;
const S6 = 1.58969099521155010221e-10;

/** sin(x + y) for |x| <= ~π/4; `hasTail` false means y is 0 (fdlibm's iy). */
function kernelSin(x: number, y: number, hasTail: boolean): number {
  const z = x * x;
  const w = z * z;
  const r = S2 + z * (S3 + z * S4) + z * w * (S5 + z * S6);
  const v = z * x;
  if (!hasTail) return x + v * (S1 + z * r);
  return x - (z * (0.5 * y - v * r) - y - v * S1);
}

const C1 = 4.16666666666666019037e-2;
const C2 = -1.38888888888741095749e-3;
const C3 = 2.48015872894767294178e-5;
const C4 = -2.75573143513906633035e-7;
const C5 = 2.0875723212981748279e-9;
const C6 = -1.13596475577881948265e-11;

/** cos(x + y) for |x| <= ~π/4, y the tail of x. */
function kernelCos(x: number, y: number): number {
  const z = x * x;
  let w = z * z;
  const r = z * (C1 + z * (C2 + z * C3)) + w * w * (C4 + z * (C5 + z * C6));
  const hz = 0.5 * z;
  w = 1 - hz;
  return w + (1 - w - hz + (z * r - x * y));
}

const T = [
  3.33333333333334091986e-1, 1.33333333333201242699e-1, 5.39682539762260521377e-2, 2.18694882948595424599e-2,
  8.86323982359930005737e-3, 3.59207910759131235356e-3, 1.45620945432529025516e-3, 5.88041240820264096874e-4,
  2.46463134818469906812e-4, 7.817944429395570923e-5, 7.14072491382608190305e-5, -1.85586374855275456654e-5,
  2.59073051863633712884e-5,
] as const;
const PIO4 = 7.85398163397448278999e-1;
const PIO4_LO = 3.06161699786838301793e-17;

/** tan(x + y) when `odd` is false, −1/tan(x + y) when true, for |x| <= ~π/4. */
function kernelTan(x: number, y: number, odd: boolean): number {
  const hx = highWord(x);
  const big = (hx & 0x7fffffff) >= 0x3fe59428; // |x| >= 0.6744: use tan(π/4 − x)
  if (big) {
    if (hx < 0) {
      x = -x;
      y = -y;
    }
    x = PIO4 - x + (PIO4_LO - y);
    y = 0;
  }
  const z = x * x;
  let w = z * z;
  // x^5·(T1 + x^2·T2 + ...) split into odd and even powers of x^4
  let r = T[1] + w * (T[3] + w * (T[5] + w * (T[7] + w * (T[9] + w * T[11]))));
  let v = z * (T[2] + w * (T[4] + w * (T[6] + w * (T[8] + w * (T[10] + w * T[12])))));
  let s = z * x;
  r = y + z * (s * (r + v) + y);
  r += T[0] * s;
  w = x + r;
  if (big) {
    v = odd ? -1 : 1;
    return (1 - ((hx >> 30) & 2)) * (v - 2 * (x - ((w * w) / (w + v) - r)));
  }
  if (!odd) return w;
  // −1/(x + r) computed accurately by splitting w and its reciprocal
  const zHi = withLowWordZero(w);
  v = r - (zHi - x); // zHi + v = r + x
  const a = -1 / w;
  const t = withLowWordZero(a);
  s = 1 + t * zHi;
  return t + a * (s + t * v);
}

/** Sine of `x` (radians), within 1 ulp; sin(±0) = ±0, sin(±∞) = sin(NaN) = NaN. */
export function sin(x: number): number {
  const ix = highWord(x) & 0x7fffffff;
  if (ix <= 0x3fe921fb) {
    if (ix < 0x3e400000) return x; // |x| < 2^-27
    return kernelSin(x, 0, false);
  }
  if (ix >= 0x7ff00000) return x - x;
  const n = remPio2(x) & 3;
  const { y0, y1 } = reduced;
  if (n === 0) return kernelSin(y0, y1, true);
  if (n === 1) return kernelCos(y0, y1);
  if (n === 2) return -kernelSin(y0, y1, true);
  return -kernelCos(y0, y1);
}

/** Cosine of `x` (radians), within 1 ulp; cos(±0) = 1, cos(±∞) = cos(NaN) = NaN. */
export function cos(x: number): number {
  const ix = highWord(x) & 0x7fffffff;
  if (ix <= 0x3fe921fb) {
    if (ix < 0x3e46a09e) return 1; // |x| < 2^-27·√2
    return kernelCos(x, 0);
  }
  if (ix >= 0x7ff00000) return x - x;
  const n = remPio2(x) & 3;
  const { y0, y1 } = reduced;
  if (n === 0) return kernelCos(y0, y1);
  if (n === 1) return -kernelSin(y0, y1, true);
  if (n === 2) return -kernelCos(y0, y1);
  return kernelSin(y0, y1, true);
}

/** Tangent of `x` (radians), within 1 ulp; tan(±0) = ±0, tan(±∞) = tan(NaN) = NaN. */
export function tan(x: number): number {
  const ix = highWord(x) & 0x7fffffff;
  if (ix <= 0x3fe921fb) {
    if (ix < 0x3e300000) return x; // |x| < 2^-28
    return kernelTan(x, 0, false);
  }
  if (ix >= 0x7ff00000) return x - x;
  const n = remPio2(x);
  return kernelTan(reduced.y0, reduced.y1, (n & 1) === 1);
}
