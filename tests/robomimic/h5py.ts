/** Reads a robomimic file with h5py (Debian's python3-h5py, an independent reader) through read_robomimic.py. */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';

export const PYTHON = '/usr/bin/python3';
const SCRIPT = join(import.meta.dirname, 'read_robomimic.py');

/** An attribute as h5py returned it: a str, or a numpy scalar with its dtype. */
export type PyAttr = string | { numpy: string; value: number } | { bytes: string } | { other: string };

export interface PyDataset {
  shape: number[];
  /** numpy dtype string, e.g. "<f4". */
  dtype: string;
  chunks: number[] | null;
  compression: string | null;
  compression_opts: number | null;
  /** SHA-256 of the values as little-endian bytes. */
  sha256: string;
  sum: number;
  last: number | null;
}

export interface PyDemo {
  name: string;
  attrs: Record<string, PyAttr>;
  keys: string[];
  obs_keys: string[];
  next_obs_keys: string[];
  next_obs_is_shifted_obs: boolean;
  datasets: Record<string, PyDataset>;
  mtimes: number[];
}

export interface PySummary {
  root_keys: string[];
  data_attrs: Record<string, PyAttr>;
  env_meta: { env_name: string; type: number; env_version: string; env_kwargs: Record<string, unknown> };
  libver: string[];
  demos: PyDemo[];
  masks: Record<string, string[]>;
  mask_dtypes: Record<string, string>;
  mtimes: number[];
}

/** Whether h5py can be imported (Debian's python3-h5py). */
export function h5pyAvailable(): boolean {
  return spawnSync(PYTHON, ['-c', 'import h5py'], { encoding: 'utf8' }).status === 0;
}

export function readWithH5py(file: string): PySummary {
  const run = spawnSync(PYTHON, [SCRIPT, file], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`h5py could not read ${file} (exit ${run.status}): ${run.stderr || run.error?.message}`);
  return JSON.parse(run.stdout) as PySummary;
}

/** SHA-256 of a typed array's bytes (little-endian on every machine we run on), to compare with PyDataset.sha256. */
export function sha256(data: ArrayBufferView): string {
  return createHash('sha256').update(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)).digest('hex');
}

/** The int64 value of a numpy attribute, or undefined when it is not one. */
export function int64(attr: PyAttr | undefined): number | undefined {
  return typeof attr === 'object' && 'numpy' in attr && attr.numpy === '<i8' ? attr.value : undefined;
}
