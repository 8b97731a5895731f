import type { Batch, ExportSchema } from './schema.js';

/** Export formats, by their `--format` names. */
export const FORMATS = ['csv', 'ndjson', 'json', 'parquet', 'arrow', 'hdf5', 'tfrecord'] as const;
export type Format = (typeof FORMATS)[number];

export const EXTENSIONS: Readonly<Record<Format, string>> = {
  csv: 'csv',
  ndjson: 'ndjson',
  json: 'json',
  parquet: 'parquet',
  arrow: 'arrow',
  hdf5: 'h5',
  tfrecord: 'tfrecord',
};

/** Formats that can stream to stdout (`--out -`): text, row by row. */
export const STDOUT_FORMATS: readonly Format[] = ['csv', 'ndjson', 'json'];

export type Compression = 'zstd' | 'snappy' | 'none';

export interface WriterOptions {
  /** parquet only. */
  readonly compression: Compression;
  /** HDF5 group name (the table). */
  readonly group: string;
  /** Key/value metadata stored in the file where the format allows (parquet, arrow, hdf5). */
  readonly metadata: Readonly<Record<string, string>>;
}

/**
 * One output file being written. `write` is called batch after batch, then `finish` (all bytes
 * on disk, file closed — the caller then fsyncs and renames), or `abort` on failure.
 */
export interface FormatWriter {
  write(batch: Batch): Promise<void>;
  finish(): Promise<void>;
  abort(): Promise<void>;
  /** Rows written so far. */
  readonly rows: number;
}

/** `path` undefined means stdout (text formats only). */
export type WriterFactory = (schema: ExportSchema, path: string | undefined, opts: WriterOptions) => Promise<FormatWriter>;

export async function createWriter(format: Format, schema: ExportSchema, path: string | undefined, opts: WriterOptions): Promise<FormatWriter> {
  // Each format's module is loaded only when used: parquet-wasm and h5wasm are heavy.
  switch (format) {
    case 'csv':
      return (await import('./format-csv.js')).createCsvWriter(schema, path, opts);
    case 'ndjson':
      return (await import('./format-json.js')).createNdjsonWriter(schema, path, opts);
    case 'json':
      return (await import('./format-json.js')).createJsonWriter(schema, path, opts);
    case 'parquet':
      return (await import('./format-parquet.js')).createParquetWriter(schema, path, opts);
    case 'arrow':
      return (await import('./format-arrow.js')).createArrowWriter(schema, path, opts);
    case 'hdf5':
      return (await import('./format-hdf5.js')).createHdf5Writer(schema, path, opts);
    case 'tfrecord':
      return (await import('./format-tfrecord.js')).createTfrecordWriter(schema, path, opts);
  }
}
