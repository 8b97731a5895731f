/**
 * OHLCV CSV reader for `data import` and `backtest --data`: a header row naming
 * date|timestamp|time|datetime (or an unnamed first column), open, high, low, close and optional
 * volume, in any order and any letter case. Dates are ISO dates/datetimes (UTC unless an offset is
 * given) or epoch seconds/milliseconds. Each bad row is reported with its line number.
 *
 * Speed: a year of minute bars is ~35 MB. The file is scanned as bytes straight into typed-array
 * columns — no string per row or per cell, no regex — with fast paths for plain decimal numbers
 * and the common time forms (epoch digits, `YYYY-MM-DD[( |T)HH:MM[:SS[.fff]]][Z]`). Anything the
 * fast path does not take (an offset, spaces, a bad cell, a quoted file) goes through the
 * per-row string path below, which also writes every error message, so both agree.
 */
import { UsageError } from '../core/errors.js';
import type { Candle } from '../store/types.js';
import { ColumnBuilder } from './series.js';
import type { Series } from './types.js';

export interface CsvSeriesResult {
  readonly series: Series;
  /** Rows dropped under skipBadRows, with the first few reasons. */
  readonly skipped: number;
  readonly problems: string[];
}

export interface CsvResult {
  readonly candles: Candle[];
  readonly skipped: number;
  readonly problems: string[];
}

const DATE_NAMES = new Set(['date', 'timestamp', 'time', 'datetime', 'ts', '']);

export interface Columns {
  readonly date: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
  readonly count: number;
}

/** The CSV as candle objects (what `data import` stores). */
export function parseCandlesCsv(text: string | Uint8Array, source: string, opts: { skipBadRows?: boolean } = {}): CsvResult {
  const r = scanCandlesCsv(text, source, opts);
  const s = r.series;
  const candles: Candle[] = new Array(s.length);
  for (let i = 0; i < s.length; i++) candles[i] = { ts: s.ts[i], open: s.open[i], high: s.high[i], low: s.low[i], close: s.close[i], volume: s.volume[i] };
  return { candles, skipped: r.skipped, problems: r.problems };
}

/** The CSV as typed-array columns (what the backtest reads). */
export function scanCandlesCsv(input: string | Uint8Array, source: string, opts: { skipBadRows?: boolean } = {}): CsvSeriesResult {
  const b = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  const head = readCsvHeader(b, source);
  const scan = newRowScan(source, !!opts.skipBadRows, head.lineNo, Math.ceil((b.length - head.body) / 40));
  scanRows(b, head.body, b.length, head.cols, scan);
  return { series: scan.out.series(), skipped: scan.state.skipped, problems: scan.state.problems };
}

export interface CsvHeader {
  readonly cols: Columns;
  /** Byte offset of the first row after the header line. */
  readonly body: number;
  /** Line number of the header (blank lines may come before it). */
  readonly lineNo: number;
}

/** The header: the first non-blank line (after a UTF-8 BOM), mapped to column positions. */
export function readCsvHeader(b: Uint8Array, source: string): CsvHeader {
  const n = b.length;
  let p = b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0;
  let lineNo = 1;
  while (p < n) {
    const e = lineEnd(b, p);
    const line = latin(b, p, e);
    p = e + 1;
    if (line.trim() !== '') return { cols: columns(line, source, lineNo), body: p, lineNo };
    lineNo++;
  }
  throw new UsageError(`${source}: the file is empty — expected a header such as date,open,high,low,close,volume`);
}

/** What a scan carries from one part of a file to the next: the columns so far, line and time. */
export interface RowScan {
  readonly out: ColumnBuilder;
  readonly state: RowState;
  /** Line number of the last row read. */
  lineNo: number;
  /** Time of the last row kept (rows must ascend). */
  prevTs: number;
}

export function newRowScan(source: string, skipBadRows: boolean, lineNo: number, capacity: number): RowScan {
  return { out: new ColumnBuilder(Math.max(16, capacity)), state: { source, skipBadRows, skipped: 0, problems: [], prevTs: -Infinity }, lineNo, prevTs: -Infinity };
}

/**
 * Scans the rows of b[p, end) into `scan` (`end` just past a line feed, or the end of the file).
 * Rows the fast path declines go through the string path, which skips or explains them.
 */
export function scanRows(b: Uint8Array, p: number, end: number, cols: Columns, scan: RowScan): void {
  const n = end;
  const { out, state } = scan;
  let lineNo = scan.lineNo;
  let prevTs = scan.prevTs;
  // A quote anywhere in the part: every row through the string path (it honours quotes).
  const q = b.indexOf(0x22, p);
  const quoted = q >= 0 && q < n;
  const { date: cd, open: co, high: ch, low: cl, close: cc, volume: cv, count } = cols;
  // The row's cells land here, not in locals returned from the readers: a double returned by a
  // call is boxed on the heap (~100 bytes a row of garbage); a typed-array slot is not.
  const cell = new Float64Array(6);
  dayPos = -1;
  const slot = new Int32Array(count).fill(-1);
  slot[cd] = TS;
  slot[co] = OPEN;
  slot[ch] = HIGH;
  slot[cl] = LOW;
  slot[cc] = CLOSE;
  if (cv >= 0) slot[cv] = VOLUME;
  while (p < n) {
    lineNo++;
    const start = p;
    cell[TS] = NaN;
    cell[OPEN] = NaN;
    cell[HIGH] = NaN;
    cell[LOW] = NaN;
    cell[CLOSE] = NaN;
    cell[VOLUME] = cv < 0 ? 0 : NaN;
    let col = 0;
    let whole = false;
    // One pass over the row: each reader consumes its field and returns where it stopped (the
    // delimiter).
    if (!quoted) {
      for (;;) {
        const k = col < count ? slot[col] : -1;
        p = k === TS ? timeInto(b, p, n, cell) : k >= 0 ? numberInto(b, p, n, cell, k) : skipField(b, p, n);
        col++;
        if (p < n && b[p] === 13 && (p + 1 >= n || b[p + 1] === 10)) p++;
        if (p >= n || b[p] === 10) {
          whole = true;
          break;
        }
        if (b[p] !== 44) break;
        p++;
      }
    }
    const ts = cell[TS];
    const o = cell[OPEN];
    const h = cell[HIGH];
    const l = cell[LOW];
    const c = cell[CLOSE];
    const v = cell[VOLUME];
    if (
      whole &&
      col >= count &&
      ts === ts &&
      o > 0 &&
      h > 0 &&
      l > 0 &&
      c > 0 &&
      v >= 0 &&
      h >= o &&
      h >= c &&
      h >= l &&
      l <= o &&
      l <= c &&
      ts > prevTs
    ) {
      out.push(ts, o, h, l, c, v);
      prevTs = ts;
      p++;
      continue;
    }
    // Blank lines are skipped; anything else is decided (and explained) by the string path.
    const lf = b.indexOf(10, start);
    const lineStop = lf < 0 || lf >= n ? n : lf;
    p = lineStop + 1;
    const e = lineStop > start && b[lineStop - 1] === 13 ? lineStop - 1 : lineStop;
    let blank = true;
    for (let k = start; k < e && blank; k++) if (b[k] !== 32 && b[k] !== 9) blank = false;
    if (blank) continue;
    const line = Buffer.from(b.buffer, b.byteOffset + start, e - start).toString('utf8');
    state.prevTs = prevTs;
    const candle = slowRow(line, lineNo, cols, state);
    if (candle) {
      out.push(candle.ts, candle.open, candle.high, candle.low, candle.close, candle.volume);
      prevTs = candle.ts;
    }
  }
  scan.lineNo = lineNo;
  scan.prevTs = prevTs;
}

function lineEnd(b: Uint8Array, p: number): number {
  const e = b.indexOf(10, p);
  return e < 0 ? b.length : e;
}

function latin(b: Uint8Array, a: number, e: number): string {
  return Buffer.from(b.buffer, b.byteOffset + a, e - a).toString('utf8').replace(/\r$/, '');
}

function columns(headerLine: string, source: string, lineNo: number): Columns {
  const header = splitRow(headerLine).map((c) => c.trim().toLowerCase());
  const col = (name: string) => header.indexOf(name);
  const date = header.findIndex((c, i) => DATE_NAMES.has(c) && (c !== '' || i === 0));
  const idx = { open: col('open'), high: col('high'), low: col('low'), close: col('close'), volume: col('volume') };
  const missing = (['open', 'high', 'low', 'close'] as const).filter((k) => idx[k] < 0);
  if (date < 0 || missing.length) {
    const need = [...(date < 0 ? ['date (or timestamp)'] : []), ...missing];
    throw new UsageError(
      `${source} line ${lineNo}: header '${headerLine.trim()}' has no ${need.join(', ')} column — expected date,open,high,low,close,volume (names in any case, the date column may be unnamed)`,
    );
  }
  const count = Math.max(date, idx.open, idx.high, idx.low, idx.close, idx.volume) + 1;
  return { date, ...idx, count };
}

export interface RowState {
  readonly source: string;
  readonly skipBadRows: boolean;
  skipped: number;
  readonly problems: string[];
  prevTs: number;
}

const FIELDS = ['open', 'high', 'low', 'close', 'volume'] as const;

/** One row through strings: the candle, or undefined after reporting (or throwing) why not. */
function slowRow(line: string, lineNo: number, cols: Columns, st: RowState): Candle | undefined {
  const cells = splitRow(line);
  const bad = (why: string): undefined => {
    const msg = `${st.source} line ${lineNo}: ${why}`;
    if (!st.skipBadRows) throw new UsageError(`${msg} — fix the row or pass --skip-bad-rows to drop bad rows`);
    st.skipped++;
    if (st.problems.length < 5) st.problems.push(msg);
    return undefined;
  };
  const rawDate = (cells[cols.date] ?? '').trim();
  const ts = parseTime(rawDate);
  if (ts === undefined) return bad(`date '${rawDate}' is not an ISO date or epoch time`);
  const v: Record<string, number> = {};
  for (const f of FIELDS) {
    if (cols[f] < 0) {
      v[f] = 0;
      continue;
    }
    const raw = (cells[cols[f]] ?? '').trim();
    const x = Number(raw);
    if (raw === '' || !Number.isFinite(x)) return bad(`${f} '${raw}' is not a number`);
    v[f] = x;
  }
  const { open, high, low, close, volume } = v;
  if (open <= 0 || high <= 0 || low <= 0 || close <= 0) return bad(`prices must be > 0 (open ${open}, high ${high}, low ${low}, close ${close})`);
  if (high < Math.max(open, close, low) || low > Math.min(open, close)) return bad(`high ${high} / low ${low} do not contain open ${open} and close ${close}`);
  if (volume < 0) return bad(`volume ${volume} is negative`);
  if (ts <= st.prevTs) return bad(`time ${rawDate} is not after the previous row's (${new Date(st.prevTs).toISOString()}) — rows must be in ascending time order without duplicates`);
  return { ts, open, high, low, close, volume };
}

/** Cell slots of a row (see scanCandlesCsv). */
const TS = 0;
const OPEN = 1;
const HIGH = 2;
const LOW = 3;
const CLOSE = 4;
const VOLUME = 5;

function isDelim(x: number): boolean {
  return x === 44 || x === 10 || x === 13;
}

/** Skips the field at p; returns its delimiter's position (comma, CR or LF) or the end. */
function skipField(b: Uint8Array, p: number, n: number): number {
  while (p < n && b[p] !== 44 && b[p] !== 10 && b[p] !== 13) p++;
  return p;
}

/** The field at p as a number into cell[k] (NaN when the fast path declines it); returns its end. */
function numberInto(b: Uint8Array, p: number, n: number, cell: Float64Array, k: number): number {
  const a = p;
  let neg = false;
  if (b[p] === 45) (neg = true), p++;
  let m = 0;
  let x = b[p] - 48;
  const d0 = p;
  while (p < n && x >= 0 && x <= 9) {
    m = m * 10 + x;
    x = b[++p] - 48;
  }
  // Digits counted by position (leading zeros included: a number with more than 15 digit
  // characters is left to the exact reader even when fewer of them are significant).
  let digits = p - d0;
  let scale = 0;
  if (p < n && b[p] === 46) {
    x = b[++p] - 48;
    const f0 = p;
    while (p < n && x >= 0 && x <= 9) {
      m = m * 10 + x;
      x = b[++p] - 48;
    }
    scale = p - f0;
    digits += scale;
  }
  if (p >= n || isDelim(b[p])) {
    if (digits === 0 || digits > 15 || scale > 22) cell[k] = NaN;
    else {
      const r = scale === 0 ? m : m / POW10[scale];
      cell[k] = neg ? -r : r;
    }
    return p;
  }
  // An exponent or anything else: the general reader over the field.
  const e = skipField(b, a, n);
  cell[k] = parseNumberBytes(b, a, e);
  return e;
}

/** Start of the last `YYYY-MM-DD` read in the current buffer (-1: none) and its day in epoch ms. */
let dayPos = -1;
let dayMs = 0;

/** Whether the 10 bytes at p repeat the 10 at q. */
function sameDate(b: Uint8Array, p: number, q: number): boolean {
  for (let k = 0; k < 10; k++) if (b[p + k] !== b[q + k]) return false;
  return true;
}

/**
 * The field at p as epoch ms into cell[TS] (NaN when the fast path declines it); returns its end.
 * `YYYY-MM-DD(T| )HH:MM:SS[Z]` — minute bars' usual form — is read in one pass, and the day is
 * worked out only when the date differs from the previous row's (1,440 rows share one); the
 * same arithmetic as parseTimeBytes, which takes every other form.
 */
function timeInto(b: Uint8Array, p: number, n: number, cell: Float64Array): number {
  if (p + 19 <= n && b[p + 4] === 45 && b[p + 7] === 45 && (b[p + 10] === 84 || b[p + 10] === 32) && b[p + 13] === 58 && b[p + 16] === 58) {
    let day: number;
    if (dayPos >= 0 && sameDate(b, p, dayPos)) day = dayMs;
    else if ((day = parseTimeBytes(b, p, p + 10)) === day) (dayPos = p), (dayMs = day);
    const hh = two(b, p + 11);
    const mm = two(b, p + 14);
    const ss = two(b, p + 17);
    let q = p + 19;
    if (q < n && (b[q] === 90 || b[q] === 122)) q++;
    if (day === day && hh >= 0 && hh <= 24 && mm >= 0 && mm <= 59 && ss >= 0 && ss <= 59 && (q >= n || isDelim(b[q]))) {
      cell[TS] = day + hh * 3_600_000 + mm * 60_000 + ss * 1000;
      return q;
    }
  }
  const e = skipField(b, p, n);
  cell[TS] = parseTimeBytes(b, p, e);
  return e;
}

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

/**
 * A plain decimal (`-12.345`, `7`, `1e-3`) from bytes; NaN for anything else (the string path
 * then decides). Exact: the digits form an integer below 2^53 and one division by an exact power
 * of ten ≤ 10^22 rounds once, as Number() does (Clinger's fast path); longer mantissas fall back.
 */
export function parseNumberBytes(b: Uint8Array, a: number, e: number): number {
  if (a >= e) return NaN;
  let p = a;
  let neg = false;
  if (b[p] === 45) (neg = true), p++;
  else if (b[p] === 43) p++;
  let m = 0;
  let digits = 0;
  let scale = 0;
  const d0 = p;
  for (; p < e; p++) {
    const d = b[p] - 48;
    if (d < 0 || d > 9) break;
    m = m * 10 + d;
    if (m > 0) digits++;
  }
  let any = p > d0;
  if (p < e && b[p] === 46) {
    p++;
    const f0 = p;
    for (; p < e; p++) {
      const d = b[p] - 48;
      if (d < 0 || d > 9) break;
      m = m * 10 + d;
      if (m > 0) digits++;
      scale++;
    }
    any = any || p > f0;
  }
  if (!any) return NaN;
  if (p < e && (b[p] === 101 || b[p] === 69)) {
    p++;
    let eneg = false;
    if (b[p] === 45) (eneg = true), p++;
    else if (b[p] === 43) p++;
    const x0 = p;
    let x = 0;
    for (; p < e; p++) {
      const d = b[p] - 48;
      if (d < 0 || d > 9) return NaN;
      x = x * 10 + d;
    }
    if (p === x0 || x > 400) return NaN;
    scale += eneg ? x : -x;
  }
  if (p !== e || digits > 15) return digits > 15 && p === e ? Number(Buffer.from(b.buffer, b.byteOffset + a, e - a).toString('latin1')) : NaN;
  let r: number;
  if (scale === 0) r = m;
  else if (scale > 0 && scale <= 22) r = m / POW10[scale];
  else if (scale < 0 && scale >= -22) r = m * POW10[-scale];
  else return Number(Buffer.from(b.buffer, b.byteOffset + a, e - a).toString('latin1'));
  return neg ? -r : r;
}

const dig = (b: Uint8Array, p: number) => b[p] - 48;
const two = (b: Uint8Array, p: number) => {
  const x = dig(b, p);
  const y = dig(b, p + 1);
  return x >= 0 && x <= 9 && y >= 0 && y <= 9 ? x * 10 + y : -1;
};

/**
 * Epoch digits (seconds below 10^11, else milliseconds) or an ISO date / datetime without offset
 * (or with Z), from bytes; NaN for any other form (the string path's parseTime decides).
 * Day arithmetic is days-from-civil, so out-of-month days roll over as Date.parse does.
 */
export function parseTimeBytes(b: Uint8Array, a: number, e: number): number {
  const len = e - a;
  if (len <= 0) return NaN;
  if (len >= 10 && b[a + 4] === 45 && b[a + 7] === 45) {
    const y = two(b, a) * 100 + two(b, a + 2);
    const mo = two(b, a + 5);
    const d = two(b, a + 8);
    if (y < 0 || two(b, a) < 0 || two(b, a + 2) < 0 || mo < 1 || mo > 12 || d < 1 || d > 31) return NaN;
    let ms = daysFromCivil(y, mo, d) * 86_400_000;
    if (len === 10) return ms;
    const sep = b[a + 10];
    if ((sep !== 84 && sep !== 32) || len < 16 || b[a + 13] !== 58) return NaN;
    const hh = two(b, a + 11);
    const mm = two(b, a + 14);
    if (hh < 0 || hh > 24 || mm < 0 || mm > 59) return NaN;
    ms += hh * 3_600_000 + mm * 60_000;
    let p = a + 16;
    if (p < e && b[p] === 58) {
      const ss = two(b, p + 1);
      if (ss < 0 || ss > 59) return NaN;
      ms += ss * 1000;
      p += 3;
      if (p < e && b[p] === 46) {
        p++;
        let frac = 0;
        let k = 0;
        for (; p < e; p++, k++) {
          const x = dig(b, p);
          if (x < 0 || x > 9) break;
          if (k < 3) frac = frac * 10 + x;
        }
        if (k === 0) return NaN;
        for (; k < 3; k++) frac *= 10;
        ms += frac;
      }
    }
    if (p < e && (b[p] === 90 || b[p] === 122)) p++;
    return p === e ? ms : NaN;
  }
  let x = 0;
  for (let p = a; p < e; p++) {
    const d = b[p] - 48;
    if (d < 0 || d > 9) return NaN;
    x = x * 10 + d;
  }
  if (len > 16) return NaN;
  return x < 1e11 ? x * 1000 : x;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** ISO date/datetime (UTC when no offset) or epoch seconds / milliseconds. */
export function parseTime(raw: string): number | undefined {
  if (raw === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(raw)) {
    const x = Number(raw);
    // Epoch seconds until the year 5138; milliseconds above that.
    return x < 1e11 ? Math.round(x * 1000) : Math.round(x);
  }
  if (!/^\d{4}-\d{2}-\d{2}/.test(raw)) return undefined;
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(raw) ? raw + 'T00:00:00Z' : /[zZ]|[+-]\d{2}:?\d{2}$/.test(raw) ? raw.replace(' ', 'T') : raw.replace(' ', 'T') + 'Z';
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? ms : undefined;
}

/** Splits one CSV row, honouring double quotes (a quoted cell may contain commas). */
function splitRow(line: string): string[] {
  if (!line.includes('"')) return line.split(',');
  const out: string[] = [];
  let cur = '';
  let q = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (q) {
      if (ch === '"' && line[i + 1] === '"') (cur += '"'), i++;
      else if (ch === '"') q = false;
      else cur += ch;
    } else if (ch === '"') q = true;
    else if (ch === ',') out.push(cur), (cur = '');
    else cur += ch;
  }
  out.push(cur);
  return out;
}
