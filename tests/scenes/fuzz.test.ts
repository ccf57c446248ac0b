/**
 * Robustness of loading: hundreds of presets broken by a seeded mutator go
 * through loadSceneText. Whatever the input, loading returns a result (it
 * never throws), fast, and either a usable scene or one clear line.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { jsonSyntaxErrorOffset } from '../../scenes/json-syntax';
import { loadSceneText, loadSceneValue, type LoadResult } from '../../scenes/load';
import { formatPointer, getAt, parsePointer } from '../../scenes/pointer';
import { formatProblem } from '../../scenes/problems';
import { Rng } from '../../scenes/rng';
import { sample } from '../../scenes/sample';
import { LOAD_OPTIONS, presetFiles, presetText } from './support';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const CASES_PER_PRESET = 120;
/** Per document; generous for a slow CI machine, far above the few milliseconds a load takes. */
const TIME_LIMIT_MS = 2000;

/** Tokens JSON.stringify cannot write; they travel as placeholder strings and are spliced into the text. */
const RAW_TOKENS: Record<string, string> = {
  nan: 'NaN',
  infinity: '1e999',
  negativeInfinity: '-1e999',
  deepArrays: `${'['.repeat(20_000)}${']'.repeat(20_000)}`,
  deepObjects: `${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`,
};
const rawPlaceholder = (name: string): string => `@@raw:${name}@@`;

const UNKNOWN_KEYS = ['colour', 'extra', '__proto__', 'constructor', 'a/b~c', '', 'line\nbreak', 'ünïcödé', 'id2'];
const FLIP_CHARS = ['{', '}', '[', ']', '"', ',', ':', '0', '9', '.', '-', 'e', ' ', 'x', '\\', '/', '\n', '\u0000', 'é'];

/** Every location in a JSON value, as pointer segments (the root excluded). */
function locations(value: Json, at: string[] = [], out: string[][] = []): string[][] {
  const children: [string, Json][] = Array.isArray(value)
    ? value.map((v, i): [string, Json] => [String(i), v])
    : value !== null && typeof value === 'object'
      ? Object.entries(value)
      : [];
  for (const [key, child] of children) {
    out.push([...at, key]);
    locations(child, [...at, key], out);
  }
  return out;
}

function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[rng.int(items.length)] as T;
}

/** Junk nested `depth` levels deep, built as a value (JSON.stringify copes up to a few thousand). */
function nestedJunk(rng: Rng, depth: number): Json {
  let junk: Json = pick(rng, [1, 'x', true, null]);
  for (let i = 0; i < depth; i++) junk = rng.next() < 0.5 ? [junk] : { junk };
  return junk;
}

/** A replacement for `current`: wrong type, out of range, huge, negative, NaN, Infinity, null, [], junk or a small change. */
function replacement(rng: Rng, current: Json): Json {
  const n = typeof current === 'number' ? current : 1;
  const choices: (() => Json)[] = [
    () => (typeof current === 'string' ? 7 : typeof current === 'number' ? String(current) : typeof current === 'boolean' ? 'yes' : Array.isArray(current) ? {} : []),
    () => n * 1000 + 1000,
    () => -Math.abs(n) - 1,
    () => 1e308,
    () => 0,
    () => 0.5,
    () => 3,
    () => rawPlaceholder('nan'),
    () => 'NaN',
    () => rawPlaceholder(rng.next() < 0.5 ? 'infinity' : 'negativeInfinity'),
    () => null,
    () => [],
    () => '',
    () => 'z'.repeat(100_000),
    () => nestedJunk(rng, 1 + rng.int(1000)),
    () => rawPlaceholder(rng.next() < 0.5 ? 'deepArrays' : 'deepObjects'),
    () => !current,
  ];
  // Small changes to numbers often keep the document valid, so acceptance is exercised too.
  if (typeof current === 'number' && rng.next() < 0.5) return rng.next() < 0.8 ? current * (0.9 + 0.2 * rng.next()) : Math.round(current);
  return pick(rng, choices)();
}

function containerAt(doc: Json, segments: string[]): Json {
  const found = getAt(doc, formatPointer(segments));
  if (!found.ok) throw new Error(`mutator lost its way at ${formatPointer(segments)}`);
  return found.value as Json;
}

/** Applies one structural mutation in place; returns its name. */
function mutateValue(rng: Rng, doc: { [key: string]: Json }): string {
  const all = locations(doc);
  const kind = rng.int(3);
  if (kind === 2) {
    const objects = [[], ...all].filter((s) => {
      const v = containerAt(doc, s);
      return v !== null && typeof v === 'object' && !Array.isArray(v);
    });
    const target = containerAt(doc, pick(rng, objects)) as { [key: string]: Json };
    Object.defineProperty(target, pick(rng, UNKNOWN_KEYS), { value: replacement(rng, 1), enumerable: true, configurable: true, writable: true });
    return 'add unknown field';
  }
  const where = pick(rng, all);
  const key = where[where.length - 1] as string;
  const parent = containerAt(doc, where.slice(0, -1));
  if (kind === 0) {
    if (Array.isArray(parent)) parent.splice(Number(key), 1);
    else delete (parent as { [key: string]: Json })[key];
    return 'delete field';
  }
  const current = containerAt(doc, where);
  const value = replacement(rng, current);
  if (Array.isArray(parent)) parent[Number(key)] = value;
  else (parent as { [key: string]: Json })[key] = value;
  return 'replace value';
}

function spliceRawTokens(text: string): string {
  let out = text;
  for (const [name, token] of Object.entries(RAW_TOKENS)) out = out.split(JSON.stringify(rawPlaceholder(name))).join(token);
  return out;
}

interface FuzzCase {
  id: string;
  file: string;
  text: string;
  mutations: string[];
}

/** One mutated preset: 1-2 structural mutations, then sometimes a truncation or a flipped character. */
function makeCase(file: string, index: number): FuzzCase {
  const rng = Rng.fromKey('scene-fuzz', file, index);
  const doc = JSON.parse(presetText(file)) as { [key: string]: Json };
  const mutations: string[] = [];
  const structural = rng.next() < 0.8 ? 1 + rng.int(2) : 0;
  for (let i = 0; i < structural; i++) mutations.push(mutateValue(rng, doc));
  let text = spliceRawTokens(JSON.stringify(doc, null, rng.next() < 0.5 ? 2 : 0));
  const textual = structural === 0 ? 1 + rng.int(2) : rng.next() < 0.25 ? 1 + rng.int(2) : 0;
  if (textual === 1) {
    text = text.slice(0, rng.int(text.length));
    mutations.push('truncate');
  } else if (textual === 2) {
    const at = rng.int(text.length);
    text = text.slice(0, at) + pick(rng, FLIP_CHARS) + text.slice(at + 1);
    mutations.push('flip character');
  }
  return { id: `${file}#${index}`, file, text, mutations };
}

interface Outcome {
  fuzz: FuzzCase;
  result?: LoadResult;
  thrown?: unknown;
  ms: number;
}

let outcomes: Outcome[];

beforeAll(() => {
  outcomes = [];
  for (const file of presetFiles()) {
    for (let i = 0; i < CASES_PER_PRESET; i++) {
      const fuzz = makeCase(file, i);
      const started = performance.now();
      try {
        const result = loadSceneText(fuzz.text, file, LOAD_OPTIONS);
        outcomes.push({ fuzz, result, ms: performance.now() - started });
      } catch (thrown) {
        outcomes.push({ fuzz, thrown, ms: performance.now() - started });
      }
    }
  }
});

/** What a problem's pointer names must exist in the parsed document, or at least its parent must. */
function pointerIsInDocument(text: string, path: string): boolean {
  if (path === '') return true;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return false;
  }
  const segments = parsePointer(path);
  return getAt(raw, path).ok || getAt(raw, formatPointer(segments.slice(0, -1))).ok;
}

describe('loading mutated presets', () => {
  it('makes at least 500 distinct mutated documents, reproducibly', () => {
    expect(outcomes.length).toBeGreaterThanOrEqual(500);
    expect(new Set(outcomes.map((o) => o.fuzz.text)).size).toBeGreaterThan(0.95 * outcomes.length);
    const again = makeCase(presetFiles()[0] as string, 3);
    expect(again.text).toBe(outcomes[3]?.fuzz.text);
  });

  it('never throws', () => {
    const thrown = outcomes.filter((o) => o.thrown !== undefined).map((o) => `${o.fuzz.id} [${o.fuzz.mutations.join(', ')}]: ${String(o.thrown)}`);
    expect(thrown).toEqual([]);
  });

  it(`returns within ${TIME_LIMIT_MS} ms for every document`, () => {
    const slow = outcomes.filter((o) => o.ms > TIME_LIMIT_MS).map((o) => `${o.fuzz.id}: ${o.ms.toFixed(0)} ms`);
    expect(slow).toEqual([]);
  });

  it('accepts some documents and refuses others', () => {
    const accepted = outcomes.filter((o) => o.result?.ok);
    const refused = outcomes.filter((o) => o.result && !o.result.ok);
    const byKind = new Map<string, number>();
    for (const o of refused) {
      const problem = o.result && !o.result.ok ? o.result.problem : undefined;
      const kind = problem?.path === '' ? problem.message.split(':')[0] ?? '' : (problem?.path.split('/')[1] ?? '');
      byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
    }
    console.log(`scene fuzz: ${outcomes.length} documents, ${accepted.length} accepted, ${refused.length} refused; refused at: ${[...byKind].map(([k, n]) => `${k || '(root)'} ${n}`).join(', ')}`);
    expect(accepted.length).toBeGreaterThan(0);
    expect(refused.length).toBeGreaterThan(0);
  });

  it('gives an accepted document a scene that re-validates unchanged and samples into valid episodes', () => {
    const failures: string[] = [];
    for (const { fuzz, result } of outcomes) {
      if (!result?.ok) continue;
      const again = loadSceneValue(result.scene, fuzz.file, LOAD_OPTIONS);
      if (!again.ok) failures.push(`${fuzz.id}: re-validation refused: ${formatProblem(again.problem)}`);
      else if (JSON.stringify(again.scene) !== JSON.stringify(result.scene)) failures.push(`${fuzz.id}: re-validation changed the scene`);
      for (const episode of [0, 1]) {
        try {
          const spec = sample(result.scene, 99, episode);
          const resolved = loadSceneValue(spec.scene, `${fuzz.file}#${episode}`, LOAD_OPTIONS);
          if (!resolved.ok) failures.push(`${fuzz.id}: episode ${episode} is invalid: ${formatProblem(resolved.problem)}`);
        } catch (error) {
          failures.push(`${fuzz.id}: sample threw ${String(error)}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('gives a refused document one line: the file name, then a JSON pointer or "(document)"', () => {
    const failures: string[] = [];
    for (const { fuzz, result } of outcomes) {
      if (!result || result.ok) continue;
      const { problem } = result;
      const line = formatProblem(problem);
      const where = problem.path === '' ? '(document)' : problem.path;
      const plainPath = !/[\p{Cc}\u2028\u2029]/u.test(where);
      if (/[\r\n\u2028\u2029]/.test(line)) failures.push(`${fuzz.id}: more than one line: ${JSON.stringify(line)}`);
      else if (!line.startsWith(`${fuzz.file}: `)) failures.push(`${fuzz.id}: does not start with the file name: ${line}`);
      else if (problem.path !== '' && !problem.path.startsWith('/')) failures.push(`${fuzz.id}: not a JSON pointer: ${line}`);
      else if (plainPath && !line.startsWith(`${fuzz.file}: ${where}: `)) failures.push(`${fuzz.id}: pointer not shown: ${line}`);
      else if (!pointerIsInDocument(fuzz.text, problem.path)) failures.push(`${fuzz.id}: ${problem.path} is not in the document: ${line}`);
    }
    expect(failures).toEqual([]);
  });

  it('refuses exactly the texts that are not JSON, with a line and column', () => {
    const failures: string[] = [];
    for (const { fuzz, result } of outcomes) {
      let parses = true;
      try {
        JSON.parse(fuzz.text);
      } catch {
        parses = false;
      }
      if ((jsonSyntaxErrorOffset(fuzz.text) === undefined) !== parses) failures.push(`${fuzz.id}: the syntax check disagrees with JSON.parse`);
      const notJson = !!result && !result.ok && result.problem.message.startsWith('not valid JSON');
      if (notJson === parses) failures.push(`${fuzz.id}: JSON.parse says ${parses ? 'valid' : 'invalid'}, the loader disagrees`);
      if (notJson && !/line \d+,? column \d+/.test(result.problem.message)) failures.push(`${fuzz.id}: no line and column: ${result.problem.message}`);
    }
    expect(failures).toEqual([]);
  });
});
