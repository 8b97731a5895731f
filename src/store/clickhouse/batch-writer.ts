import { ServerUnreachable, type ChConnection } from './client.js';

export interface BatchWriterOptions {
  /** This writer's id: unique per process, so several recorders never clash. */
  readonly recorder: string;
  /** Send what is buffered at least this often (ClickHouse's guidance: about once a second). */
  readonly flushMs: number;
  /** A batch never exceeds this many rows (one INSERT, one block: atomic). */
  readonly maxRows: number;
  /** Above this many rows waiting to be sent, new batches are refused (memory bound) with a warning. */
  readonly maxQueuedRows: number;
  /** Attempts per batch before it is given up (with a warning) when the server answers with an error. */
  readonly attempts: number;
  /**
   * Once a flush or close waits, how long a server that does not answer at all is still waited
   * for (default 10 s). While recording it is waited for as long as the queue bound allows: a
   * ClickHouse restart or a network blip holds the batches instead of losing them.
   */
  readonly closeGraceMs?: number;
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
  /** Since when the server has not answered (undefined: it answers). */
  private unreachableSince?: number;
  /** Since when a flush or close has been waiting (undefined: none). */
  private waitedSince?: number;
  private closed = false;
  private readonly givenUp = { batches: 0, rows: 0 };

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
    this.waitedSince ??= Date.now();
    try {
      this.cut();
      await this.chain;
    } finally {
      if (!this.closed) this.waitedSince = undefined;
      if (this.givenUp.batches) {
        this.o.warn(`ClickHouse did not answer within ${(this.o.closeGraceMs ?? 10_000) / 1000} s of the flush: ${this.givenUp.batches} batches (${this.givenUp.rows} rows) lost`);
        this.givenUp.batches = this.givenUp.rows = 0;
      }
    }
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.closed = true;
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
        if (this.unreachableSince !== undefined && this.pastCloseGrace()) return this.giveUp(tails.length);
        try {
          await this.conn.insertTsv(table, body);
          this.written += tails.length;
          if (this.unreachableSince !== undefined) {
            this.o.warn(`ClickHouse answers again after ${((Date.now() - this.unreachableSince) / 1000).toFixed(1)} s: the batches held meanwhile are being sent`);
            this.unreachableSince = undefined;
          }
          return;
        } catch (err) {
          this.lastError = (err as Error).message;
          if (err instanceof ServerUnreachable) {
            if (this.pastCloseGrace()) return this.giveUp(tails.length);
            // Not an answer: wait for the server (a restart, a network blip), holding the
            // batches behind this one — the queue bound (maxQueuedRows) caps the memory.
            if (this.unreachableSince === undefined) {
              this.unreachableSince = Date.now();
              this.o.warn(`${this.lastError}; holding the batches (up to ${this.o.maxQueuedRows} rows) and retrying until it answers`);
            }
          } else if (attempt >= this.o.attempts) {
            this.lost += tails.length;
            this.o.warn(`batch ${seq} of ${tails.length} ${table} rows lost after ${attempt} attempts: ${this.lastError}`);
            return;
          }
          await new Promise((r) => setTimeout(r, Math.min(5000, 200 * 2 ** Math.min(attempt - 1, 5))));
        }
      }
    } finally {
      this.queued -= tails.length;
    }
  }

  /** A flush or close is waiting, and the server has had its grace to come back. */
  private pastCloseGrace(): boolean {
    return this.waitedSince !== undefined && Date.now() - this.waitedSince >= (this.o.closeGraceMs ?? 10_000);
  }

  /** A batch the server did not come back for in time: counted, and told once for all when the flush ends. */
  private giveUp(rows: number): void {
    this.lost += rows;
    this.givenUp.batches++;
    this.givenUp.rows += rows;
  }
}
