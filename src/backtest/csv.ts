/**
 * OHLCV CSV reader for `data import` and `backtest --data`: a header row naming
 * date|timestamp|time|datetime (or an unnamed first column), open, high, low, close and optional
 * volume, in any order and any letter case. Dates are ISO dates/datetimes (UTC unless an offset is
 * given) or epoch seconds/milliseconds. Each bad row is reported with its line number.
 */
import { UsageError } from '../core/errors.js';
import type { Candle } from '../store/types.js';

export interface CsvResult {
  readonly candles: Candle[];
  /** Rows dropped under skipBadRows, with the first few reasons. */
  readonly skipped: number;
  readonly problems: string[];
}

const DATE_NAMES = new Set(['date', 'timestamp', 'time', 'datetime', 'ts', '']);
const FIELDS = ['open', 'high', 'low', 'close', 'volume'] as const;

export function parseCandlesCsv(text: string, source: string, opts: { skipBadRows?: boolean } = {}): CsvResult {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  let h = 0;
  while (h < lines.length && lines[h].trim() === '') h++;
  if (h >= lines.length) throw new UsageError(`${source}: the file is empty — expected a header such as date,open,high,low,close,volume`);
  const header = splitRow(lines[h]).map((c) => c.trim().toLowerCase());
  const col = (name: string) => header.indexOf(name);
  const dateCol = header.findIndex((c, i) => DATE_NAMES.has(c) && (c !== '' || i === 0));
  const idx = { open: col('open'), high: col('high'), low: col('low'), close: col('close'), volume: col('volume') };
  const missing = (['open', 'high', 'low', 'close'] as const).filter((k) => idx[k] < 0);
  if (dateCol < 0 || missing.length) {
    const need = [...(dateCol < 0 ? ['date (or timestamp)'] : []), ...missing];
    throw new UsageError(
      `${source} line ${h + 1}: header '${lines[h].trim()}' has no ${need.join(', ')} column — expected date,open,high,low,close,volume (names in any case, the date column may be unnamed)`,
    );
  }
  const candles: Candle[] = [];
  const problems: string[] = [];
  let skipped = 0;
  let prevTs = -Infinity;
  for (let li = h + 1; li < lines.length; li++) {
    const line = lines[li];
    if (line.trim() === '') continue;
    const cells = splitRow(line);
    const bad = (why: string): void => {
      const msg = `${source} line ${li + 1}: ${why}`;
      if (!opts.skipBadRows) throw new UsageError(`${msg} — fix the row or pass --skip-bad-rows to drop bad rows`);
      skipped++;
      if (problems.length < 5) problems.push(msg);
    };
    const rawDate = (cells[dateCol] ?? '').trim();
    const ts = parseTime(rawDate);
    if (ts === undefined) {
      bad(`date '${rawDate}' is not an ISO date or epoch time`);
      continue;
    }
    const v: Record<string, number> = {};
    let ok = true;
    for (const f of FIELDS) {
      if (idx[f] < 0) {
        v[f] = 0;
        continue;
      }
      const raw = (cells[idx[f]] ?? '').trim();
      const x = Number(raw);
      if (raw === '' || !Number.isFinite(x)) {
        bad(`${f} '${raw}' is not a number`);
        ok = false;
        break;
      }
      v[f] = x;
    }
    if (!ok) continue;
    const { open, high, low, close, volume } = v;
    if (open <= 0 || high <= 0 || low <= 0 || close <= 0) bad(`prices must be > 0 (open ${open}, high ${high}, low ${low}, close ${close})`);
    else if (high < Math.max(open, close, low) || low > Math.min(open, close)) bad(`high ${high} / low ${low} do not contain open ${open} and close ${close}`);
    else if (volume < 0) bad(`volume ${volume} is negative`);
    else if (ts <= prevTs) bad(`time ${rawDate} is not after the previous row's (${new Date(prevTs).toISOString()}) — rows must be in ascending time order without duplicates`);
    else {
      candles.push({ ts, open, high, low, close, volume });
      prevTs = ts;
    }
  }
  return { candles, skipped, problems };
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
