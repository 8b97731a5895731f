import type { ExportSchema } from '../schema.js';
import type { Format, FormatWriter, WriterOptions } from './types.js';

export * from './types.js';

export async function createWriter(format: Format, schema: ExportSchema, path: string | undefined, opts: WriterOptions): Promise<FormatWriter> {
  // Each format's module is loaded only when used: parquet-wasm and h5wasm are heavy.
  switch (format) {
    case 'csv':
      return (await import('./csv.js')).createCsvWriter(schema, path, opts);
    case 'ndjson':
      return (await import('./json.js')).createNdjsonWriter(schema, path, opts);
    case 'json':
      return (await import('./json.js')).createJsonWriter(schema, path, opts);
    case 'parquet':
      return (await import('./parquet.js')).createParquetWriter(schema, path, opts);
    case 'arrow':
      return (await import('./arrow.js')).createArrowWriter(schema, path, opts);
    case 'hdf5':
      return (await import('./hdf5.js')).createHdf5Writer(schema, path, opts);
    case 'tfrecord':
      return (await import('./tfrecord.js')).createTfrecordWriter(schema, path, opts);
  }
}
