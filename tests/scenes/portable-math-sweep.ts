/**
 * Seeded arguments for every portable-math function, and their results as
 * Float64Array bytes. The same module runs in Node and, bundled, in a
 * Chromium page, so the two can be compared bit for bit.
 */
import * as pm from '../../scenes/portable-math';
import { Rng } from '../../scenes/rng';

/** The functions checked and their arity. */
export const FUNCTIONS = ['exp', 'log', 'sin', 'cos', 'tan', 'atan', 'atan2', 'asin', 'acos'] as const;
export type FunctionName = (typeof FUNCTIONS)[number];

/** A typical range of arguments per function (beside log-uniform magnitudes and random bit patterns). */
const RANGE: Record<FunctionName, [number, number]> = {
  exp: [-745.2, 709.8],
  log: [0, 100],
  sin: [-1e6, 1e6],
  cos: [-20, 20],
  tan: [-1e6, 1e6],
  atan: [-4, 4],
  atan2: [-10, 10],
  asin: [-1, 1],
  acos: [-1, 1],
};

const word = new Uint32Array(2);
const asDouble = new Float64Array(word.buffer);

/** One argument: 40% uniform in the function's range, 30% log-uniform magnitude, 30% any bit pattern. */
function argument(rng: Rng, [lo, hi]: [number, number], positive: boolean): number {
  const kind = rng.next();
  if (kind < 0.4) return rng.uniform(lo, hi);
  if (kind < 0.7) {
    // 2^e·(1 + f) with e uniform in [-80, 80), built from its bits
    word[0] = rng.nextU32();
    word[1] = ((rng.int(160) + 1023 - 80) << 20) | (rng.nextU32() & 0xfffff);
  } else {
    word[0] = rng.nextU32();
    word[1] = rng.nextU32();
  }
  const x = asDouble[0] as number;
  return positive ? Math.abs(x) : rng.next() < 0.5 ? -x : x;
}

/** `count` seeded arguments for `name` (atan2: y values, then x values). */
export function sweepArguments(name: FunctionName, count: number, seed: number): Float64Array[] {
  const rng = Rng.fromKey('portable-math-sweep', name, seed);
  const arity = name === 'atan2' ? 2 : 1;
  return [...Array(arity).keys()].map(() => {
    const out = new Float64Array(count);
    for (let i = 0; i < count; i++) out[i] = argument(rng, RANGE[name], name === 'log');
    return out;
  });
}

/** Applies the portable function to the arguments. */
export function evaluate(name: FunctionName, args: Float64Array[]): Float64Array {
  const [a, b] = args as [Float64Array, Float64Array | undefined];
  const out = new Float64Array(a.length);
  if (name === 'atan2') for (let i = 0; i < a.length; i++) out[i] = pm.atan2(a[i] as number, (b as Float64Array)[i] as number);
  else {
    const f = pm[name];
    for (let i = 0; i < a.length; i++) out[i] = f(a[i] as number);
  }
  return out;
}

/** Results of every function on its seeded arguments, as base64 of the Float64Array bytes. */
export function sweep(count: number, seed: number): Record<FunctionName, string> {
  const out = {} as Record<FunctionName, string>;
  for (const name of FUNCTIONS) out[name] = toBase64(new Uint8Array(evaluate(name, sweepArguments(name, count, seed)).buffer));
  return out;
}

/** base64 with btoa, which Node and browsers both have. */
function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
