import { resolve } from 'node:path';
import type { Batch, ColumnSpec, ColumnValues } from '../schema.js';
import type { FormatWriter, WriterFactory } from './types.js';

type H5 = typeof import('h5wasm/node').default;
type Dataset = ReturnType<InstanceType<H5['File']>['create_dataset']>;

/** HDF5 chunk length (rows): appends resize the datasets one chunk-aligned batch at a time. */
const CHUNK = 65_536;
/** Null in an int64 timestamp column (pandas' NaT uses the same value). */
export const HDF5_NULL_TS = -9223372036854775808n;

/**
 * HDF5 through h5wasm (libhdf5 compiled to wasm; in Node it reaches the host filesystem through
 * Emscripten's NODERAWFS). Layout, readable by h5py, h5dump, MATLAB, Julia: one group named
 * after the table holding one 1-D chunked, gzip-compressed, resizable dataset per column:
 * f64 → float64 (null = NaN); ts → int64 epoch ms with attribute units (null = INT64_MIN);
 * i64 → int64; bool → int8; strings → fixed-width UTF-8 (h5wasm cannot write variable-length
 * strings slice by slice), width = the longest value, null = ''. Group attributes carry the
 * metadata and `columns`, the column order (JSON). Not PyTables' "table" layout — its attributes
 * are pickled Python objects and its rows compound records, which h5wasm cannot write — so
 * `pd.read_hdf` needs the README's h5py recipe (tested by test/e2e/export/hdf5-pandas.test.ts),
 * which returns strings as `str`, times as UTC datetimes and can re-save in the table layout.
 */
export const createHdf5Writer: WriterFactory = async (schema, path, opts) => {
  if (!path) throw new Error('hdf5 output needs a file');
  const h5 = (await import('h5wasm/node')).default;
  await h5.ready;
  const file = new h5.File(resolve(path), 'w');
  const group = file.create_group(opts.group);
  for (const [k, v] of Object.entries(opts.metadata)) group.create_attribute(k, v);
  // HDF5 lists a group's members by name: the column order travels as an attribute.
  group.create_attribute('columns', JSON.stringify(schema.columns.map((c) => datasetName(c.name))));
  const sets: Dataset[] = schema.columns.map((spec) => {
    const ds = group.create_dataset({ name: datasetName(spec.name), data: empty(spec), shape: [0], maxshape: [null], chunks: [CHUNK], dtype: dtypeOf(spec), compression: 4 });
    if (spec.type === 'ts') {
      ds.create_attribute('units', 'ms since 1970-01-01T00:00:00Z');
      ds.create_attribute('timezone', 'UTC');
      if (spec.nullable) ds.create_attribute('null_value', 'INT64_MIN (-9223372036854775808)');
    }
    if (spec.type === 'f64' && spec.nullable) ds.create_attribute('null_value', 'NaN');
    if (spec.type === 'bool') ds.create_attribute('logical_type', 'bool');
    if (spec.json) ds.create_attribute('logical_type', 'json');
    return ds;
  });
  let rows = 0;
  let closed = false;
  const w: FormatWriter = {
    get rows() {
      return rows;
    },
    async write(batch: Batch) {
      const n = batch.length;
      schema.columns.forEach((spec, j) => {
        sets[j].resize([rows + n]);
        sets[j].write_slice([[rows, rows + n]], valuesOf(spec, batch.columns[j], n));
      });
      rows += n;
    },
    async finish() {
      closed = true;
      file.close();
    },
    async abort() {
      if (!closed) file.close();
      closed = true;
    },
  };
  return w;
};

/** A '/' would make a nested group (a JSON key such as "BTC/USDT" in a leaf column's path). */
export function datasetName(column: string): string {
  return column.replace(/\//g, '∕');
}

function dtypeOf(spec: ColumnSpec): string {
  switch (spec.type) {
    case 'f64':
      return '<d';
    case 'ts':
    case 'i64':
      return '<q';
    case 'bool':
      return '<b';
    default:
      return `S${spec.maxBytes ?? 64}`;
  }
}

function empty(spec: ColumnSpec) {
  switch (spec.type) {
    case 'f64':
      return new Float64Array(0);
    case 'ts':
    case 'i64':
      return new BigInt64Array(0);
    case 'bool':
      return new Int8Array(0);
    default:
      return [] as string[];
  }
}

function valuesOf(spec: ColumnSpec, col: ColumnValues, n: number) {
  if (col.kind === 'codes') return Array.from(col.codes, (c) => (c < 0 ? '' : spec.dictionary![c]));
  if (col.kind === 'strings') return col.values.map((s) => s ?? '');
  const { values, valid } = col;
  if (spec.type === 'f64') {
    if (!valid) return values;
    const out = Float64Array.from(values);
    for (let i = 0; i < n; i++) if (valid[i] === 0) out[i] = NaN;
    return out;
  }
  if (spec.type === 'bool') return Int8Array.from(values);
  const out = new BigInt64Array(n);
  for (let i = 0; i < n; i++) out[i] = valid && valid[i] === 0 ? HDF5_NULL_TS : BigInt(values[i]);
  return out;
}
