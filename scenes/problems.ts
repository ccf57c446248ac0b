/** Problems found in a scene file, as one line a person can act on. */
import type { z } from 'zod';
import { formatPointer, getAt } from './pointer';

/** One refused field: where it is, what is wrong, and the value found. */
export interface SceneProblem {
  /** The file as the user named it. */
  file: string;
  /** JSON pointer of the bad field ("" for the whole document). */
  path: string;
  message: string;
  /** The value found there; absent when the field is missing. */
  value?: unknown;
  /** How many further problems the file has. */
  more: number;
}

/** "scene.json: /bodies/0/physics/friction: must be <= 5 (value: 9) [and 2 more problems]" */
export function formatProblem(p: SceneProblem): string {
  const where = p.path === '' ? '(document)' : p.path;
  const value = 'value' in p && p.value !== undefined ? ` (value: ${formatValue(p.value)})` : '';
  const more = p.more > 0 ? ` [and ${p.more} more problem${p.more === 1 ? '' : 's'}]` : '';
  return oneLine(`${p.file}: ${where}: ${p.message}${value}${more}`);
}

/** Escapes line breaks and other control characters (a key may hold "\n") so a problem stays one line. */
function oneLine(text: string): string {
  return text.replace(/[\p{Cc}\u2028\u2029]/gu, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A short, single-line rendering of any JSON value (Infinity and NaN included). */
export function formatValue(value: unknown): string {
  if (typeof value === 'number') return String(value);
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    // Too deeply nested to serialize (String() would recurse as deep).
    text = Array.isArray(value) ? '[...]' : typeof value === 'object' && value !== null ? '{...}' : String(value);
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number' && !Number.isFinite(value)) return `the non-finite number ${value}`;
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

function bound(issue: { origin?: string; inclusive?: boolean }, limit: unknown, big: boolean): string {
  const n = typeof limit === 'bigint' ? limit.toString() : String(limit);
  switch (issue.origin) {
    case 'array':
      return big ? `must have at most ${n} items` : `must have at least ${n} item${n === '1' ? '' : 's'}`;
    case 'string':
      return big ? `must be at most ${n} characters` : `must be at least ${n} character${n === '1' ? '' : 's'} long`;
    default:
      return `must be ${big ? '<' : '>'}${issue.inclusive ? '=' : ''} ${n}`;
  }
}

/** Turns one zod issue into a problem, reading the offending value from `raw`. */
export function problemFromIssue(issue: z.core.$ZodIssue, raw: unknown, file: string, more: number): SceneProblem {
  let path = formatPointer(issue.path.map((s) => (typeof s === 'symbol' ? String(s) : s)));
  let message: string;
  switch (issue.code) {
    case 'invalid_type': {
      const found = getAt(raw, path);
      message = !found.ok || found.value === undefined
        ? `required field is missing (expected ${issue.expected})`
        : `expected ${issue.expected}, got ${describeType(found.value)}`;
      break;
    }
    case 'too_big':
      message = bound(issue, issue.maximum, true);
      break;
    case 'too_small':
      message = bound(issue, issue.minimum, false);
      break;
    case 'unrecognized_keys':
      path = formatPointer([...issue.path.map(String), issue.keys[0] ?? '']);
      message = `unknown field "${issue.keys[0]}"${issue.keys.length > 1 ? ` (also: ${issue.keys.slice(1).join(', ')})` : ''}`;
      break;
    case 'invalid_union': {
      const options = (issue as { options?: unknown[] }).options;
      const found = getAt(raw, path);
      message = options
        ? `${found.ok && found.value !== undefined ? 'must be' : 'required field is missing: give'} one of ${options.map((o) => JSON.stringify(o)).join(', ')}`
        : 'matches none of the allowed forms';
      break;
    }
    case 'invalid_value':
      message = `must be ${issue.values.length === 1 ? formatValue(issue.values[0]) : `one of ${issue.values.map((v) => formatValue(v)).join(', ')}`}`;
      break;
    default:
      message = issue.message;
  }
  const found = getAt(raw, path);
  const problem: SceneProblem = { file, path, message, more };
  if (found.ok && found.value !== undefined && issue.code !== 'unrecognized_keys') problem.value = found.value;
  if (issue.code === 'unrecognized_keys' && found.ok) problem.value = found.value;
  return problem;
}
