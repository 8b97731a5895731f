import type { ChConnection } from './client.js';

export interface BatchWriterOptions {
  /** This writer's id: unique per process, so several recorders never clash. */
  readonly recorder: string;
  /** Send what is buffered at least this often (ClickHouse's guidance: about once a second). */
  readonly flushMs: number;
  /** A batch never exceeds this many rows (one INSERT, one block: atomic). */
  readonly maxRows: number;
  /** Above this many rows waiting to be sent, new batches are refused (memory bound) with a warning. */
  readonly maxQueuedRows: number;
  /** Attempts per batch before it is given up (with a warning). */
  readonly attempts: number;
  readonly warn: (message: string) => void;
}

/**
 * Buffers rows per table and inserts them in batches, one at a time, in order. Each batch gets
 * the next sequence number of this recorder; a retry resends the same (recorder, seq, row)
 * keys, which the tables' ReplacingMergeTree keys collapse. Because a batch is sent only once
 * the previous one is acknowledged, a recorder's batches become visible in seq order: what
 * `export --since last` relies on.
 */
export class BatchWriter {
  private readonly bufs = new Map<string, string[]>();
  private chain: Promise<void> = Promise.resolve();
  private seq = 0;
  private queued = 0;
  private timer?: NodeJS.Timeout;
  private dropping = false;
  written = 0;
  lost = 0;
  /** The last failure, for a flush that must report one (scan --record). */
  lastError = '';

  constructor(private readonly conn: ChConnection, private readonly o: BatchWriterOptions) {
    this.timer = setInterval(() => this.cut(), o.flushMs);
    this.timer.unref();
  }

  /** Rows buffered or queued, not yet acknowledged. */
  get pending(): number {
    let n = this.queued;
    for (const b of this.bufs.values()) n += b.length;
    return n;
  }

  /** Adds rows (TSV without the leading recorder/seq/row cells) to a table's buffer. */
  add(table: string, tails: readonly string[]): void {
    let buf = this.bufs.get(table);
    if (!buf) this.bufs.set(table, (buf = []));
    for (const t of tails) buf.push(t);
    if (buf.length >= this.o.maxRows) this.cut(table, true);
  }

  /** Runs `op` after every batch already queued (opportunity upserts keep their place in line). */
  then(op: () => Promise<void>): Promise<void> {
    const p = this.chain.then(op);
    this.chain = p.catch((err) => {
      this.lost++;
      this.lastError = (err as Error).message;
      this.o.warn(this.lastError);
    });
    return p;
  }

  /** Queues every buffered row and waits until all of it is sent (or given up). */
  async flush(): Promise<void> {
    this.cut();
    await this.chain;
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.flush();
  }

  /** Waits for the batches already queued (without cutting the buffers). */
  async idle(): Promise<void> {
    await this.chain;
  }

  /** Turns buffers into batches of at most maxRows (`fullOnly`: exactly maxRows) and queues them. */
  private cut(only?: string, fullOnly = false): void {
    for (const [table, buf] of this.bufs) {
      if (only && table !== only) continue;
      while (buf.length >= (fullOnly ? this.o.maxRows : 1)) {
        const rows = buf.splice(0, this.o.maxRows);
        if (this.queued + rows.length > this.o.maxQueuedRows) {
          this.lost += rows.length;
          if (!this.dropping) this.o.warn(`ClickHouse is falling behind: ${rows.length} ${table} rows dropped (more than ${this.o.maxQueuedRows} waiting)`);
          this.dropping = true;
          continue;
        }
        this.dropping = false;
        const seq = ++this.seq;
        this.queued += rows.length;
        void this.then(() => this.send(table, seq, rows));
      }
    }
  }

  private async send(table: string, seq: number, tails: string[]): Promise<void> {
    const head = `${this.o.recorder}\t${seq}\t`;
    let body = '';
    for (let i = 0; i < tails.length; i++) body += head + i + '\t' + tails[i] + '\n';
    try {
      for (let attempt = 1; ; attempt++) {
        try {
          await this.conn.insertTsv(table, body);
          this.written += tails.length;
          return;
        } catch (err) {
          if (attempt >= this.o.attempts) {
            this.lost += tails.length;
            this.lastError = (err as Error).message;
            this.o.warn(`batch ${seq} of ${tails.length} ${table} rows lost after ${attempt} attempts: ${(err as Error).message}`);
            return;
          }
          await new Promise((r) => setTimeout(r, Math.min(5000, 200 * 2 ** (attempt - 1))));
        }
      }
    } finally {
      this.queued -= tails.length;
    }
  }
}
