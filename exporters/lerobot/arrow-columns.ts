/**
 * Arrow JS columns of the types LeRobot's files use, built straight from
 * typed arrays (no per-value builders): float32 and fixed-size
 * list<float32> (the child buffer is the row-major frame data itself),
 * int64, bool, double, utf8, list<double | int64 | string>,
 * list<list<list<double>>> (image statistics of shape [channels, 1, 1]) and
 * struct<bytes: binary, path: string> (Hugging Face `Image` cells). Fields
 * are nullable and list children are named "item", as pyarrow and Hugging
 * Face `datasets` make them.
 */
import {
  Binary,
  Bool,
  Data,
  Field,
  FixedSizeList,
  Float32,
  Float64,
  Int64,
  List,
  RecordBatch,
  Schema,
  Struct,
  Utf8,
  makeData,
  type DataType,
} from 'apache-arrow';

/** A column: its field and its data. */
export interface Column {
  field: Field;
  data: Data;
}

/** float32 per row, or fixed-size list<float32>[dims] when dims > 1 (row-major values). */
export function float32Column(name: string, values: Float32Array, dims: number): Column {
  const rows = values.length / dims;
  const child = makeData({ type: new Float32(), length: values.length, data: values });
  if (dims === 1) return { field: new Field(name, new Float32(), true), data: child };
  const type = new FixedSizeList(dims, new Field('item', new Float32(), true));
  return { field: new Field(name, type, true), data: makeData({ type, length: rows, child }) };
}

/** int64 from JS numbers (safe integers). */
export function int64Column(name: string, values: ArrayLike<number>): Column {
  const data = new BigInt64Array(values.length);
  for (let i = 0; i < values.length; i++) data[i] = BigInt(values[i]!);
  return { field: new Field(name, new Int64(), true), data: makeData({ type: new Int64(), length: values.length, data }) };
}

/** bool from 0/1 bytes (packed to Arrow's bitmap). */
export function boolColumn(name: string, values: Uint8Array): Column {
  const bits = new Uint8Array(Math.ceil(values.length / 8));
  for (let i = 0; i < values.length; i++) if (values[i]) bits[i >> 3]! |= 1 << (i & 7);
  return { field: new Field(name, new Bool(), true), data: makeData({ type: new Bool(), length: values.length, data: bits }) };
}

/** double per row. */
export function float64Column(name: string, values: ArrayLike<number>): Column {
  const data = Float64Array.from(values);
  return { field: new Field(name, new Float64(), true), data: makeData({ type: new Float64(), length: data.length, data }) };
}

/** utf8 per row. */
export function utf8Column(name: string, values: readonly string[]): Column {
  return { field: new Field(name, new Utf8(), true), data: utf8Data(values) };
}

/** list<double> per row (rows may differ in length). */
export function float64ListColumn(name: string, rows: readonly ArrayLike<number>[]): Column {
  const flat = new Float64Array(rows.reduce((n, r) => n + r.length, 0));
  let offset = 0;
  for (const r of rows) {
    flat.set(r, offset);
    offset += r.length;
  }
  const child = makeData({ type: new Float64(), length: flat.length, data: flat });
  return listColumn(name, new Float64(), rows, child);
}

/** list<int64> per row. */
export function int64ListColumn(name: string, rows: readonly ArrayLike<number>[]): Column {
  const flat = new BigInt64Array(rows.reduce((n, r) => n + r.length, 0));
  let offset = 0;
  for (const r of rows) for (let i = 0; i < r.length; i++) flat[offset++] = BigInt(r[i]!);
  const child = makeData({ type: new Int64(), length: flat.length, data: flat });
  return listColumn(name, new Int64(), rows, child);
}

/**
 * list<list<list<double>>> per row: one [[v]] per value, the shape [n, 1, 1]
 * that `ndarray.tolist()` gives LeRobot's per-channel image statistics.
 */
export function float64Nested3ListColumn(name: string, rows: readonly ArrayLike<number>[]): Column {
  const flat = new Float64Array(rows.reduce((n, r) => n + r.length, 0));
  let offset = 0;
  for (const r of rows) {
    flat.set(r, offset);
    offset += r.length;
  }
  const ones = (n: number) => Int32Array.from({ length: n + 1 }, (_, i) => i);
  const innerType = new List(new Field('item', new Float64(), true));
  const inner = makeData({ type: innerType, length: flat.length, valueOffsets: ones(flat.length), child: makeData({ type: new Float64(), length: flat.length, data: flat }) });
  const middleType = new List(new Field('item', innerType, true));
  const middle = makeData({ type: middleType, length: flat.length, valueOffsets: ones(flat.length), child: inner });
  return listColumn(name, middleType, rows, middle);
}

/** A Hugging Face `Image` cell: the encoded image, and a file name or null. */
export interface ImageCellValue {
  bytes: Uint8Array;
  path: string | null;
}

/** struct<bytes: binary, path: string> per row, the storage of a Hugging Face `Image` column. */
export function imageColumn(name: string, cells: readonly ImageCellValue[]): Column {
  const offsets = new Int32Array(cells.length + 1);
  for (let i = 0; i < cells.length; i++) offsets[i + 1] = offsets[i]! + cells[i]!.bytes.length;
  const bytes = new Uint8Array(offsets[cells.length]!);
  cells.forEach((c, i) => bytes.set(c.bytes, offsets[i]!));
  const binary = makeData({ type: new Binary(), length: cells.length, valueOffsets: offsets, data: bytes });
  const paths = utf8Data(cells.map((c) => c.path ?? ''));
  const nulls = cells.filter((c) => c.path === null).length;
  const pathData = nulls === 0 ? paths : makeData({
    type: new Utf8(), length: cells.length, nullCount: nulls, nullBitmap: validityBitmap(cells.map((c) => c.path !== null)),
    valueOffsets: paths.valueOffsets, data: paths.values,
  });
  const fields = [new Field('bytes', new Binary(), true), new Field('path', new Utf8(), true)];
  const type = new Struct(fields);
  return { field: new Field(name, type, true), data: makeData({ type, length: cells.length, children: [binary, pathData] }) };
}

function validityBitmap(valid: readonly boolean[]): Uint8Array {
  const bits = new Uint8Array(Math.ceil(valid.length / 8));
  valid.forEach((v, i) => {
    if (v) bits[i >> 3]! |= 1 << (i & 7);
  });
  return bits;
}

/** list<string> per row. */
export function stringListColumn(name: string, rows: readonly (readonly string[])[]): Column {
  return listColumn(name, new Utf8(), rows, utf8Data(rows.flat()));
}

function listColumn<T extends DataType>(name: string, itemType: T, rows: readonly ArrayLike<unknown>[], child: Data<T>): Column {
  const offsets = new Int32Array(rows.length + 1);
  for (let i = 0; i < rows.length; i++) offsets[i + 1] = offsets[i]! + rows[i]!.length;
  const type = new List(new Field('item', itemType, true));
  return { field: new Field(name, type, true), data: makeData({ type, length: rows.length, valueOffsets: offsets, child }) };
}

const encoder = new TextEncoder();

function utf8Data(values: readonly string[]): Data<Utf8> {
  const encoded = values.map((v) => encoder.encode(v));
  const offsets = new Int32Array(values.length + 1);
  for (let i = 0; i < encoded.length; i++) offsets[i + 1] = offsets[i]! + encoded[i]!.length;
  const bytes = new Uint8Array(offsets[values.length]!);
  encoded.forEach((e, i) => bytes.set(e, offsets[i]!));
  return makeData({ type: new Utf8(), length: values.length, valueOffsets: offsets, data: bytes });
}

/** A record batch of equal-length columns, with optional schema metadata (one key, see ParquetWriteSettings). */
export function recordBatch(columns: readonly Column[], metadata?: readonly [string, string]): RecordBatch {
  const fields = columns.map((c) => c.field);
  const length = columns[0]?.data.length ?? 0;
  for (const c of columns) {
    if (c.data.length !== length) throw new Error(`column ${c.field.name} has ${c.data.length} rows, expected ${length}`);
  }
  const schema = new Schema(fields, metadata ? new Map([[metadata[0], metadata[1]]]) : undefined);
  const struct = makeData({ type: new Struct(fields), length, children: columns.map((c) => c.data) });
  return new RecordBatch(schema, struct);
}
