/**
 * atan, atan2, asin and acos in IEEE 754 basic operations and Math.sqrt
 * (correctly rounded by IEEE 754) only, ported from fdlibm's s_atan.c,
 * e_atan2.c, e_asin.c and e_acos.c (Sun Microsystems, as kept in FreeBSD
 * msun). Accurate to less than 1 ulp and bit-identical in every JavaScript
 * runtime, unlike Math.atan/atan2/asin/acos.
 */
import { highWord, lowWord, withLowWordZero } from './words';

const ATAN_HI = [4.63647609000806093515e-1, 7.85398163397448278999e-1, 9.82793723247329054082e-1, 1.570796326794896558] as const;
const ATAN_LO = [2.26987774529616870924e-17, 3.06161699786838301793e-17, 1.39033110312309984516e-17, 6.12323399573676603587e-17] as const;
const AT = [
  3.33333333333329318027e-1, -1.99999999998764832476e-1, 1.42857142725034663711e-1, -1.1111110405462355788e-1,
  9.09088713343650656196e-2, -7.69187620504482999495e-2, 6.66107313738753120669e-2, -5.83357013379057348645e-2,
  4.97687799461593236017e-2, -3.6531572744216915527e-2, 1.62858201153657823623e-2,
] as const;

/** Arc tangent of `x` in radians, in [−π/2, π/2], within 1 ulp; atan(±0) = ±0, atan(±∞) = ±π/2. */
export function atan(x: number): number {
  const hx = highWord(x);
  const ix = hx & 0x7fffffff;
  let id = -1; // -1: no reduction; else x is reduced relative to atan(1/2), atan(1), atan(3/2) or atan(∞)
  if (ix >= 0x44100000) {
    // |x| >= 2^66
    if (x !== x) return x + x;
    return hx > 0 ? ATAN_HI[3] + ATAN_LO[3] : -ATAN_HI[3] - ATAN_LO[3];
  }
  if (ix < 0x3fdc0000) {
    // |x| < 0.4375
    if (ix < 0x3e200000) return x; // |x| < 2^-29
  } else {
    x = Math.abs(x);
    if (ix < 0x3ff30000) {
      if (ix < 0x3fe60000) {
        id = 0; // 7/16 <= |x| < 11/16
        x = (2 * x - 1) / (2 + x);
      } else {
        id = 1; // 11/16 <= |x| < 19/16
        x = (x - 1) / (x + 1);
      }
    } else if (ix < 0x40038000) {
      id = 2; // 19/16 <= |x| < 39/16
      x = (x - 1.5) / (1 + 1.5 * x);
    } else {
      id = 3; // 39/16 <= |x| < 2^66
      x = -1 / x;
    }
  }
  const z = x * x;
  const w = z * z;
  const s1 = z * (AT[0] + w * (AT[2] + w * (AT[4] + w * (AT[6] + w * (AT[8] + w * AT[10])))));
  const s2 = w * (AT[1] + w * (AT[3] + w * (AT[5] + w * (AT[7] + w * AT[9]))));
  if (id < 0) return x - x * (s1 + s2);
  const result = (ATAN_HI[id] as number) - (x * (s1 + s2) - (ATAN_LO[id] as number) - x);
  return hx < 0 ? -result : result;
}

const PI = 3.141592653589793;
const PI_LO = 1.2246467991473532e-16;
const PI_O_2 = 1.570796326794896558;
const PI_O_4 = 7.853981633974482790e-1;

/**
 * Angle of the point (x, y) from the +x axis in radians, in [−π, π], within
 * 1 ulp; the signed zeros and infinities give C99's exact special values
 * (atan2(±0, −0) = ±π, atan2(±∞, +∞) = ±π/4, ...).
 */
export function atan2(y: number, x: number): number {
  if (x !== x || y !== y) return x + y;
  const hx = highWord(x);
  const lx = lowWord(x);
  const ix = hx & 0x7fffffff;
  const hy = highWord(y);
  const ly = lowWord(y);
  const iy = hy & 0x7fffffff;
  if (hx === 0x3ff00000 && lx === 0) return atan(y); // x = 1
  let m = ((hy >> 31) & 1) | ((hx >> 30) & 2); // 2·sign(x) + sign(y)
  if ((iy | ly) === 0) {
    // y = ±0
    if (m < 2) return y;
    return m === 2 ? PI : -PI;
  }
  if ((ix | lx) === 0) return hy < 0 ? -PI_O_2 : PI_O_2; // x = ±0
  if (ix === 0x7ff00000) {
    // x = ±∞
    if (iy === 0x7ff00000) return [PI_O_4, -PI_O_4, 3 * PI_O_4, -3 * PI_O_4][m] as number;
    return [0, -0, PI, -PI][m] as number;
  }
  if (iy === 0x7ff00000) return hy < 0 ? -PI_O_2 : PI_O_2; // y = ±∞
  const k = (iy - ix) >> 20;
  let z: number;
  if (k > 60) {
    // |y/x| > 2^60
    z = PI_O_2 + 0.5 * PI_LO;
    m &= 1;
  } else if (hx < 0 && k < -60) {
    z = 0; // 0 > |y|/x > -2^-60
  } else {
    z = atan(Math.abs(y / x));
  }
  if (m === 0) return z;
  if (m === 1) return -z;
  if (m === 2) return PI - (z - PI_LO);
  return z - PI_LO - PI;
}

const PIO2_HI = 1.570796326794896558;
const PIO2_LO = 6.12323399573676603587e-17;
const PIO4_HI = 7.85398163397448278999e-1;
const PS0 = 1.66666666666666657415e-1;
const PS1 = -3.25565818622400915405e-1;
const PS2 = 2.01212532134862925881e-1;
const PS3 = -4.00555345006794114027e-2;
const PS4 = 7.91534994289814532176e-4;
const PS5 = 3.4793310759602116757e-5;
const QS1 = -2.40339491173441421878;
const QS2 = 2.02094576023350569471;
const QS3 = -6.8828397160545329303e-1;
const QS4 = 7.70381505559019352791e-2;

/** The rational approximation R(t) of (asin(√t) − √t)/√t³ shared by asin and acos. */
function ratio(t: number): number {
  const p = t * (PS0 + t * (PS1 + t * (PS2 + t * (PS3 + t * (PS4 + t * PS5)))));
  const q = 1 + t * (QS1 + t * (QS2 + t * (QS3 + t * QS4)));
  return p / q;
}

/** Arc sine of `x` in radians, in [−π/2, π/2], within 1 ulp; asin(±0) = ±0, NaN outside [−1, 1]. */
export function asin(x: number): number {
  const hx = highWord(x);
  const ix = hx & 0x7fffffff;
  if (ix >= 0x3ff00000) {
    // |x| >= 1
    if (((ix - 0x3ff00000) | lowWord(x)) === 0) return x * PIO2_HI + x * PIO2_LO;
    return NaN;
  }
  if (ix < 0x3fe00000) {
    // |x| < 0.5
    if (ix < 0x3e400000) return x; // |x| < 2^-27
    return x + x * ratio(x * x);
  }
  // 0.5 <= |x| < 1: asin(x) = π/2 − 2·asin(√((1 − |x|)/2))
  const t = (1 - Math.abs(x)) * 0.5;
  const s = Math.sqrt(t);
  let result: number;
  if (ix >= 0x3fef3333) {
    // |x| > 0.975
    result = PIO2_HI - (2 * (s + s * ratio(t)) - PIO2_LO);
  } else {
    const w = withLowWordZero(s);
    const c = (t - w * w) / (s + w);
    const p = 2 * s * ratio(t) - (PIO2_LO - 2 * c);
    const q = PIO4_HI - 2 * w;
    result = PIO4_HI - (p - q);
  }
  return hx > 0 ? result : -result;
}

/** Arc cosine of `x` in radians, in [0, π], within 1 ulp; acos(1) = +0, NaN outside [−1, 1]. */
export function acos(x: number): number {
  const hx = highWord(x);
  const ix = hx & 0x7fffffff;
  if (ix >= 0x3ff00000) {
    // |x| >= 1
    if (((ix - 0x3ff00000) | lowWord(x)) === 0) return hx > 0 ? 0 : PI + 2 * PIO2_LO;
    return NaN;
  }
  if (ix < 0x3fe00000) {
    // |x| < 0.5
    if (ix <= 0x3c600000) return PIO2_HI + PIO2_LO; // |x| < 2^-57
    return PIO2_HI - (x - (PIO2_LO - x * ratio(x * x)));
  }
  if (hx < 0) {
    // x < -0.5: π − 2·asin(√((1 + x)/2))
    const z = (1 + x) * 0.5;
    const s = Math.sqrt(z);
    const w = ratio(z) * s - PIO2_LO;
    return PI - 2 * (s + w);
  }
  // x > 0.5: 2·asin(√((1 − x)/2)), with √ split into a 21-bit head and a correction
  const z = (1 - x) * 0.5;
  const s = Math.sqrt(z);
  const df = withLowWordZero(s);
  const c = (z - df * df) / (s + df);
  return 2 * (df + (ratio(z) * s + c));
}
