import type { Batch, ExportSchema } from '../schema.js';

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
