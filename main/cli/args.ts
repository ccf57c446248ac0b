/** Command-line parsing shared by the commands (node:util parseArgs, strict). */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliError, EXIT } from './exit-codes';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Parses argv; unknown options and missing values are usage errors. */
export function parse<O extends Options>(argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new CliError(EXIT.usage, `${(error as Error).message} (see --help)`);
  }
}

/** Reads an integer option within [min, max]. */
export function intOption(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^-?\d+$/.test(raw.trim()) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new CliError(EXIT.usage, `--${name}: expected an integer from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

/** Reads a positive number option. */
export function numberOption(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || value < min || value > max) {
    throw new CliError(EXIT.usage, `--${name}: expected a number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}
