import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import { ArblensError, UsageError } from '../core/errors.js';
import type { Batch, ExportSchema } from './schema.js';
import { Snapshot, type ExportFilter } from './source.js';
import type { TableDef } from './tables.js';
import type { ReadWorkerData } from './read-worker.js';

/** The rows of one export, from a snapshot read in this thread or in a worker thread. */
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

export async function openBatchSource(db: Database.Database, o: SourceOptions): Promise<BatchSource> {
  const span = Number(db.prepare(`SELECT coalesce(max(${o.table.idSql}), 0) FROM ${o.table.from}`).pluck().get()) - (o.filter.afterId ?? 0);
  if (span >= WORKER_MIN_ROWS && o.dbPath !== ':memory:' && process.env.ARBLENS_EXPORT_WORKER !== '0') return WorkerSource.start(o);
  return inThread(db, o);
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
  | { type: 'end' }
  | { type: 'error'; name: string; message: string; exitCode?: number };

class WorkerSource implements BatchSource {
  private queue: Msg[] = [];
  private wake?: () => void;
  schema!: ExportSchema;
  upToId = 0;
  total = -1;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (m: Msg) => this.push(m));
    worker.on('error', (e) => this.push({ type: 'error', name: e.name, message: e.message }));
    worker.on('exit', (code) => code !== 0 && this.push({ type: 'error', name: 'Error', message: `export reader thread exited with code ${code}` }));
  }

  static async start(o: SourceOptions): Promise<WorkerSource> {
    // Under tsx (tests, benchmarks) this module is the .ts source; built, it is .js.
    const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
    const data: ReadWorkerData = { dbPath: o.dbPath, table: o.table.name, filter: o.filter, batchSize: o.batchSize, measureStrings: o.measureStrings, count: o.count };
    const url = new URL(`./read-worker${ext}`, import.meta.url);
    // tsx's loader is not inherited by worker threads: register it inside the worker first.
    const worker =
      ext === '.ts'
        ? new Worker(`import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((t) => { t.register(); return import(${JSON.stringify(url.href)}); });`, { eval: true, workerData: data })
        : new Worker(url, { workerData: data });
    const src = new WorkerSource(worker);
    const first = await src.next();
    if (first.type !== 'start') throw new Error('export reader thread: unexpected first message');
    src.schema = first.schema;
    src.upToId = first.upToId;
    src.total = first.total;
    return src;
  }

  async *batches(): AsyncIterable<Batch> {
    for (;;) {
      const m = await this.next();
      if (m.type === 'end') return;
      if (m.type === 'batch') {
        this.worker.postMessage('more');
        yield m.batch;
      }
    }
  }

  async close(): Promise<void> {
    this.worker.postMessage('stop');
    await this.worker.terminate();
  }

  private push(m: Msg): void {
    this.queue.push(m);
    this.wake?.();
  }

  private async next(): Promise<Exclude<Msg, { type: 'error' }>> {
    while (this.queue.length === 0) await new Promise<void>((r) => (this.wake = r));
    const m = this.queue.shift()!;
    if (m.type === 'error') {
      await this.worker.terminate();
      throw m.name === 'UsageError' ? new UsageError(m.message) : new ArblensError(m.message, m.exitCode);
    }
    return m;
  }
}
