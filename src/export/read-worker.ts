// Worker thread of a large export: reads SQLite and builds column batches while the main thread
// encodes and writes earlier ones (reading and encoding each take about half of an export).
// Batches cross over as transferred ArrayBuffers (no copy); at most CREDITS batches are in
// flight per worker, so memory stays flat. With `ranges`, the worker reads only those id
// ranges (parallel readers of an append-only table), in order, marking the end of each.
import { parentPort, workerData } from 'node:worker_threads';
import { openReadOnly } from '../store/open.js';
import type { Batch, ExportSchema } from './schema.js';
import { Snapshot, type ExportFilter } from './source.js';
import { TABLES, type TableName } from './tables.js';

export interface ReadWorkerData {
  readonly dbPath: string;
  readonly table: TableName;
  readonly filter: ExportFilter;
  readonly batchSize: number;
  readonly measureStrings: boolean;
  readonly count: boolean;
  /** Parallel mode: the coordinator's schema and this worker's id ranges (lo, hi]. */
  readonly schema?: ExportSchema;
  readonly ranges?: readonly (readonly [number, number])[];
}

export const CREDITS = 2;

const port = parentPort!;
const data = workerData as ReadWorkerData;
let credits = CREDITS;
let stop = false;
let wake: (() => void) | undefined;
port.on('message', (m: string) => {
  if (m === 'more') credits++;
  if (m === 'stop') stop = true;
  wake?.();
});

function transfers(b: Batch): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  for (const c of b.columns) {
    if (c.kind === 'num') {
      out.add(c.values.buffer as ArrayBuffer);
      if (c.valid) out.add(c.valid.buffer as ArrayBuffer);
    } else if (c.kind === 'codes') out.add(c.codes.buffer as ArrayBuffer);
  }
  return [...out];
}

async function send(b: Batch): Promise<boolean> {
  while (credits <= 0 && !stop) await new Promise<void>((r) => (wake = r));
  if (stop) return false;
  credits--;
  port.postMessage({ type: 'batch', batch: b }, transfers(b));
  return true;
}

try {
  const db = openReadOnly(data.dbPath);
  const snap = new Snapshot(db, TABLES[data.table], data.filter, data.schema);
  try {
    if (!data.ranges) {
      const schema = data.measureStrings ? snap.measureStrings() : snap.schema;
      port.postMessage({ type: 'start', schema, upToId: snap.upToId, total: data.count ? snap.count() : -1 });
      for (const b of snap.batches(data.batchSize)) if (!(await send(b))) break;
    } else {
      outer: for (const range of data.ranges) {
        for (const b of snap.batches(data.batchSize, range)) if (!(await send(b))) break outer;
        port.postMessage({ type: 'chunkEnd' });
      }
    }
  } finally {
    snap.close();
    db.close();
  }
  port.postMessage({ type: 'end' });
} catch (err) {
  const e = err as Error & { exitCode?: number };
  port.postMessage({ type: 'error', name: e.name, message: e.message, exitCode: e.exitCode });
}
