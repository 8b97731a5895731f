import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../core/worker-start.js';
import type Database from 'better-sqlite3';
import { ArblensError, UsageError } from '../core/errors.js';
import type { Batch, ExportSchema } from './schema.js';
import { Snapshot, type ExportFilter } from './source.js';
import type { TableDef } from './tables.js';
import type { ReadWorkerData } from './read-worker.js';

/** The rows of one export, from a snapshot read in this thread or in worker threads. */
export interface BatchSource {
  readonly schema: ExportSchema;
  readonly upToId: number;
  /** Rows to write, or -1 when not counted (counting costs a scan: progress bar only). */
  readonly total: number;
  batches(): AsyncIterable<Batch>;
  close(): Promise<void>;
}

/** Below this many candidate rows a worker's start-up (~100 ms) costs more than it saves. */
export const WORKER_MIN_ROWS = 200_000;

export interface SourceOptions {
  readonly dbPath: string;
  readonly table: TableDef;
  readonly filter: ExportFilter;
  readonly batchSize: number;
  readonly measureStrings: boolean;
  readonly count: boolean;
}

/**
 * Small exports read in this thread; large ones in a reader worker. With
 * ARBLENS_EXPORT_READERS=2 (or more) and an append-only table (quotes, funding), several readers
 * take alternate id ranges of one batch each, consumed in id order — it pays with spare cores:
 * on a busy 2-core machine one reader plus the encoding thread already fill it, so one is the
 * default. Parallel readers still see one snapshot: this thread fixes the maximum id and the
 * dictionaries from its own snapshot first, and rows up to that id never change in an
 * append-only table. ARBLENS_EXPORT_READERS=0 reads in this thread (debugging).
 */
export async function openBatchSource(db: Database.Database, o: SourceOptions): Promise<BatchSource> {
  const span = Number(db.prepare(`SELECT coalesce(max(${o.table.idSql}), 0) FROM ${o.table.from}`).pluck().get()) - (o.filter.afterId ?? 0);
  const readers = Math.min(Number(process.env.ARBLENS_EXPORT_READERS ?? 1) || 0, availableParallelism());
  if (span < WORKER_MIN_ROWS || o.dbPath === ':memory:' || readers < 1) return inThread(db, o);
  if (!o.table.appendOnly || readers < 2) return WorkerSource.start(o);
  const snap = new Snapshot(db, o.table, o.filter);
  let schema: ExportSchema;
  let total: number;
  const upTo = snap.upToId;
  try {
    schema = o.measureStrings ? snap.measureStrings() : snap.schema;
    total = o.count ? snap.count() : -1;
  } finally {
    snap.close();
  }
  const lo = o.filter.afterId ?? 0;
  const ranges: [number, number][] = [];
  for (let a = lo; a < upTo; a += o.batchSize) ranges.push([a, Math.min(a + o.batchSize, upTo)]);
  return ParallelSource.start(o, schema, upTo, total, ranges, readers);
}

function inThread(db: Database.Database, o: SourceOptions): BatchSource {
  const snap = new Snapshot(db, o.table, o.filter);
  try {
    const schema = o.measureStrings ? snap.measureStrings() : snap.schema;
    const total = o.count ? snap.count() : -1;
    return {
      schema,
      upToId: snap.upToId,
      total,
      async *batches() {
        yield* snap.batches(o.batchSize);
      },
      close: async () => snap.close(),
    };
  } catch (err) {
    snap.close();
    throw err;
  }
}

type Msg =
  | { type: 'start'; schema: ExportSchema; upToId: number; total: number }
  | { type: 'batch'; batch: Batch }
  | { type: 'chunkEnd' }
  | { type: 'end' }
  | { type: 'error'; name: string; message: string; exitCode?: number };

/** One reader thread and its message queue. */
class Reader {
  private queue: Msg[] = [];
  private wake?: () => void;

  constructor(readonly worker: Worker) {
    worker.on('message', (m: Msg) => this.push(m));
    worker.on('error', (e) => this.push({ type: 'error', name: e.name, message: e.message }));
    worker.on('exit', (code) => code !== 0 && this.push({ type: 'error', name: 'Error', message: `export reader thread exited with code ${code}` }));
  }

  static spawn(data: ReadWorkerData): Reader {
    return new Reader(startWorker('read-worker', import.meta.url, { workerData: data }));
  }

  async next(): Promise<Exclude<Msg, { type: 'error' }>> {
    while (this.queue.length === 0) await new Promise<void>((r) => (this.wake = r));
    const m = this.queue.shift()!;
    if (m.type === 'error') throw m.name === 'UsageError' ? new UsageError(m.message) : new ArblensError(m.message, m.exitCode);
    return m;
  }

  async close(): Promise<void> {
    this.worker.postMessage('stop');
    await this.worker.terminate();
  }

  private push(m: Msg): void {
    this.queue.push(m);
    this.wake?.();
  }
}

class WorkerSource implements BatchSource {
  schema!: ExportSchema;
  upToId = 0;
  total = -1;

  private constructor(private readonly reader: Reader) {}

  static async start(o: SourceOptions): Promise<WorkerSource> {
    const src = new WorkerSource(Reader.spawn({ dbPath: o.dbPath, table: o.table.name, filter: o.filter, batchSize: o.batchSize, measureStrings: o.measureStrings, count: o.count }));
    try {
      const first = await src.reader.next();
      if (first.type !== 'start') throw new Error('export reader thread: unexpected first message');
      src.schema = first.schema;
      src.upToId = first.upToId;
      src.total = first.total;
      return src;
    } catch (err) {
      await src.close();
      throw err;
    }
  }

  async *batches(): AsyncIterable<Batch> {
    for (;;) {
      const m = await this.reader.next();
      if (m.type === 'end') return;
      if (m.type === 'batch') {
        this.reader.worker.postMessage('more');
        yield m.batch;
      }
    }
  }

  close = () => this.reader.close();
}

class ParallelSource implements BatchSource {
  private constructor(
    readonly schema: ExportSchema,
    readonly upToId: number,
    readonly total: number,
    private readonly readers: Reader[],
    private readonly nRanges: number,
  ) {}

  static start(o: SourceOptions, schema: ExportSchema, upTo: number, total: number, ranges: [number, number][], k: number): ParallelSource {
    const filter: ExportFilter = { ...o.filter, upToCap: upTo };
    const readers = Array.from({ length: Math.min(k, Math.max(1, ranges.length)) }, (_, w) =>
      Reader.spawn({ dbPath: o.dbPath, table: o.table.name, filter, batchSize: o.batchSize, measureStrings: false, count: false, schema, ranges: ranges.filter((_, j) => j % k === w) }),
    );
    return new ParallelSource(schema, upTo, total, readers, ranges.length);
  }

  /** Range j comes from reader j mod k: taking them in turn restores id order. */
  async *batches(): AsyncIterable<Batch> {
    for (let j = 0; j < this.nRanges; j++) {
      const reader = this.readers[j % this.readers.length];
      for (;;) {
        const m = await reader.next();
        if (m.type === 'chunkEnd') break;
        if (m.type === 'end') throw new Error('export reader thread ended early');
        if (m.type === 'batch') {
          reader.worker.postMessage('more');
          if (m.batch.length) yield m.batch;
        }
      }
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.readers.map((r) => r.close()));
  }
}
