import { maskedCrc32c } from '../crc32c.js';
import { ByteSink } from '../sink.js';
import { encodeExample, ProtoWriter, type FeatureValue } from '../tf-example.js';
import type { Batch, ColumnSpec, ColumnValues } from '../schema.js';
import type { FormatWriter, WriterFactory } from './types.js';

/**
 * TFRecord of tf.train.Example, one per row, readable by tf.data.TFRecordDataset. Framing per
 * record: uint64 length (LE), uint32 masked CRC-32C of those 8 bytes, the data, uint32 masked
 * CRC-32C of the data. Features: f64 → float_list (TensorFlow's float is 32-bit); ts, i64 and
 * bool → int64_list (timestamps in epoch ms); strings → bytes_list (UTF-8). Null → empty list.
 */
const enc = new TextEncoder();

function featureOf(spec: ColumnSpec, col: ColumnValues, i: number, dictBytes?: Uint8Array[]): FeatureValue {
  if (col.kind === 'codes') return { kind: 'bytes', value: col.codes[i] < 0 ? null : dictBytes![col.codes[i]] };
  if (col.kind === 'strings') return { kind: 'bytes', value: col.values[i] === null ? null : enc.encode(col.values[i]!) };
  const nul = (col.valid && col.valid[i] === 0) || !Number.isFinite(col.values[i]);
  if (spec.type === 'f64') return { kind: 'float', value: nul ? null : col.values[i] };
  return { kind: 'int64', value: nul ? null : col.values[i] };
}

export function frameRecord(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(16 + data.length);
  const dv = new DataView(out.buffer);
  dv.setBigUint64(0, BigInt(data.length), true);
  dv.setUint32(8, maskedCrc32c(out, 0, 8), true);
  out.set(data, 12);
  dv.setUint32(12 + data.length, maskedCrc32c(data), true);
  return out;
}

export const createTfrecordWriter: WriterFactory = async (schema, path) => {
  if (!path) throw new Error('tfrecord output needs a file');
  const sink = ByteSink.file(path);
  const keys = schema.columns.map((c) => enc.encode(c.name));
  const dicts = schema.columns.map((c) => c.dictionary?.map((s) => enc.encode(s)));
  const pw = new ProtoWriter();
  let rows = 0;
  const w: FormatWriter = {
    get rows() {
      return rows;
    },
    async write(batch: Batch) {
      for (let i = 0; i < batch.length; i++) {
        const values = schema.columns.map((spec, j) => featureOf(spec, batch.columns[j], i, dicts[j]));
        sink.push(frameRecord(encodeExample(pw, keys, values)));
      }
      rows += batch.length;
      await sink.flushIfFull();
    },
    finish: () => sink.close(),
    abort: () => sink.close().catch(() => undefined),
  };
  return w;
};
