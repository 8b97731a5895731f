import { createRequire } from 'node:module';
import * as A from 'apache-arrow';
import { ArrowConverter } from '../arrow-batch.js';
import { ByteSink } from '../sink.js';
import type { Batch } from '../schema.js';
import type { Compression, FormatWriter, WriterFactory } from './types.js';

type ParquetWasm = typeof import('parquet-wasm/node');
const require = createRequire(import.meta.url);

/** Rows per row group: big enough for good compression, small enough to keep memory flat. */
export const ROW_GROUP_ROWS = 131_072;

/**
 * Parquet through parquet-wasm 0.8 (arrow-rs compiled to wasm: zstd, snappy, dictionary pages).
 * Why streaming works: `transformParquetStream` takes a ReadableStream of record batches and
 * returns a ReadableStream of parquet bytes; arrow-rs's ArrowWriter underneath flushes a row
 * group every ROW_GROUP_ROWS rows, so only one row group is ever buffered (in wasm memory) —
 * the whole table never is. `writeParquet` (whole table at once) would hold every row.
 * Our batches go in through Arrow IPC (apache-arrow → parquet-wasm Table.fromIPCStream), with
 * string columns dictionary-encoded and timestamps as TimestampMillisecond UTC, which the
 * parquet file keeps as TIMESTAMP(MILLIS, isAdjustedToUTC=true).
 */
export const createParquetWriter: WriterFactory = async (schema, path, opts) => {
  if (!path) throw new Error('parquet output needs a file');
  const pw = require('parquet-wasm/node') as ParquetWasm;
  const conv = new ArrowConverter(schema, opts.metadata);
  const sink = ByteSink.file(path);

  let ctrl!: ReadableStreamDefaultController<unknown>;
  let wantMore: (() => void) | undefined;
  const input = new ReadableStream<unknown>(
    {
      start: (c) => void (ctrl = c),
      pull: () => {
        wantMore?.();
        wantMore = undefined;
      },
    },
    { highWaterMark: 1 },
  );
  const props = new pw.WriterPropertiesBuilder()
    .setCompression(codec(pw, opts.compression))
    .setMaxRowGroupSize(ROW_GROUP_ROWS)
    .setCreatedBy('arblens export')
    .setKeyValueMetadata(new Map(Object.entries(opts.metadata)))
    .build();
  // transformParquetStream reads the first batch (for the schema) before it resolves: do not
  // await it here, or the first write would never be made.
  const written = (async () => {
    const output = await pw.transformParquetStream(input, props);
    const reader = output.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      sink.push(value as Uint8Array);
      await sink.flushIfFull();
    }
  })();
  // A failure inside the wasm writer surfaces here; remember it so write() stops early.
  let failed: unknown;
  written.catch((e) => (failed = e));

  let rows = 0;
  const w: FormatWriter = {
    get rows() {
      return rows;
    },
    async write(batch: Batch) {
      if (failed) throw failed;
      const ipc = A.tableToIPC(new A.Table(conv.toRecordBatch(batch)), 'stream');
      const table = pw.Table.fromIPCStream(ipc);
      for (const rb of table.recordBatches()) {
        while ((ctrl.desiredSize ?? 1) <= 0 && !failed) await new Promise<void>((r) => (wantMore = r));
        if (failed) throw failed;
        ctrl.enqueue(rb);
      }
      table.free();
      rows += batch.length;
    },
    async finish() {
      // An empty table is still a parquet file with the table's schema: the wasm writer takes
      // its schema from the first batch, so give it one batch of no rows.
      if (rows === 0 && !failed) {
        const empty = A.tableToIPC(new A.Table([emptyBatch(conv.schema)]), 'stream');
        const table = pw.Table.fromIPCStream(empty);
        for (const rb of table.recordBatches()) ctrl.enqueue(rb);
        table.free();
      }
      ctrl.close();
      await written;
      await sink.close();
    },
    async abort() {
      try {
        ctrl.error(new Error('export aborted'));
      } catch {
        /* already closed */
      }
      await written.catch(() => undefined);
      await sink.close().catch(() => undefined);
    },
  };
  return w;
};

function codec(pw: ParquetWasm, c: Compression) {
  return c === 'zstd' ? pw.Compression.ZSTD : c === 'snappy' ? pw.Compression.SNAPPY : pw.Compression.UNCOMPRESSED;
}

function emptyBatch(schema: A.Schema): A.RecordBatch {
  const children = schema.fields.map((f) => A.vectorFromArray([], f.type).data[0]);
  return new A.RecordBatch(schema, A.makeData({ type: new A.Struct(schema.fields), length: 0, nullCount: 0, children }));
}
