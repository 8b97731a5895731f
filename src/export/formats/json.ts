import { asciiOnly, ByteSink } from '../sink.js';
import { isoTime } from '../iso-time.js';
import { dbl } from './csv.js';
import type { Batch, ColumnSpec, ColumnValues, ExportSchema } from '../schema.js';
import type { FormatWriter, WriterFactory } from './types.js';

/**
 * ndjson (one object a line) and json (one array). Field names are the column names; numbers
 * stay numbers (non-finite → null); timestamps are ISO-8601 UTC strings; null is null; JSON
 * columns (payload, metrics, params…) are objects, so `jq '.metrics.sharpe'` works.
 */
type Fmt = (i: number) => string;

function formatter(spec: ColumnSpec, col: ColumnValues): Fmt {
  const key = JSON.stringify(spec.name) + ':';
  if (col.kind === 'codes') {
    const dict = spec.dictionary!.map((s) => key + JSON.stringify(s));
    const nul = key + 'null';
    const codes = col.codes;
    return (i) => (codes[i] < 0 ? nul : dict[codes[i]]);
  }
  if (col.kind === 'strings') {
    const v = col.values;
    // JSON columns arrive checked and compacted by the store (tables.ts): embedded as objects.
    if (spec.json) return (i) => key + (v[i] === null ? 'null' : v[i]);
    return (i) => key + (v[i] === null ? 'null' : JSON.stringify(v[i]));
  }
  const { values, valid } = col;
  const isNull = (i: number) => (valid !== undefined && valid[i] === 0) || !Number.isFinite(values[i]);
  if (spec.type === 'ts') return (i) => key + (isNull(i) ? 'null' : '"' + isoTime(values[i]) + '"');
  if (spec.type === 'bool') return (i) => key + (isNull(i) ? 'null' : values[i] ? 'true' : 'false');
  // Whole doubles keep their decimal point (8.0), as in csv.ts: readers infer DOUBLE, like parquet.
  if (spec.type === 'f64') return (i) => key + (isNull(i) ? 'null' : dbl(values[i]));
  return (i) => key + (isNull(i) ? 'null' : String(values[i]));
}

function textWriter(schema: ExportSchema, path: string | undefined, open: string, sep: string, close: (rows: number) => string): FormatWriter {
  const sink = path ? ByteSink.file(path) : ByteSink.stdout();
  sink.ascii = asciiOnly(schema.columns);
  sink.push(open);
  let rows = 0;
  return {
    get rows() {
      return rows;
    },
    async write(batch: Batch) {
      const fmts = schema.columns.map((s, j) => formatter(s, batch.columns[j]));
      const nc = fmts.length;
      let out = '';
      for (let i = 0; i < batch.length; i++) {
        let obj = '{' + fmts[0](i);
        for (let j = 1; j < nc; j++) obj += ',' + fmts[j](i);
        out += (rows + i === 0 ? '' : sep) + obj + '}';
        if (out.length > 1 << 20) {
          sink.push(out);
          out = '';
          await sink.flushIfFull();
        }
      }
      sink.push(out);
      rows += batch.length;
      await sink.flushIfFull();
    },
    async finish() {
      sink.push(close(rows));
      await sink.close();
    },
    abort: () => sink.close().catch(() => undefined),
  };
}

// ndjson: the separator goes before every line but the first, so the last newline comes at the end.
export const createNdjsonWriter: WriterFactory = async (schema, path) => textWriter(schema, path, '', '\n', (rows) => (rows ? '\n' : ''));
export const createJsonWriter: WriterFactory = async (schema, path) => textWriter(schema, path, '[\n', ',\n', () => '\n]\n');
