/**
 * The in-memory shape every format writer consumes: a schema of typed columns and batches of
 * column values (typed arrays, never one object per row), so 10 million rows stream through
 * with flat memory and no per-row allocation.
 */

/**
 * f64: double; i64: integer (ids, counts — exact up to 2^53); ts: epoch milliseconds, written
 * as a real UTC timestamp type where the format has one; bool: 0/1; dict: a string from a small
 * set known before the first row (venue, symbol, kind…), held as int32 codes into `dictionary`;
 * str: free text (JSON payloads, keys).
 */
export type ColType = 'f64' | 'i64' | 'ts' | 'bool' | 'dict' | 'str';

export interface ColumnSpec {
  readonly name: string;
  readonly type: ColType;
  readonly nullable: boolean;
  /** dict columns: every value any row of this export can take, fixed for the whole export. */
  readonly dictionary?: readonly string[];
  /** str/dict columns: longest value in UTF-8 bytes (fixed-width formats: HDF5). */
  readonly maxBytes?: number;
  /** str columns holding JSON text (always valid, one line): ndjson/json embed it as an object. */
  readonly json?: boolean;
}

/** Numbers (f64, i64, ts, bool) and dict codes; `valid[i] === 0` marks a null. */
export interface NumericColumn {
  readonly kind: 'num';
  readonly values: Float64Array;
  readonly valid?: Uint8Array;
}
export interface CodeColumn {
  readonly kind: 'codes';
  /** Index into the column's dictionary; -1 is null. */
  readonly codes: Int32Array;
}
export interface StringColumn {
  readonly kind: 'strings';
  readonly values: (string | null)[];
}
export type ColumnValues = NumericColumn | CodeColumn | StringColumn;

export interface Batch {
  readonly length: number;
  readonly columns: readonly ColumnValues[];
}

export interface ExportSchema {
  readonly columns: readonly ColumnSpec[];
}

export function isNull(col: ColumnValues, i: number): boolean {
  if (col.kind === 'num') return col.valid !== undefined && col.valid[i] === 0;
  if (col.kind === 'codes') return col.codes[i] < 0;
  return col.values[i] === null;
}

/** Rows `idx` of a batch, in that order (partition routing, train/val/test splits). */
export function takeRows(batch: Batch, idx: Int32Array | readonly number[]): Batch {
  const n = idx.length;
  const columns = batch.columns.map((c): ColumnValues => {
    if (c.kind === 'num') {
      const values = new Float64Array(n);
      const valid = c.valid ? new Uint8Array(n) : undefined;
      for (let k = 0; k < n; k++) {
        values[k] = c.values[idx[k]];
        if (valid) valid[k] = c.valid![idx[k]];
      }
      return { kind: 'num', values, valid };
    }
    if (c.kind === 'codes') {
      const codes = new Int32Array(n);
      for (let k = 0; k < n; k++) codes[k] = c.codes[idx[k]];
      return { kind: 'codes', codes };
    }
    const values = new Array<string | null>(n);
    for (let k = 0; k < n; k++) values[k] = c.values[idx[k]];
    return { kind: 'strings', values };
  });
  return { length: n, columns };
}

/** The value of one cell as plain JS (tests, json): numbers, strings, null; ts stays epoch ms. */
export function cell(spec: ColumnSpec, col: ColumnValues, i: number): number | string | boolean | null {
  if (isNull(col, i)) return null;
  if (col.kind === 'codes') return spec.dictionary![col.codes[i]];
  if (col.kind === 'strings') return col.values[i];
  const v = col.values[i];
  return spec.type === 'bool' ? v !== 0 : v;
}
