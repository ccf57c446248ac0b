/**
 * Reads columns of a Parquet file with parquet-wasm's file reader (only the
 * footer and the chosen column chunks are read) into Arrow JS. A missing,
 * truncated or otherwise unreadable file is a damaged dataset.
 */
import { openAsBlob } from 'node:fs';
import { ParquetFile } from 'parquet-wasm';
import { tableFromIPC, type Table } from 'apache-arrow';
import { CliError } from '../exit-codes';
import { fileSize, isFile } from './files';
import { damaged } from './summary';

/**
 * The named columns of `file` (all when `columns` is omitted). `listedBy`
 * says who expects the file, for the message when it is missing.
 */
export async function readParquetColumns(file: string, columns?: readonly string[], listedBy?: string): Promise<Table> {
  if (!isFile(file)) throw damaged(file, 'missing', listedBy);
  let reader: ParquetFile | undefined;
  try {
    reader = await ParquetFile.fromFile(await openAsBlob(file));
  } catch (error) {
    throw damaged(file, 'not a readable Parquet file', `${firstLine(error)}; ${fileSize(file)} bytes`);
  }
  try {
    const names = schemaNames(reader);
    const absent = (columns ?? []).filter((c) => !names.includes(c));
    if (absent.length) throw damaged(file, `column${absent.length > 1 ? 's' : ''} ${absent.map((c) => `"${c}"`).join(', ')} missing`, `columns: ${names.join(', ')}`);
    const table = await reader.read(columns ? { columns: [...columns] } : null);
    return tableFromIPC(table.intoIPCStream());
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw damaged(file, 'not a readable Parquet file', `${firstLine(error)}; ${fileSize(file)} bytes`);
  } finally {
    reader.free();
  }
}

/** Top-level column names from the file's schema. */
function schemaNames(reader: ParquetFile): string[] {
  return tableFromIPC(reader.schema().intoIPCStream()).schema.fields.map((f) => f.name); // intoIPCStream consumes the wasm schema
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}
