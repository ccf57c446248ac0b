/** DuckDB as an independent Parquet reader for the LeRobot tests. */
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { tableFromIPC, type Schema } from 'apache-arrow';

export type Row = Record<string, unknown>;

/** A connection whose rows come back with BIGINTs as numbers (all values here are small). */
export async function openDuckDB(): Promise<(sql: string) => Promise<Row[]>> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection: DuckDBConnection = await instance.connect();
  return async (sql) => {
    const reader = await connection.runAndReadAll(sql);
    return reader.getRowObjectsJS().map((row) => numbersFromBigInts(row) as Row);
  };
}

function numbersFromBigInts(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map(numbersFromBigInts);
  if (value && typeof value === 'object' && value.constructor === Object) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, numbersFromBigInts(v)]));
  }
  return value;
}

/** Every file under `root`, as sorted paths relative to it with forward slashes. */
export function listFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else out.push(relative(root, full).split('\\').join('/'));
    }
  };
  walk(root);
  return out.sort();
}

/** SQL string literal. */
export function sqlString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** The Arrow schema stored in a Parquet file's "ARROW:schema" entry (read with DuckDB, decoded with Arrow JS). */
export async function embeddedArrowSchema(query: (sql: string) => Promise<Row[]>, file: string): Promise<Schema> {
  const rows = await query(`select decode(value) as v from parquet_kv_metadata(${sqlString(file)}) where decode(key) = 'ARROW:schema'`);
  if (rows.length !== 1) throw new Error(`${file} has no ARROW:schema`);
  const message = Buffer.from(String(rows[0]!.v), 'base64');
  // An IPC stream is the schema message followed by an end-of-stream marker.
  const stream = Buffer.concat([message, Buffer.from([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0])]);
  return tableFromIPC(stream).schema;
}

/** A Parquet file's key-value metadata, keys to decoded strings. */
export async function keyValueMetadata(query: (sql: string) => Promise<Row[]>, file: string): Promise<Map<string, string>> {
  const rows = await query(`select decode(key) as k, decode(value) as v from parquet_kv_metadata(${sqlString(file)})`);
  return new Map(rows.map((r) => [String(r.k), String(r.v)]));
}
