import { tidy } from './json.js';

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];
const ZERO = 48;
const NULL = Buffer.from('null');
/** The 12 significant digits of the number being written, as ASCII. */
const DIGITS = Buffer.alloc(12);

/**
 * Writes `String(tidy(x))` — a number as every NDJSON line and bus message has it, `null` when not
 * finite — into `buf` at `pos` as ASCII, and returns the position after it. The caller leaves 24
 * bytes of room (the longest such number).
 *
 * Why bytes: the bus writes ~8 numbers for each of 100,000 events a second; as strings each costs
 * a shortest-round-trip conversion, a string and its garbage (~175 ns). Here the common case is
 * integer arithmetic: tidy's 12 significant digits are an integer below 10^12 (exact in a double),
 * written digit by digit with the decimal point put where String() puts it. The cases String()
 * writes in exponent form (below 10^-6, from 10^21) and tidy's string path (a digit string within
 * 10^-4 of a half) go through String(tidy(x)) itself. test/unit/core/json-bytes.test.ts checks
 * millions of values against it.
 */
export function writeTidyNumber(buf: Buffer, pos: number, x: number): number {
  if (!Number.isFinite(x)) return pos + NULL.copy(buf, pos);
  if (Number.isInteger(x)) {
    if (x > -9_007_199_254_740_992 && x < 9_007_199_254_740_992) {
      if (x < 0) {
        buf[pos++] = 45; // '-'
        x = -x;
      }
      return writeDigits(buf, pos, x);
    }
    return pos + buf.write(String(x), pos, 'latin1');
  }
  const a = x < 0 ? -x : x;
  if (a >= 1e-6) {
    const k = 11 - Math.floor(Math.log10(a));
    if (k >= 0 && k <= 22) {
      const y = a * POW10[k];
      const f = y - Math.floor(y);
      // tidy's fast path (the same test): the 12 digits are Math.round(y), the first standing for 10^e.
      if (y >= 1e11 && y < 1e12 && (f < 0.499 || f > 0.501)) {
        let digits = Math.round(y);
        let e = 11 - k;
        if (digits >= 1e12) (digits = 1e11), e++; // 999…9.7 rounded up a place
        const high = Math.floor(digits / 1e6);
        writePadded(DIGITS, 0, high, 6);
        writePadded(DIGITS, 6, digits - high * 1e6, 6);
        let last = 11;
        while (last > 0 && DIGITS[last] === ZERO) last--;
        if (x < 0) buf[pos++] = 45; // '-'
        if (e < 0) {
          // 0.000ddd
          buf[pos++] = ZERO;
          buf[pos++] = 46; // '.'
          for (let i = -1; i > e; i--) buf[pos++] = ZERO;
          for (let i = 0; i <= last; i++) buf[pos++] = DIGITS[i];
          return pos;
        }
        for (let i = 0; i <= e; i++) buf[pos++] = i < 12 ? DIGITS[i] : ZERO;
        if (last > e) {
          buf[pos++] = 46;
          for (let i = e + 1; i <= last; i++) buf[pos++] = DIGITS[i];
        }
        return pos;
      }
    }
  }
  return pos + buf.write(String(tidy(x)), pos, 'latin1');
}

/** A non-negative integer below 2^53, in decimal: two int32 halves (a double's % is a slow fmod). */
function writeDigits(buf: Buffer, pos: number, n: number): number {
  if (n < 1e8) return writePadded(buf, pos, n, digitCount(n));
  const high = Math.floor(n / 1e8);
  pos = writePadded(buf, pos, high, digitCount(high));
  return writePadded(buf, pos, n - high * 1e8, 8);
}

function digitCount(n: number): number {
  let len = 1;
  while (len < 9 && n >= POW10[len]) len++;
  return len;
}

/** n (an integer below 10^8) in exactly `width` digits, zeros in front. */
function writePadded(buf: Uint8Array, pos: number, n: number, width: number): number {
  let v = n | 0;
  for (let i = pos + width - 1; i >= pos; i--) {
    const q = (v / 10) | 0;
    buf[i] = ZERO + v - q * 10;
    v = q;
  }
  return pos + width;
}

/**
 * A growing byte buffer that JSON text is written into piece by piece. `buf` is replaced when it
 * grows; views taken of it earlier keep the bytes they saw (the old buffer is never written again).
 */
export class JsonBytes {
  buf: Buffer;
  pos = 0;
  constructor(capacity = 65_536) {
    this.buf = Buffer.allocUnsafe(capacity);
  }

  /** Room for n more bytes. */
  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  /** Bytes as they are (short constant pieces: a loop beats a native copy's call). */
  raw(b: Uint8Array): void {
    this.ensure(b.length);
    const buf = this.buf;
    let p = this.pos;
    for (let i = 0; i < b.length; i++) buf[p++] = b[i];
    this.pos = p;
  }

  /** A string as UTF-8. */
  text(s: string): void {
    this.ensure(s.length * 3);
    this.pos += this.buf.write(s, this.pos, 'utf8');
  }

  /** A number as JSON.stringify(tidy(x)) writes it. */
  num(x: number): void {
    this.ensure(24);
    this.pos = writeTidyNumber(this.buf, this.pos, x);
  }

  /** A key (its bytes, with the quotes, colon and any comma before it) and a number. */
  field(key: Uint8Array, x: number): void {
    this.raw(key);
    this.num(x);
  }

  /** A view of bytes [from, to): valid for good (see the class comment). */
  view(from: number, to = this.pos): Buffer {
    return this.buf.subarray(from, to);
  }
}
