import { asciiOnly, ByteSink } from '../sink.js';
import { isoTime } from '../iso-time.js';
import type { Batch, ColumnSpec, ExportSchema } from '../schema.js';
import type { FormatWriter, WriterFactory } from './types.js';

/**
 * CSV with RFC 4180 quoting: a field holding a comma, a double quote, CR or LF is enclosed in
 * double quotes with inner quotes doubled. Header row of column names; LF line ends; null is an
 * empty field; timestamps ISO-8601 UTC with milliseconds (DuckDB, pandas and polars parse them).
 */
export function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const num = (v: number) => (v === v && v !== Infinity && v !== -Infinity ? '' + v : '');
/**
 * A double is written with a decimal point even when whole (8 → "8.0"), so readers that guess
 * types from the text (DuckDB's read_csv, pandas, polars) see DOUBLE as in parquet, not BIGINT.
 * From 1e21 up JavaScript writes an exponent, which already reads as a double.
 */
export const dbl = (v: number) => (v === v && v !== Infinity && v !== -Infinity ? (Number.isInteger(v) && Math.abs(v) < 1e21 ? v + '.0' : '' + v) : '');

/**
 * One batch → CSV text. The row expression is generated once per schema (new Function) so V8
 * sees one straight-line concatenation per row instead of ten megamorphic formatter calls;
 * dictionary entries are quoted once per export, not once per row.
 */
type RowsFn = (n: number, cols: unknown[], dicts: unknown[], iso: typeof isoTime, num: (v: number) => string, field: typeof csvField, dbl: (v: number) => string) => string;

function compileRows(schema: ExportSchema): RowsFn {
  const parts = schema.columns.map((spec: ColumnSpec, j: number) => {
    const c = `c${j}`;
    switch (spec.type) {
      case 'dict':
        return `(${c}.codes[i] < 0 ? '' : d${j}[${c}.codes[i]])`;
      case 'str':
        return `(${c}.values[i] === null ? '' : field(${c}.values[i]))`;
      case 'ts':
        return spec.nullable ? `(${c}.valid && ${c}.valid[i] === 0 ? '' : iso(${c}.values[i]))` : `iso(${c}.values[i])`;
      case 'bool':
        return `(${c}.valid && ${c}.valid[i] === 0 ? '' : ${c}.values[i] ? 'true' : 'false')`;
      default: {
        const f = spec.type === 'f64' ? 'dbl' : 'num';
        return spec.nullable ? `(${c}.valid && ${c}.valid[i] === 0 ? '' : ${f}(${c}.values[i]))` : `${f}(${c}.values[i])`;
      }
    }
  });
  const decl = schema.columns.map((_, j) => `const c${j} = cols[${j}], d${j} = dicts[${j}];`).join('\n');
  const body = `${decl}
let out = '';
for (let i = 0; i < n; i++) out += ${parts.join(" + ',' + ")} + '\\n';
return out;`;
  return new Function('n', 'cols', 'dicts', 'iso', 'num', 'field', 'dbl', body) as RowsFn;
}

const CHUNK_ROWS = 1024;

export const createCsvWriter: WriterFactory = async (schema: ExportSchema, path) => {
  const sink = path ? ByteSink.file(path) : ByteSink.stdout();
  sink.ascii = asciiOnly(schema.columns);
  sink.push(schema.columns.map((c) => csvField(c.name)).join(',') + '\n');
  const rowsFn = compileRows(schema);
  const dicts = schema.columns.map((c) => c.dictionary?.map(csvField));
  let rows = 0;
  const w: FormatWriter = {
    get rows() {
      return rows;
    },
    async write(batch: Batch) {
      // In chunks, so a slow stdout reader applies backpressure within a batch too.
      for (let off = 0; off < batch.length; off += CHUNK_ROWS) {
        const n = Math.min(CHUNK_ROWS, batch.length - off);
        const cols = off === 0 && n === batch.length ? batch.columns : batch.columns.map((c) => sliceCol(c, off, n));
        sink.push(rowsFn(n, cols as unknown[], dicts, isoTime, num, csvField, dbl));
        await sink.flushIfFull();
      }
      rows += batch.length;
    },
    finish: () => sink.close(),
    abort: () => sink.close().catch(() => undefined),
  };
  return w;
};

function sliceCol(c: Batch['columns'][number], off: number, n: number): Batch['columns'][number] {
  if (c.kind === 'codes') return { kind: 'codes', codes: c.codes.subarray(off, off + n) };
  if (c.kind === 'strings') return { kind: 'strings', values: c.values.slice(off, off + n) };
  return { kind: 'num', values: c.values.subarray(off, off + n), valid: c.valid?.subarray(off, off + n) };
}
