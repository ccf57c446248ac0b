/**
 * `meta/tasks.parquet`: each natural-language task once, with its
 * task_index in order of first appearance. LeRobot writes it from a pandas
 * DataFrame indexed by task (`tasks.to_parquet(path)`), so the file holds
 * the column `task_index` (int64), then the index as column `task` (string),
 * and pyarrow's "pandas" metadata that makes `pd.read_parquet` restore
 * `task` as the index. The same metadata is written here, in the form
 * pyarrow's `construct_metadata` gives for that DataFrame.
 */
import type { RecordBatch } from 'apache-arrow';
import { int64Column, recordBatch, utf8Column } from './arrow-columns';
import { pyJsonDumps } from './python-json';

/** Task strings and their indices, in order of first appearance. */
export class TaskTable {
  private readonly index = new Map<string, number>();

  /** The task's index, adding it if new. */
  indexOf(task: string): number {
    let i = this.index.get(task);
    if (i === undefined) {
      i = this.index.size;
      this.index.set(task, i);
    }
    return i;
  }

  /** Whether the task is known. */
  has(task: string): boolean {
    return this.index.has(task);
  }

  get size(): number {
    return this.index.size;
  }

  /** Tasks in index order. */
  tasks(): string[] {
    return [...this.index.keys()];
  }
}

/** The "pandas" schema metadata of a DataFrame with an int64 `task_index` column and a string index named `task`. */
export const TASKS_PANDAS_METADATA = pyJsonDumps(
  {
    index_columns: ['task'],
    column_indexes: [{ name: null, field_name: null, pandas_type: 'unicode', numpy_type: 'object', metadata: { encoding: 'UTF-8' } }],
    columns: [
      { name: 'task_index', field_name: 'task_index', pandas_type: 'int64', numpy_type: 'int64', metadata: null },
      { name: 'task', field_name: 'task', pandas_type: 'unicode', numpy_type: 'object', metadata: null },
    ],
    creator: { library: 'pyarrow', version: '21.0.0' },
    pandas_version: '2.3.3',
  },
  { ensureAscii: true },
);

/** The tasks table as an Arrow batch: task_index (int64), task (string), with the pandas metadata. */
export function tasksBatch(tasks: readonly string[]): RecordBatch {
  return recordBatch(
    [int64Column('task_index', tasks.map((_, i) => i)), utf8Column('task', tasks)],
    ['pandas', TASKS_PANDAS_METADATA],
  );
}
