import * as A from 'apache-arrow';
import { ArrowConverter } from '../arrow-batch.js';
import { ByteSink } from '../sink.js';
import type { Batch } from '../schema.js';
import type { FormatWriter, WriterFactory } from './types.js';

/**
 * Arrow IPC file (Feather v2), via apache-arrow's RecordBatchFileWriter: one record batch per
 * input batch, bytes drained to disk as they are produced. Read it with pyarrow.ipc.open_file,
 * polars.read_ipc, or apache-arrow's tableFromIPC.
 */
export const createArrowWriter: WriterFactory = async (schema, path, opts) => {
  if (!path) throw new Error('arrow output needs a file');
  const conv = new ArrowConverter(schema, opts.metadata);
  const sink = ByteSink.file(path);
  const writer = new A.RecordBatchFileWriter();
  writer.reset(undefined, conv.schema);
  const drained = (async () => {
    for await (const chunk of writer) sink.push(chunk);
  })();
  let rows = 0;
  const w: FormatWriter = {
    get rows() {
      return rows;
    },
    async write(batch: Batch) {
      writer.write(conv.toRecordBatch(batch));
      rows += batch.length;
      // Let the drain loop move the queued bytes into the sink before the next batch.
      await new Promise<void>((r) => setImmediate(r));
      await sink.flushIfFull();
    },
    async finish() {
      writer.finish();
      writer.close();
      await drained;
      await sink.close();
    },
    async abort() {
      writer.abort?.();
      await sink.close().catch(() => undefined);
    },
  };
  return w;
};
