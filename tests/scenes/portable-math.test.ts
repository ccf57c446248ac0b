/**
 * scenes/portable-math.ts: fdlibm ports that give the same bits in every
 * runtime. Against glibc's libm on a golden file of 2000 arguments per
 * function (made by make_portable_math_golden.py), each result is within
 * 1 ulp of the correctly rounded value and of glibc's, and IEEE special
 * cases are exact; in Debian's Chromium the same module gives the same bits
 * as in Node on 100k seeded arguments per function, where Math's functions
 * differ for a few percent of them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as pm from '../../scenes/portable-math';
import { launchChromium } from '../browser/serve';
import { evaluate, FUNCTIONS, sweep, sweepArguments, type FunctionName } from './portable-math-sweep';

interface GoldenFunction {
  args: (string | [string, string])[];
  glibc: string[];
  /** Correctly rounded results by index, where they differ from glibc's. */
  correctlyRounded: Record<string, string>;
}
const golden = JSON.parse(readFileSync(join(import.meta.dirname, 'golden', 'portable-math.json'), 'utf8')) as {
  functions: Record<FunctionName, GoldenFunction>;
};

const view = new DataView(new ArrayBuffer(8));
function fromHex(hex: string): number {
  view.setBigUint64(0, BigInt(`0x${hex}`));
  return view.getFloat64(0);
}

/** Distance in units in the last place: how many doubles lie between a and b, plus one (0 if the same). */
function ulps(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b) ? 0 : Infinity;
  const ordered = (x: number): bigint => {
    view.setFloat64(0, x);
    const bits = view.getBigInt64(0);
    return bits < 0n ? -(bits & 0x7fffffffffffffffn) : bits;
  };
  const d = ordered(a) - ordered(b);
  return Number(d < 0n ? -d : d);
}

/** Same number, telling −0 from +0; NaN equals NaN whatever its payload. */
const same = (a: number, b: number): boolean => Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));

interface Case {
  args: number[];
  glibc: number;
  correct: number;
  special: boolean;
}

function cases(name: FunctionName): Case[] {
  const g = golden.functions[name];
  return g.args.map((a, i) => {
    const args = (Array.isArray(a) ? a : [a]).map(fromHex);
    const glibc = fromHex(g.glibc[i] as string);
    const fix = g.correctlyRounded[String(i)];
    // IEEE 754 / C99 Annex F fix these results exactly: a zero or non-finite argument or result.
    const special = args.some((x) => x === 0 || !Number.isFinite(x)) || glibc === 0 || !Number.isFinite(glibc);
    return { args, glibc, correct: fix === undefined ? glibc : fromHex(fix), special };
  });
}

function apply(name: FunctionName, args: number[]): number {
  return name === 'atan2' ? pm.atan2(args[0] as number, args[1] as number) : pm[name](args[0] as number);
}

describe('portable math against glibc (golden file)', () => {
  it.each(FUNCTIONS)('%s is within 1 ulp of the correctly rounded result on 2000 arguments', (name) => {
    const all = cases(name);
    expect(all).toHaveLength(2000);
    const far = all.map((c) => ({ args: c.args, got: apply(name, c.args), want: c.correct })).filter((r) => ulps(r.got, r.want) > 1);
    expect(far).toEqual([]);
  });

  it.each(FUNCTIONS)('%s is within 1 ulp of glibc wherever glibc is within 1 ulp itself', (name) => {
    const all = cases(name);
    const far = all.filter((c) => ulps(apply(name, c.args), c.glibc) > 1 && ulps(c.glibc, c.correct) <= 1);
    expect(far).toEqual([]);
    // Most results are glibc's bits exactly (88-99% depending on the function).
    const exact = all.filter((c) => same(apply(name, c.args), c.glibc)).length;
    expect(exact / all.length).toBeGreaterThan(0.85);
  });

  it.each(FUNCTIONS)('%s gives the IEEE special values exactly (signed zeros, infinities, NaN)', (name) => {
    const specials = cases(name).filter((c) => c.special);
    expect(specials.length).toBeGreaterThanOrEqual(5);
    const wrong = specials.map((c) => ({ args: c.args, got: apply(name, c.args), want: c.glibc })).filter((r) => !same(r.got, r.want));
    expect(wrong).toEqual([]);
  });

  it('knows where glibc is more than 1 ulp off: the double nearest a multiple of π/2', () => {
    const x = 6381956970095103 * 2 ** 797;
    // cos(x) = −sin(x mod π/2) ≈ −4.6871659242546276e-19 (mpmath), glibc 2.36 says −4.68716592425462e-19.
    expect(pm.cos(x)).toBe(-4.687165924254628e-19);
    expect(pm.tan(x)).toBe(-2133485385753704000);
  });
});

describe('portable math in Chromium', () => {
  let chrome: Awaited<ReturnType<typeof launchChromium>>;
  let bundle: string;

  beforeAll(async () => {
    const output = await build({
      configFile: false,
      logLevel: 'silent',
      build: { write: false, minify: false, target: 'es2022', lib: { entry: join(import.meta.dirname, 'portable-math-sweep.ts'), formats: ['iife'], name: 'PortableMathSweep' } },
    });
    const chunks = (Array.isArray(output) ? output : [output]).flatMap((o) => ('output' in o ? o.output : []));
    const chunk = chunks.find((c) => c.type === 'chunk');
    if (!chunk || chunk.type !== 'chunk') throw new Error('vite produced no bundle for portable-math-sweep.ts');
    bundle = chunk.code;
    chrome = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await chrome?.close();
  });

  it('gives the same bits as Node on 100k seeded arguments per function', async () => {
    const count = 100_000;
    const seed = 1;
    const tab = await chrome.browser.newPage();
    await tab.addScriptTag({ content: bundle });
    const fromBrowser = await tab.evaluate(
      ([n, s]) => (window as unknown as { PortableMathSweep: { sweep: typeof sweep } }).PortableMathSweep.sweep(n, s),
      [count, seed] as const,
    );
    const mismatches: Record<string, number> = {};
    for (const name of FUNCTIONS) {
      const args = sweepArguments(name, count, seed);
      const node = evaluate(name, args);
      const web = new Float64Array(new Uint8Array(Buffer.from(fromBrowser[name], 'base64')).buffer);
      expect(web).toHaveLength(count);
      let differ = 0;
      for (let i = 0; i < count; i++) if (!same(web[i] as number, node[i] as number)) differ++;
      mismatches[name] = differ;
    }
    expect(mismatches).toEqual(Object.fromEntries(FUNCTIONS.map((f) => [f, 0])));
  }, 120_000);
});
