import * as A from 'apache-arrow';
import type { Batch, ColumnSpec, ColumnValues, ExportSchema } from './schema.js';

/**
 * Batches → Apache Arrow record batches with real types: timestamps are TimestampMillisecond
 * in UTC (not strings), ids Int64, dict columns Dictionary<Int32, Utf8> sharing ONE dictionary
 * vector for the whole export (so an IPC file writes it once and parquet-wasm encodes codes,
 * not a million JS strings).
 */
export class ArrowConverter {
  readonly schema: A.Schema;
  private readonly dicts: (A.Vector | undefined)[];

  constructor(readonly source: ExportSchema, metadata: Readonly<Record<string, string>> = {}) {
    this.dicts = source.columns.map((c) => (c.type === 'dict' ? A.vectorFromArray([...c.dictionary!], new A.Utf8()) : undefined));
    this.schema = new A.Schema(
      source.columns.map((c) => new A.Field(c.name, arrowType(c), c.nullable)),
      new Map(Object.entries(metadata)),
    );
  }

  toRecordBatch(batch: Batch): A.RecordBatch {
    const children = this.source.columns.map((spec, j) => this.columnData(spec, this.schema.fields[j].type, batch.columns[j], batch.length, j));
    const data = A.makeData({ type: new A.Struct(this.schema.fields), length: batch.length, nullCount: 0, children });
    return new A.RecordBatch(this.schema, data);
  }

  private columnData(spec: ColumnSpec, type: A.DataType, col: ColumnValues, n: number, j: number): A.Data {
    if (col.kind === 'codes') {
      let codes = col.codes;
      const { bitmap, nulls } = bitmapOf(n, (i) => col.codes[i] >= 0);
      if (nulls) codes = codes.map((c) => (c < 0 ? 0 : c));
      return A.makeData({ type: type as A.Dictionary, length: n, nullCount: nulls, nullBitmap: nulls ? bitmap : undefined, data: codes, dictionary: this.dicts[j]! });
    }
    if (col.kind === 'strings') return A.vectorFromArray(col.values, new A.Utf8()).data[0];
    const { values, valid } = col;
    const { bitmap, nulls } = valid ? bitmapOf(n, (i) => valid[i] !== 0) : { bitmap: undefined, nulls: 0 };
    const nullBitmap = nulls ? bitmap : undefined;
    switch (spec.type) {
      case 'ts':
        return A.makeData({ type: type as A.TimestampMillisecond, length: n, nullCount: nulls, nullBitmap, data: toInt64(values, valid) });
      case 'i64':
        return A.makeData({ type: type as A.Int64, length: n, nullCount: nulls, nullBitmap, data: toInt64(values, valid) });
      case 'bool':
        return A.makeData({ type: type as A.Bool, length: n, nullCount: nulls, nullBitmap, data: bitmapOf(n, (i) => values[i] !== 0).bitmap });
      default:
        return A.makeData({ type: type as A.Float64, length: n, nullCount: nulls, nullBitmap, data: values });
    }
  }
}

export function arrowType(c: ColumnSpec): A.DataType {
  switch (c.type) {
    case 'ts':
      return new A.TimestampMillisecond('UTC');
    case 'i64':
      return new A.Int64();
    case 'bool':
      return new A.Bool();
    case 'dict':
      return new A.Dictionary(new A.Utf8(), new A.Int32());
    case 'str':
      return new A.Utf8();
    default:
      return new A.Float64();
  }
}

/** Whole numbers held in doubles → int64 without a BigInt per value (little-endian words). */
function toInt64(values: Float64Array, valid?: Uint8Array): BigInt64Array {
  const out = new BigInt64Array(values.length);
  const words = new Uint32Array(out.buffer);
  for (let i = 0; i < values.length; i++) {
    if (valid && valid[i] === 0) continue;
    const v = values[i];
    if (v >= 0 && v <= Number.MAX_SAFE_INTEGER) {
      words[2 * i] = v % 4294967296;
      words[2 * i + 1] = Math.floor(v / 4294967296);
    } else out[i] = BigInt(Math.trunc(v));
  }
  return out;
}

function bitmapOf(n: number, ok: (i: number) => boolean): { bitmap: Uint8Array; nulls: number } {
  const bitmap = new Uint8Array((n + 7) >> 3);
  let nulls = 0;
  for (let i = 0; i < n; i++) {
    if (ok(i)) bitmap[i >> 3] |= 1 << (i & 7);
    else nulls++;
  }
  return { bitmap, nulls };
}
