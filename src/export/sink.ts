import { closeSync, openSync, writeSync } from 'node:fs';
import { once } from 'node:events';

/** stdout was closed by the reader (`| head`): stop quietly, it is not an error. */
export class PipeClosedError extends Error {}

/**
 * Where a writer's bytes go: a file descriptor (synchronous writes: simplest and fastest for a
 * local file) or stdout (asynchronous, honouring backpressure so `| jq` is not flooded). Small
 * writes are coalesced into ~1 MB chunks.
 */
export class ByteSink {
  /** Strings are encoded straight into this buffer: no intermediate Buffer per string, and
   * text never lives long enough to be promoted to the old generation (GC cost). */
  private buf = Buffer.allocUnsafe(SINK_BYTES);
  private pos = 0;
  private readonly fd?: number;
  private pipeClosed = false;
  bytes = 0;

  /** Every string pushed is known to be ASCII: encode as latin1 (a plain byte copy, ~3× faster than UTF-8). */
  ascii = false;

  private constructor(readonly path: string | undefined) {
    if (path) this.fd = openSync(path, 'w');
    else process.stdout.on('error', this.onStdoutError);
  }

  static file(path: string): ByteSink {
    return new ByteSink(path);
  }

  static stdout(): ByteSink {
    return new ByteSink(undefined);
  }

  /** Queues data (synchronously spilling to a file when the buffer is full); call `flushIfFull` at batch boundaries. */
  push(chunk: string | Uint8Array): void {
    if (typeof chunk === 'string') {
      const max = this.ascii ? chunk.length : chunk.length * 3;
      if (this.pos + max > this.buf.length) {
        this.spill();
        if (max > this.buf.length) this.buf = Buffer.allocUnsafe(max);
      }
      this.pos += this.buf.write(chunk, this.pos, this.ascii ? 'latin1' : 'utf8');
      return;
    }
    if (this.pos + chunk.length > this.buf.length) {
      this.spill();
      if (chunk.length > this.buf.length) return this.emit(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length));
    }
    this.buf.set(chunk, this.pos);
    this.pos += chunk.length;
  }

  async flushIfFull(): Promise<void> {
    if (this.pos >= SINK_BYTES / 2 || this.queued.length) await this.flush();
  }

  async flush(): Promise<void> {
    this.spill();
    if (this.fd !== undefined || this.queued.length === 0) return;
    const parts = this.queued;
    this.queued = [];
    for (const part of parts) {
      if (this.pipeClosed) throw new PipeClosedError();
      if (!process.stdout.write(part)) {
        await Promise.race([once(process.stdout, 'drain'), once(process.stdout, 'close')]);
      }
    }
    if (this.pipeClosed) throw new PipeClosedError();
  }

  async close(): Promise<void> {
    await this.flush();
    if (this.fd !== undefined) closeSync(this.fd);
    else process.stdout.off('error', this.onStdoutError);
  }

  /** stdout chunks waiting for the async flush (a file is written synchronously instead). */
  private queued: Buffer[] = [];

  private spill(): void {
    if (this.pos === 0) return;
    const data = this.fd !== undefined ? this.buf.subarray(0, this.pos) : Buffer.from(this.buf.subarray(0, this.pos));
    this.pos = 0;
    this.emit(data);
  }

  private emit(data: Buffer): void {
    this.bytes += data.length;
    if (this.fd === undefined) {
      this.queued.push(data);
      return;
    }
    let off = 0;
    while (off < data.length) off += writeSync(this.fd, data, off, data.length - off);
  }

  private readonly onStdoutError = (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') this.pipeClosed = true;
  };
}

const SINK_BYTES = 4 << 20;

/**
 * True when every value a text writer can print for this schema is ASCII: numbers, ISO times,
 * and names/dictionaries checked here. Free-text columns (str) may hold anything.
 */
export function asciiOnly(columns: readonly { name: string; type: string; dictionary?: readonly string[] }[]): boolean {
  // eslint-disable-next-line no-control-regex
  const ascii = (s: string) => /^[\x00-\x7f]*$/.test(s);
  return columns.every((c) => c.type !== 'str' && ascii(c.name) && (c.dictionary ?? []).every(ascii));
}
