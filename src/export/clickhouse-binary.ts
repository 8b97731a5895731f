import type { Batch, ColumnValues } from './schema.js';

/**
 * ClickHouse RowBinary decoded straight into an export's typed columns: no text, no string per
 * cell, no object per row. The export asks the server for every name column as its Int32 code
 * in the export's dictionary (computed by the server) and for nullable numbers with a stand-in
 * for null, so a quote row is 80 fixed bytes and a chunk decodes column by column.
 *
 * RowBinary (every server version): values little-endian, row after row, column after column;
 * Nullable(T) is one byte (1 = null) followed by T only when not null; String is a LEB128 length
 * and the UTF-8 bytes.
 */
export type WireType = 'i32' | 'i64' | 'u64' | 'f64' | 'str';

export interface WireColumn {
  readonly wire: WireType;
  /**
   * How a null travels. 'flag': as RowBinary Nullable (rows then vary in width). 'sentinel': a
   * value that stands for null — NaN for f64, -2^63 for i64 — keeping rows fixed-width (arblens
   * stores no NaN or infinity in a nullable column: it writes them as null).
   */
  readonly null?: 'flag' | 'sentinel';
  /** An i32 that is a code into the column's dictionary (decoded as codes, -1 for null). */
  readonly codes?: boolean;
  /** A str to be coded while decoding (a dictionary too long to send in the query); -1 when absent. */
  readonly dictionary?: ReadonlyMap<string, number>;
}

const WIDTH: Record<Exclude<WireType, 'str'>, number> = { i32: 4, i64: 8, u64: 8, f64: 8 };
const TWO32 = 4_294_967_296;
const INT32_MIN = -2_147_483_648;

type Num = { values: Float64Array; valid?: Uint8Array };

/**
 * Rows of a streamed RowBinary body regrouped into batches of `batchSize`.
 *
 * `dedupe` (column indexes) drops a row whose values in those columns equal the previous row's:
 * the export reads without FINAL, ordered so that the copies of a retried batch — same
 * (recorder, seq, row), hence same time, venue and symbol — arrive next to each other, and keeps
 * the first, which is what FINAL would have collapsed them into. (FINAL on Debian's 18.16 cost
 * more than the rest of the read.)
 */
export class RowBinaryReader {
  /** Rows dropped as copies of the row before them. */
  duplicates = 0;
  private rest: Buffer | undefined;
  private cols!: ColumnValues[];
  private n = 0;
  private readonly prev: (number | string | null)[];
  private hasPrev = false;
  /** Bytes per row when every column is fixed-width (no strings, no null flags); else 0. */
  private readonly stride: number;
  private readonly offsets: number[] = [];

  constructor(
    private readonly wires: readonly WireColumn[],
    private readonly batchSize: number,
    private readonly dedupe: readonly number[] = [],
  ) {
    this.prev = dedupe.map(() => null);
    let stride = 0;
    for (const w of wires) {
      if (w.wire === 'str' || w.null === 'flag') {
        stride = 0;
        break;
      }
      this.offsets.push(stride);
      stride += WIDTH[w.wire];
    }
    this.stride = stride;
    this.fresh();
  }

  /** Decodes a chunk; returns the batches it completed (a row cut by the chunk's end waits for the next). */
  push(chunk: Buffer): Batch[] {
    const buf = this.rest ? Buffer.concat([this.rest, chunk]) : chunk;
    this.rest = undefined;
    const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    const out: Batch[] = [];
    const used = this.stride ? this.fixedRows(dv, out) : this.variableRows(buf, dv, out);
    if (used < buf.length) this.rest = buf.subarray(used);
    return out;
  }

  /** The last, partial batch; a body that ends inside a row is an error, not a short export. */
  end(): Batch | undefined {
    if (this.rest?.length) throw new Error(`ClickHouse RowBinary body ended inside a row (${this.rest.length} bytes left over)`);
    return this.n > 0 ? this.take() : undefined;
  }

  /** Fixed-width rows: each column of a run of rows in one tight loop. Returns the bytes used. */
  private fixedRows(dv: DataView, out: Batch[]): number {
    const stride = this.stride;
    const rows = Math.floor(dv.byteLength / stride);
    let done = 0;
    while (done < rows) {
      const k = Math.min(rows - done, this.batchSize - this.n);
      const at = this.n;
      for (let c = 0; c < this.wires.length; c++) decodeRun(dv, done * stride + this.offsets[c], stride, k, this.wires[c], this.cols[c], at);
      this.n = this.dedupe.length ? this.compact(at, k) : at + k;
      done += k;
      if (this.n === this.batchSize) out.push(this.take());
    }
    return rows * stride;
  }

  /** Drops copies among the k rows decoded at `from`, moving the kept ones down; the new row count. */
  private compact(from: number, k: number): number {
    let w = from;
    for (let i = from; i < from + k; i++) {
      if (this.isCopy(i)) {
        this.duplicates++;
        continue;
      }
      if (w !== i) for (const c of this.cols) moveCell(c, i, w);
      w++;
    }
    return w;
  }

  /** Rows of any shape, one at a time. Returns the bytes used. */
  private variableRows(buf: Buffer, dv: DataView, out: Batch[]): number {
    let pos = 0;
    for (;;) {
      const next = this.row(buf, dv, pos);
      if (next < 0) return pos;
      pos = next;
      if (this.n === this.batchSize) out.push(this.take());
    }
  }

  /** Decodes one row into slot n; the position after it, or -1 when the row is not all in `buf`. */
  private row(buf: Buffer, dv: DataView, start: number): number {
    const end = buf.length;
    const i = this.n;
    let pos = start;
    for (let c = 0; c < this.wires.length; c++) {
      const w = this.wires[c];
      const col = this.cols[c];
      if (w.null === 'flag') {
        if (pos >= end) return -1;
        if (buf[pos++] === 1) {
          setNull(col, i);
          continue;
        }
        if (col.kind === 'num') col.valid![i] = 1;
      }
      if (w.wire === 'str') {
        // LEB128 length, then the bytes.
        let len = 0;
        let shift = 0;
        for (;;) {
          if (pos >= end) return -1;
          const b = buf[pos++];
          len += (b & 0x7f) * 2 ** shift;
          if (b < 0x80) break;
          shift += 7;
        }
        if (pos + len > end) return -1;
        const text = buf.toString('utf8', pos, pos + len);
        if (col.kind === 'codes') col.codes[i] = w.dictionary?.get(text) ?? -1;
        else (col as { values: (string | null)[] }).values[i] = text;
        pos += len;
        continue;
      }
      if (pos + WIDTH[w.wire] > end) return -1;
      decodeRun(dv, pos, 0, 1, w, col, i);
      pos += WIDTH[w.wire];
    }
    if (this.dedupe.length && this.isCopy(i)) this.duplicates++;
    else this.n++;
    return pos;
  }

  /** Whether row i repeats the previous kept row's key (and remembers row i's key when it does not). */
  private isCopy(i: number): boolean {
    let same = this.hasPrev;
    for (let k = 0; k < this.dedupe.length && same; k++) if (cell(this.cols[this.dedupe[k]], i) !== this.prev[k]) same = false;
    if (same) return true;
    for (let k = 0; k < this.dedupe.length; k++) this.prev[k] = cell(this.cols[this.dedupe[k]], i);
    this.hasPrev = true;
    return false;
  }

  private take(): Batch {
    const n = this.n;
    const columns = this.cols.map((c): ColumnValues => {
      if (c.kind === 'codes') return { kind: 'codes', codes: c.codes.subarray(0, n) };
      if (c.kind === 'strings') return { kind: 'strings', values: c.values.slice(0, n) };
      return c.valid ? { kind: 'num', values: c.values.subarray(0, n), valid: c.valid.subarray(0, n) } : { kind: 'num', values: c.values.subarray(0, n) };
    });
    this.fresh();
    return { length: n, columns };
  }

  /** New arrays for the next batch: a batch handed out is never written again. */
  private fresh(): void {
    const size = this.batchSize;
    this.cols = this.wires.map((w): ColumnValues => {
      if (w.codes || w.dictionary) return { kind: 'codes', codes: new Int32Array(size) };
      if (w.wire === 'str') return { kind: 'strings', values: new Array<string | null>(size) };
      return w.null ? { kind: 'num', values: new Float64Array(size), valid: new Uint8Array(size) } : { kind: 'num', values: new Float64Array(size) };
    });
    this.n = 0;
  }
}

/** k fixed-width values `stride` bytes apart from byte `pos`, into rows at.. of a column. */
function decodeRun(dv: DataView, pos: number, stride: number, k: number, w: WireColumn, col: ColumnValues, at: number): void {
  if (col.kind === 'codes') {
    for (let r = 0; r < k; r++, pos += stride) col.codes[at + r] = dv.getInt32(pos, true);
    return;
  }
  const { values, valid } = col as Num;
  const sentinel = w.null === 'sentinel';
  switch (w.wire) {
    case 'i32':
      for (let r = 0; r < k; r++, pos += stride) values[at + r] = dv.getInt32(pos, true);
      break;
    case 'i64':
      // Exact below 2^53 (epoch ms, counts): high word signed, low word unsigned.
      for (let r = 0; r < k; r++, pos += stride) {
        const hi = dv.getInt32(pos + 4, true);
        const lo = dv.getUint32(pos, true);
        values[at + r] = hi * TWO32 + lo;
        if (sentinel) valid![at + r] = hi === INT32_MIN && lo === 0 ? 0 : 1;
      }
      break;
    case 'u64':
      for (let r = 0; r < k; r++, pos += stride) values[at + r] = dv.getUint32(pos + 4, true) * TWO32 + dv.getUint32(pos, true);
      break;
    case 'f64':
      for (let r = 0; r < k; r++, pos += stride) {
        const v = dv.getFloat64(pos, true);
        values[at + r] = v;
        if (sentinel) valid![at + r] = v === v ? 1 : 0;
      }
      break;
  }
}

function setNull(col: ColumnValues, i: number): void {
  if (col.kind === 'num') col.valid![i] = 0;
  else if (col.kind === 'codes') col.codes[i] = -1;
  else col.values[i] = null;
}

function moveCell(col: ColumnValues, from: number, to: number): void {
  if (col.kind === 'codes') col.codes[to] = col.codes[from];
  else if (col.kind === 'strings') col.values[to] = col.values[from];
  else {
    col.values[to] = col.values[from];
    if (col.valid) col.valid[to] = col.valid[from];
  }
}

function cell(col: ColumnValues, i: number): number | string | null {
  if (col.kind === 'codes') return col.codes[i];
  if (col.kind === 'strings') return col.values[i];
  return col.valid && col.valid[i] === 0 ? null : col.values[i];
}
