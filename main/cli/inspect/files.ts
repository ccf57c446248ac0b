/** Reading a dataset's files for inspect: JSON, sizes and listings, each failure a damaged-dataset error. */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { damaged, type FileEntry } from './summary';

/** Whether `path` is a regular file. */
export function isFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}

/** Size of a file, bytes. */
export function fileSize(path: string): number {
  return statSync(path).size;
}

/** Parses a JSON file; missing, unreadable or not JSON is a damaged dataset. */
export function readJsonFile(file: string): unknown {
  if (!isFile(file)) throw damaged(file, 'missing');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw damaged(file, 'unreadable', (error as Error).message);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw damaged(file, 'not JSON', `${(error as Error).message}; ${Buffer.byteLength(text)} bytes`);
  }
}

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A short, one-line rendering of a JSON value for messages. */
export function show(value: unknown): string {
  if (value === undefined) return 'missing';
  const text = typeof value === 'bigint' ? String(value) : (JSON.stringify(value) ?? String(value));
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/**
 * Reads `obj[key]` and checks it with `ok`; otherwise the file is damaged:
 * `<file>: field "<at>": expected <expected> (got <value>)`, where `at` is
 * the field's full name (default `key`).
 */
export function field<T>(file: string, obj: JsonObject, key: string, expected: string, ok: (v: unknown) => v is T, at = key): T {
  const value = obj[key];
  if (value === undefined) throw damaged(file, `field "${at}" missing`, `expected ${expected}`);
  if (!ok(value)) throw damaged(file, `field "${at}": expected ${expected}`, `got ${show(value)}`);
  return value;
}

/** `obj[key]` as an object; otherwise the file is damaged. */
export function objectField(file: string, obj: JsonObject, key: string, at = key): JsonObject {
  return field(file, obj, key, 'an object', isObject, at);
}

export const isString = (v: unknown): v is string => typeof v === 'string';
export const isNonNegativeInt = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
export const isPositiveNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0;

/** Every file under `dir` (recursively), relative paths with "/", sorted; `skip` names top-level entries to leave out. */
export function listFiles(dir: string, skip: readonly string[] = []): FileEntry[] {
  const out: FileEntry[] = [];
  const walk = (abs: string, rel: string) => {
    for (const entry of readdirSync(abs, { withFileTypes: true })) {
      if (!rel && skip.includes(entry.name)) continue;
      const childRel = rel ? `${rel}/${entry.name}` : entry.name;
      const childAbs = join(abs, entry.name);
      if (entry.isDirectory()) walk(childAbs, childRel);
      else if (entry.isFile()) out.push({ path: childRel, bytes: fileSize(childAbs) });
    }
  };
  walk(dir, '');
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
